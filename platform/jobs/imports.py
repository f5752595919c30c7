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

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.exchange import service as imports
from clea_platform.exchange.models import ImportBatch, ImportKind, ImportStatus
from clea_platform.jobs.import_steps import CONFIRM, IMPORT_TASK, VALIDATE, run_step
from clea_platform.jobs.queue import _RUNNING, _defer_in_transaction, after_commit
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor

logger = logging.getLogger(__name__)


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
