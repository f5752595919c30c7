"""Imports as background jobs: validating or confirming a large file off the request path.

The request stores the file (``exchange.service.upload``) or marks it « confirming »
(``exchange.service.confirm``), and the job is deferred in the same transaction
(PostgreSQL: procrastinate, on the caller's connection; SQLite: an asyncio task started
after the commit). The job acts for the person who asked, in their organisation.

- **Validation**: rows are checked with no transaction open; progress (``rows_done``)
  every 1 000 rows; the report written in one transaction at the end.
- **Confirmation**: one transaction for every row (all or nothing). A refused row rolls it
  back; a second transaction marks the import « failed » with the report.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from procrastinate import JobContext
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.exchange import service as imports
from clea_platform.exchange.models import ImportBatch, ImportKind, ImportStatus
from clea_platform.jobs.queue import _RUNNING, _defer_in_transaction, after_commit
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as

logger = logging.getLogger(__name__)

IMPORT_TASK = "run_import_step"
VALIDATE, CONFIRM = "validate", "confirm"


def import_actor(user_id: str | None, label: str, organisation_id: str, roles: list[str]) -> Actor:
    """Who the job acts for: the adviser who uploaded or confirmed, in their organisation."""
    return Actor(
        label=label or "système (import)",
        user_id=uuid.UUID(user_id) if user_id else None,
        organisation_id=uuid.UUID(organisation_id),
        roles=frozenset(roles),
    )


async def run_step(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    batch_id: uuid.UUID,
    step: str,
    *,
    write_progress: bool,
) -> None:
    """Run one step of an import (``validate`` or ``confirm``) as ``actor``."""

    async def progress(rows: int) -> None:
        imports.note_progress(batch_id, rows)
        if write_progress:
            async with sessions() as session, session.begin():
                await session.execute(
                    update(ImportBatch).where(ImportBatch.id == batch_id).values(rows_done=rows)
                )

    with acting_as(actor):
        if step == VALIDATE:
            await imports.validate_in_background(sessions, actor, registry, batch_id, progress)
            return
        try:
            async with sessions() as session, session.begin():
                batch = await imports.get_batch(session, actor, batch_id)
                if batch.status != ImportStatus.CONFIRMING:
                    return
                # Progress is written by other transactions only on PostgreSQL: SQLite's
                # single writer is this transaction until it commits.
                await imports.create_rows(session, actor, registry, batch, progress)
        except imports.ImportRefusedError as refused:
            async with sessions() as session, session.begin():
                await imports.record_failure(session, batch_id, refused)


async def defer_step(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    batch_id: uuid.UUID,
    step: str,
) -> None:
    """Have ``step`` run once the caller's transaction commits (never if it rolls back)."""
    assert actor.organisation_id is not None
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await _defer_in_transaction(
            session,
            IMPORT_TASK,
            lock=f"import:{batch_id}",
            batch_id=str(batch_id),
            step=step,
            user_id=str(actor.user_id) if actor.user_id else None,
            label=actor.label,
            organisation_id=str(actor.organisation_id),
            roles=sorted(actor.roles),
        )
        return

    def start() -> None:
        async def run() -> None:
            try:
                await run_step(sessions, registry, actor, batch_id, step, write_progress=False)
            except Exception:
                logger.exception("Import %s (%s) broke off", batch_id, step)

        task = asyncio.get_running_loop().create_task(run())
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)

    after_commit(session, start)


async def procrastinate_task(
    context: JobContext, /, batch_id: str, step: str, **actor: Any
) -> None:
    """The procrastinate task (PostgreSQL); ``additional_context`` brings the sessions."""
    await run_step(
        context.additional_context["sessions"],
        context.additional_context["registry"],
        import_actor(actor["user_id"], actor["label"], actor["organisation_id"], actor["roles"]),
        uuid.UUID(batch_id),
        step,
        write_progress=True,
    )


# --------------------------------------------------------------- what requests call


async def upload(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
) -> ImportBatch:
    """Store and check a file: within the request (small) or in a job (large)."""
    batch = await imports.upload(
        session, actor, registry, kind=kind, filename=filename, content=content
    )
    if batch.in_background:
        await defer_step(session, sessions, registry, actor, batch.id, VALIDATE)
    return batch


async def confirm(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    batch_id: uuid.UUID,
) -> ImportBatch:
    """Confirm a validated import: created within the request (small) or in a job (large)."""
    batch = await imports.confirm(session, actor, registry, batch_id)
    if batch.status == ImportStatus.CONFIRMING:
        await defer_step(session, sessions, registry, actor, batch.id, CONFIRM)
    return batch
