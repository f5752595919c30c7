"""The steps of an import job (validate, confirm), run by a worker or an in-process task.

Kept apart from :mod:`clea_platform.jobs.imports` (which defers them) so that the queue's
procrastinate App can register the task without an import cycle.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from procrastinate import JobContext
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.exchange import service as imports
from clea_platform.exchange.models import ImportBatch, ImportStatus
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
        try:
            await _run(sessions, registry, actor, batch_id, step, progress)
        except Exception:
            # Recorded on the import, so that its page does not wait for ever; the
            # queue's retry (PostgreSQL) finds it failed and leaves it.
            logger.exception("Import %s (%s) broke off", batch_id, step)
            async with sessions() as session, session.begin():
                await imports.record_breakdown(session, batch_id)
            raise


async def _run(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    batch_id: uuid.UUID,
    step: str,
    progress: imports.Progress,
) -> None:
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
