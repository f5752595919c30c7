"""Statistics tables as CSV or XLSX, written row by row (the routes stream them).

The tables are aggregated by the database, so their size is the number of categories,
never the number of dossiers; masked cells are written « masqué », never their value.
XLSX goes through openpyxl's write-only mode (each row is written to disk as it comes,
memory stays flat) into a temporary file the route streams in chunks, then deletes.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import openpyxl  # type: ignore[import-untyped]

from clea_platform.statistics.follow_up import FollowUpRow
from clea_platform.statistics.service import ActivityRow, Breakdown

MASKED = "masqué"
HEADER = ("dimension", "code", "categorie", "dossiers_ouverts", "certifies")
FOLLOW_UP_HEADER = (
    "certification",
    "vague_mois",
    "questionnaires_envoyes",
    "reponses",
    "taux_de_reponse",
    "en_emploi_meme_employeur",
    "en_emploi_nouvel_employeur",
    "en_formation",
    "en_recherche_d_emploi",
    "prochaine_certification_prevue",
    "pas_de_prochaine_certification",
)
ACTIVITY_HEADER = (
    "organisme",
    "mois",
    "certification",
    "evaluations_prealables",
    "certificats",
    "frais_dus_eur_ht",
    "candidatures_deposees",
    "candidatures_acceptees",
    "candidatures_refusees",
    "etablissements_habilites",
)
Cell = str | int | float | Decimal | None
CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Table:
    """One table as exported: a sheet title, a header and rows (``None``: masked)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def breakdown_table(breakdown: Breakdown) -> Table:
    rows: list[Sequence[Cell]] = [
        (breakdown.title, row.key or "", row.label, row.opened, row.certified)
        for row in breakdown.rows
    ]
    rows.append((breakdown.title, "", "Total", breakdown.total_opened, breakdown.total_certified))
    return Table(breakdown.title, HEADER, rows)


def follow_up_table(rows: Sequence[FollowUpRow]) -> Table:
    return Table(
        "Que sont-ils devenus",
        FOLLOW_UP_HEADER,
        [
            (
                row.certification_code,
                row.wave,
                row.sent,
                row.answered,
                row.response_rate,
                row.situations["employed_same"],
                row.situations["employed_new"],
                row.situations["training"],
                row.situations["job_seeking"],
                row.plans["planned"],
                row.plans["not_planned"],
            )
            for row in rows
        ],
    )


def activity_table(rows: Sequence[ActivityRow]) -> Table:
    """Activity and fees: nothing masked (organisations and sites, not people)."""
    return Table(
        "Activité et frais",
        ACTIVITY_HEADER,
        [
            (
                row.organisation_name,
                row.month,
                row.certification_code,
                row.initial_evaluations,
                row.certificates,
                Decimal(row.fees_cents) / 100,
                row.applications_submitted,
                row.applications_accepted,
                row.applications_refused,
                row.active_sites,
            )
            for row in rows
        ],
    )


def _text(value: Cell) -> str:
    if value is None:
        return MASKED
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, Decimal):  # euros
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def csv_lines(table: Table | Breakdown) -> Iterator[str]:
    """CSV for spreadsheets used in France: BOM, semicolons, CRLF; one line per yield."""
    if isinstance(table, Breakdown):
        table = breakdown_table(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def line(*values: str) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(*table.header)
    for row in table.rows:
        yield line(*(_text(value) for value in row))


def write_xlsx(table: Table) -> str:
    """The table as an XLSX file on disk (write-only mode); its path, to stream then delete.

    Masked cells hold the text « masqué »; figures stay numbers.
    """
    workbook = openpyxl.Workbook(write_only=True)
    # A sheet title is at most 31 characters, without : \\ / ? * [ ].
    title = "".join(c for c in table.title if c not in ":\\/?*[]")[:31] or "Statistiques"
    sheet = workbook.create_sheet(title)
    sheet.append(list(table.header))
    for row in table.rows:
        sheet.append([MASKED if value is None else value for value in row])
    handle, path = tempfile.mkstemp(prefix="clea-statistiques-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
    except BaseException:
        os.unlink(path)
        raise
    return path


def file_chunks(path: str) -> Iterator[bytes]:
    """The file in chunks of :data:`CHUNK` bytes; deleted once read (or abandoned)."""
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)
