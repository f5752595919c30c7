"""The annual report as a background job (``statistics/report_jobs.py`` does the work).

Deferred in the transaction that records the job: PostgreSQL, a procrastinate job on the
caller's connection; SQLite, an asyncio task started after the commit. The job acts for
the person who asked, with their roles (their organisation, or Certif'Pro's scope).
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.jobs.queue import _RUNNING, _defer_in_transaction, after_commit
from clea_platform.jobs.report_steps import REPORT_TASK, actor_arguments
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import report_jobs
from clea_platform.tenants.context import Actor

logger = logging.getLogger(__name__)


async def defer_report(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    job_id: uuid.UUID,
) -> None:
    """Have the report rendered once the caller's transaction commits (never if it rolls
    back)."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await _defer_in_transaction(
            session,
            REPORT_TASK,
            lock=f"annual_report:{job_id}",
            job_id=str(job_id),
            **actor_arguments(actor),
        )
        return

    def start() -> None:
        async def run() -> None:
            try:
                await report_jobs.run(sessions, registry, actor, job_id)
            except Exception:
                logger.exception("Annual report %s broke off", job_id)

        task = asyncio.get_running_loop().create_task(run())
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)

    after_commit(session, start)
