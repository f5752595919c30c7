"""Imports as background jobs: validating or confirming a large file off the request path.

The request stores the file (``exchange.service.upload``) or marks it « confirming »
(``exchange.service.confirm``), and the job is deferred in the same transaction
(PostgreSQL: procrastinate, on the caller's connection; SQLite: an asyncio task started
after the commit). The job acts for the person who asked, in their organisation.

- **Validation**: rows are checked with no transaction open; progress (``rows_done``)
  every 1 000 rows; the report written in one transaction at the end.
- **Confirmation**: one transaction for every row (all or nothing). A refused row rolls it
  back; a second transaction marks the import « failed » with the report.

SQLite: a process that stops mid-way leaves its imports « validating » or « confirming »;
the next one (:func:`resume_in_process`) validates them again from the start, acting for
whoever uploaded the file, and marks a confirmation « failed » (nothing was created: it
was one transaction; who confirmed is recorded only when it ends, so the job could not act
for them).
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.db.engine import begin_writing
from clea_platform.exchange import service as imports
from clea_platform.exchange.models import ImportBatch, ImportKind, ImportStatus
from clea_platform.identity.models import User
from clea_platform.identity.service import actor_for_user
from clea_platform.jobs.import_steps import CONFIRM, IMPORT_TASK, VALIDATE, run_step
from clea_platform.jobs.queue import _RUNNING, _defer_in_transaction, after_commit
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads

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
        start_in_process(sessions, registry, actor, batch_id, step)

    after_commit(session, start)


def start_in_process(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    batch_id: uuid.UUID,
    step: str,
) -> asyncio.Task[None]:
    """Run ``step`` in an asyncio task of this process (SQLite)."""

    async def run() -> None:
        try:
            await run_step(sessions, registry, actor, batch_id, step, write_progress=False)
        except Exception:
            logger.exception("Import %s (%s) broke off", batch_id, step)

    task = asyncio.get_running_loop().create_task(run())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return task


#: Finding, at start-up, the imports of every organisation a stopped process left unfinished.
RESUME_SCOPE = "system:import_resumption"
_RESUMING = Actor(label="système (reprise des imports)")


async def _uploader(
    session: AsyncSession, user_id: uuid.UUID | None, organisation_id: uuid.UUID
) -> Actor:
    """Whoever uploaded the file, with the roles they hold now in its organisation."""
    user = await session.get(User, user_id) if user_id is not None else None
    if user is None or user.disabled_at is not None:
        return Actor(label="système (import)", organisation_id=organisation_id)
    now = await actor_for_user(session, user, organisation_id)
    roles = now.roles if now.organisation_id == organisation_id else frozenset()
    return Actor(label=now.label, user_id=user.id, organisation_id=organisation_id, roles=roles)


async def resume_in_process(
    sessions: async_sessionmaker[AsyncSession], registry: CertificationRegistry
) -> int:
    """Take up the imports a previous process left unfinished (SQLite); returns how many."""
    validations: list[tuple[Actor, uuid.UUID]] = []
    confirmations: list[tuple[uuid.UUID, uuid.UUID]] = []
    async with sessions() as session, session.begin():
        # Reads, then writes its audit events: a writer from its start (SQLite).
        await begin_writing(session)
        async with cross_tenant_reads(session, RESUME_SCOPE):
            rows = (
                await session.execute(
                    select(
                        ImportBatch.id,
                        ImportBatch.organisation_id,
                        ImportBatch.created_by_id,
                        ImportBatch.status,
                    )
                    .where(
                        ImportBatch.in_background.is_(True),
                        ImportBatch.status.in_([ImportStatus.VALIDATING, ImportStatus.CONFIRMING]),
                    )
                    .order_by(ImportBatch.created_at)
                )
            ).all()
            for batch_id, organisation_id, _, status in rows:
                audit.record(
                    session,
                    _RESUMING,
                    "exchange.import_resume",
                    [batch_id, status.value],
                    organisation_id=organisation_id,
                )
            await session.flush()
        for batch_id, organisation_id, created_by_id, status in rows:
            if status == ImportStatus.VALIDATING:
                actor = await _uploader(session, created_by_id, organisation_id)
                validations.append((actor, batch_id))
            else:
                confirmations.append((batch_id, organisation_id))
    for batch_id, organisation_id in confirmations:
        with acting_as(Actor(label=_RESUMING.label, organisation_id=organisation_id)):
            async with sessions() as session, session.begin():
                await begin_writing(session)
                await imports.record_breakdown(session, batch_id)
    for actor, batch_id in validations:
        start_in_process(sessions, registry, actor, batch_id, VALIDATE)
    return len(rows)


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
