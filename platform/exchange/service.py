"""Validate-then-confirm, shared by every import.

1. **Upload** (:func:`upload`): the file is stored on an :class:`ImportBatch` and checked
   row by row; the report (row, column, French reason) is stored with it. A small file
   is checked within the request; a large one (over :data:`INLINE_MAX_BYTES`) by a
   background job (:mod:`clea_platform.jobs.imports`), whose progress is ``rows_done``.
2. **Confirm** (:func:`confirm`): only a file whose report is clean. Every row is checked
   again against the database of that moment and created with the domain's services, in
   one transaction: one refused row and nothing is created. One audit event
   (``exchange.import_confirm``) names the import; :func:`list_batches` lists them.

Who may import: the organisation's advisers and administrators (they open dossiers).
Every read and change goes through the tenant filter: another organisation's import is
"not found".
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.exchange.candidates_file import CANDIDATES
from clea_platform.exchange.certifier import CERTIFIER
from clea_platform.exchange.errors import ExchangeError, ExchangeErrorCode, import_not_found
from clea_platform.exchange.formats import ImportFormat, Problem, RowRefusedError
from clea_platform.exchange.models import (
    FILENAME_MAX_LENGTH,
    MAX_STORED_PROBLEMS,
    REASON_MAX_LENGTH,
    ImportBatch,
    ImportKind,
    ImportProblem,
    ImportStatus,
)
from clea_platform.exchange.reading import MAX_UPLOAD_BYTES, Cell, FileRefusedError, open_table
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import ADVISERS

FORMATS: dict[ImportKind, ImportFormat] = {
    ImportKind.CANDIDATES: CANDIDATES,
    ImportKind.CERTIFIER: CERTIFIER,
}
#: Larger files are validated and confirmed by a background job.
INLINE_MAX_BYTES = 256 * 1024
PROGRESS_EVERY = 1000
#: Rows flushed and released from the session's identity map together, at confirmation.
CONFIRM_BATCH = 500
LIST_LIMIT = 50

Progress = Callable[[int], Awaitable[None]]

# Rows done by a job of this process, for the progress bar (a job on PostgreSQL also
# writes ``rows_done``; SQLite's single writer is busy with the confirmation).
_PROGRESS: dict[uuid.UUID, int] = {}


def format_of(kind: ImportKind) -> ImportFormat:
    try:
        return FORMATS[kind]
    except KeyError:
        raise ExchangeError(
            ExchangeErrorCode.INVALID_INPUT, "Ce type d'import n'est pas encore disponible."
        ) from None


@dataclass(slots=True)
class Outcome:
    """What reading a file through found: its rows, and its problems (the first ones kept)."""

    rows: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)

    def add(self, problems: list[Problem]) -> None:
        self.problem_count += len(problems)
        room = MAX_STORED_PROBLEMS - len(self.problems)
        self.problems.extend(problems[: max(room, 0)])


def _cells(header_positions: dict[str, int], values: list[Cell]) -> dict[str, Cell]:
    return {name: values[index] for name, index in header_positions.items() if index < len(values)}


async def _each_row(
    fmt: ImportFormat,
    content: bytes,
    filename: str,
    context: object,
    outcome: Outcome,
    on_valid: Callable[[int, object], Awaitable[None]] | None = None,
    progress: Progress | None = None,
) -> None:
    """Check every row (``on_valid`` receives the valid ones while the file is clean)."""
    try:
        table = open_table(content, filename)
        positions, missing = fmt.header_problems(table.header)
        if missing:
            outcome.add(missing)
            return
        for row, values in table.rows:
            outcome.rows += 1
            parsed, problems = await fmt.check(row, _cells(positions, values), context)
            if problems:
                outcome.add(problems)
            elif on_valid is not None and outcome.problem_count == 0:
                await on_valid(row, parsed)
            if progress is not None and outcome.rows % PROGRESS_EVERY == 0:
                await progress(outcome.rows)
    except FileRefusedError as refused:
        outcome.add([Problem(1 if outcome.rows == 0 else outcome.rows + 1, "", refused.reason)])
    if outcome.rows == 0 and outcome.problem_count == 0:
        outcome.add([Problem(1, "", "Aucune ligne à importer sous la ligne d'en-têtes.")])


async def check_content(
    fmt: ImportFormat, content: bytes, filename: str, context: object
) -> Outcome:
    """Check every row of a file against a prepared context (the benchmark's entry)."""
    outcome = Outcome()
    await _each_row(fmt, content, filename, context, outcome)
    return outcome


# ------------------------------------------------------------------------- upload


def check_may_import(actor: Actor) -> None:
    """Raise unless ``actor`` may import (advisers and administrators of an organisation)."""
    ADVISERS.check(actor, writes=True)


def clean_filename(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:FILENAME_MAX_LENGTH] or "import"


async def upload(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
) -> ImportBatch:
    """Store an uploaded file and check it now (small) or mark it for a job (large)."""
    ADVISERS.check(actor, writes=True)
    assert actor.organisation_id is not None
    fmt = format_of(kind)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ExchangeError(
            ExchangeErrorCode.INVALID_FILE,
            f"Fichier trop volumineux : la limite est de {MAX_UPLOAD_BYTES // (1024 * 1024)} Mio.",
            field="file",
        )
    batch = ImportBatch(
        organisation_id=actor.organisation_id,
        kind=kind,
        filename=clean_filename(filename),
        status=ImportStatus.VALIDATING,
        content=content,
        size_bytes=len(content),
        in_background=len(content) > INLINE_MAX_BYTES,
        created_by_id=actor.user_id,
    )
    session.add(batch)
    await session.flush()
    audit.record(session, actor, "exchange.import_upload", [batch.id])
    if not batch.in_background:
        context = await fmt.prepare(session, actor, registry)
        outcome = Outcome()
        await _each_row(fmt, content, batch.filename, context, outcome)
        await store_report(session, batch, outcome)
    return batch


async def store_report(session: AsyncSession, batch: ImportBatch, outcome: Outcome) -> None:
    """Replace the batch's report with ``outcome``; clean → validated, else rejected."""
    await session.execute(delete(ImportProblem).where(ImportProblem.batch_id == batch.id))
    session.add_all(
        ImportProblem(
            organisation_id=batch.organisation_id,
            batch_id=batch.id,
            row_number=problem.row,
            column=problem.column[:100],
            reason=problem.reason[:REASON_MAX_LENGTH],
        )
        for problem in outcome.problems
    )
    batch.row_count = outcome.rows
    batch.rows_done = outcome.rows
    batch.problem_count = outcome.problem_count
    batch.status = ImportStatus.REJECTED if outcome.problem_count else ImportStatus.VALIDATED
    _PROGRESS.pop(batch.id, None)
    await session.flush()


async def validate_in_background(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    registry: CertificationRegistry,
    batch_id: uuid.UUID,
    progress: Progress,
) -> None:
    """The job's validation: rows checked with no transaction open, the report written
    in one short transaction at the end."""
    async with sessions() as session, session.begin():
        batch = await _batch(session, batch_id)
        if batch.status != ImportStatus.VALIDATING or batch.content is None:
            return
        fmt, content, filename = format_of(batch.kind), batch.content, batch.filename
        context = await fmt.prepare(session, actor, registry)
    outcome = Outcome()
    await _each_row(fmt, content, filename, context, outcome, progress=progress)
    async with sessions() as session, session.begin():
        await store_report(session, await _batch(session, batch_id), outcome)


# ------------------------------------------------------------------------ confirm


class ImportRefusedError(ExchangeError):
    """A row was refused at confirmation: nothing was created."""

    def __init__(self, outcome: Outcome) -> None:
        first = outcome.problems[0] if outcome.problems else Problem(1, "", "")
        where = f"ligne {first.row}" + (f", colonne « {first.column} »" if first.column else "")
        others = outcome.problem_count - 1
        more = f" (et {others} autre(s) problème(s), voir le rapport)" if others > 0 else ""
        super().__init__(
            ExchangeErrorCode.ROW_REFUSED,
            f"Import annulé, rien n'a été créé : {where} : {first.reason}{more}",
        )
        self.outcome = outcome


async def confirm(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, batch_id: uuid.UUID
) -> ImportBatch:
    """Confirm a validated import: created now (small), or handed to a job (large)."""
    ADVISERS.check(actor, writes=True)
    batch = await _batch(session, batch_id)
    if batch.status != ImportStatus.VALIDATED:
        raise ExchangeError(
            ExchangeErrorCode.INVALID_STATE,
            {
                ImportStatus.VALIDATING: "La vérification du fichier n'est pas terminée.",
                ImportStatus.REJECTED: "Le rapport signale des problèmes : corrigez le fichier "
                "et déposez-le à nouveau.",
                ImportStatus.CONFIRMING: "Cet import est déjà en cours de création.",
                ImportStatus.CONFIRMED: "Cet import a déjà été confirmé.",
                ImportStatus.FAILED: "Cet import a échoué : déposez à nouveau le fichier corrigé.",
            }[batch.status],
            field="id",
        )
    if batch.in_background:
        batch.status = ImportStatus.CONFIRMING
        batch.rows_done = 0
        await session.flush()
        return batch
    return await create_rows(session, actor, registry, batch)


async def create_rows(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    batch: ImportBatch,
    progress: Progress | None = None,
) -> ImportBatch:
    """Check every row again and create it, in the caller's transaction; raise
    :class:`ImportRefusedError` (the caller rolls back) at the first refused row's end.

    Returns the import as it now is (the one given may have left the session with the
    written rows)."""
    if batch.content is None:
        raise ExchangeError(ExchangeErrorCode.INVALID_STATE, "Le fichier n'est plus disponible.")
    fmt = format_of(batch.kind)
    context = await fmt.prepare(session, actor, registry)
    outcome = Outcome()
    created = 0
    batch_id, filename = batch.id, batch.filename

    async def create(row: int, parsed: object) -> None:
        nonlocal created
        try:
            await fmt.create(session, actor, registry, row, parsed, filename=filename)
        except RowRefusedError as refused:
            outcome.add(refused.problems)
            return
        created += 1
        if created % CONFIRM_BATCH == 0:
            # Written rows leave the identity map: memory stays flat over 50 000 rows.
            await session.flush()
            session.expunge_all()

    await _each_row(fmt, batch.content, filename, context, outcome, create, progress)
    if outcome.problem_count:
        raise ImportRefusedError(outcome)
    batch = await _batch(session, batch_id)
    batch.status = ImportStatus.CONFIRMED
    batch.created_count = created
    batch.rows_done = outcome.rows
    batch.confirmed_at = utcnow()
    batch.confirmed_by_id = actor.user_id
    batch.content = None
    _PROGRESS.pop(batch.id, None)
    audit.record(session, actor, "exchange.import_confirm", [batch.id])
    await session.flush()
    return batch


async def record_failure(
    session: AsyncSession, batch_id: uuid.UUID, refused: ImportRefusedError
) -> None:
    """A job's confirmation was refused: the batch says why; its report lists the rows."""
    batch = await _batch(session, batch_id)
    await store_report(session, batch, refused.outcome)
    batch.status = ImportStatus.FAILED
    batch.failure = refused.message[:REASON_MAX_LENGTH]


async def record_breakdown(session: AsyncSession, batch_id: uuid.UUID) -> None:
    """A job broke off unexpectedly: nothing was created; the import says so."""
    batch = await session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id))
    if batch is None or batch.status in (ImportStatus.CONFIRMED, ImportStatus.FAILED):
        return
    batch.status = ImportStatus.FAILED
    batch.failure = (
        "Le traitement s'est interrompu sur une erreur inattendue ; rien n'a été créé. "
        "Déposez à nouveau le fichier."
    )


# -------------------------------------------------------------------------- reads


def parse_batch_id(value: object) -> uuid.UUID:
    """An import's ID as sent by a client; a malformed one is simply not found."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise import_not_found() from None


async def _batch(session: AsyncSession, batch_id: uuid.UUID) -> ImportBatch:
    batch = await session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id))
    if batch is None:
        raise import_not_found()
    return batch


async def get_batch(session: AsyncSession, actor: Actor, batch_id: uuid.UUID) -> ImportBatch:
    """One import of the active organisation (another's is "not found")."""
    ADVISERS.check(actor)
    return await _batch(session, batch_id)


async def find_batch(
    session: AsyncSession, actor: Actor, batch_id: uuid.UUID
) -> ImportBatch | None:
    """One import of the active organisation, or None (missing and another's look the same)."""
    ADVISERS.check(actor)
    return await session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id))


async def discard(session: AsyncSession, actor: Actor, batch_id: uuid.UUID) -> ImportBatch:
    """Drop an import that will not be confirmed: its file and its report are deleted."""
    ADVISERS.check(actor, writes=True)
    batch = await _batch(session, batch_id)
    if batch.status in (ImportStatus.CONFIRMING, ImportStatus.CONFIRMED):
        raise ExchangeError(
            ExchangeErrorCode.INVALID_STATE,
            "Un import confirmé (ou en cours de création) ne peut pas être abandonné.",
            field="id",
        )
    if batch.status == ImportStatus.VALIDATING:
        raise ExchangeError(
            ExchangeErrorCode.INVALID_STATE,
            "La vérification du fichier est en cours : attendez la fin pour l'abandonner.",
            field="id",
        )
    await session.execute(delete(ImportProblem).where(ImportProblem.batch_id == batch.id))
    await session.delete(batch)
    await session.flush()
    audit.record(session, actor, "exchange.import_discard", [batch_id])
    return batch


def rows_done(batch: ImportBatch) -> int:
    """Progress: what the job wrote, or what this process's job has reached."""
    return max(batch.rows_done, _PROGRESS.get(batch.id, 0))


def note_progress(batch_id: uuid.UUID, rows: int) -> None:
    _PROGRESS[batch_id] = rows


async def list_batches(session: AsyncSession, actor: Actor) -> list[ImportBatch]:
    """The organisation's latest imports, the newest first."""
    ADVISERS.check(actor)
    rows = await session.scalars(
        select(ImportBatch)
        .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
        .limit(LIST_LIMIT)
    )
    return list(rows)


async def problems_of(
    session: AsyncSession, actor: Actor, batch_id: uuid.UUID, *, limit: int, offset: int = 0
) -> list[ImportProblem]:
    """A page of an import's report, in row order."""
    await get_batch(session, actor, batch_id)
    rows = await session.scalars(
        select(ImportProblem)
        .where(ImportProblem.batch_id == batch_id)
        .order_by(ImportProblem.row_number, ImportProblem.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows)


REPORT_HEADER = ("Ligne", "Colonne", "Motif")


async def report_csv(session: AsyncSession, actor: Actor, batch_id: uuid.UUID) -> str:
    """The report as CSV (``;``, UTF-8 with BOM so spreadsheets read the accents)."""
    batch = await get_batch(session, actor, batch_id)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(REPORT_HEADER)
    rows = await session.execute(
        select(ImportProblem.row_number, ImportProblem.column, ImportProblem.reason)
        .where(ImportProblem.batch_id == batch.id)
        .order_by(ImportProblem.row_number, ImportProblem.id)
    )
    for row_number, column, reason in rows:
        writer.writerow((row_number, column, reason))
    return out.getvalue()


def template_csv(kind: ImportKind) -> str:
    """The template: the headers in order and one example row (``;``, UTF-8 with BOM)."""
    fmt = format_of(kind)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=fmt.delimiter, lineterminator="\r\n")
    writer.writerow(fmt.headers())
    writer.writerow([column.example for column in fmt.columns])
    return out.getvalue()
