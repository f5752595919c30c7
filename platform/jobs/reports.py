"""The annual report as a background job (``statistics/report_jobs.py`` does the work).

Deferred in the transaction that records the job: PostgreSQL, a procrastinate job on the
caller's connection; SQLite, an asyncio task started after the commit. The job acts for
the person who asked, with their roles (their organisation, or Certif'Pro's scope).

SQLite: a process that stops mid-way leaves its reports « pending » or « running »; the
next one starts them again (:func:`resume_in_process`), acting for their requester with
the roles they hold then.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.identity.models import User
from clea_platform.identity.service import actor_for_user
from clea_platform.jobs.queue import _RUNNING, _defer_in_transaction, after_commit
from clea_platform.jobs.report_steps import REPORT_TASK, actor_arguments
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import report_jobs
from clea_platform.statistics.models import AnnualReportJob, ReportStatus
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
        start_in_process(sessions, registry, actor, job_id)

    after_commit(session, start)


def start_in_process(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    job_id: uuid.UUID,
) -> asyncio.Task[None]:
    """Render the report in an asyncio task of this process (SQLite)."""

    async def run() -> None:
        try:
            await report_jobs.run(sessions, registry, actor, job_id)
        except Exception:
            logger.exception("Annual report %s broke off", job_id)

    task = asyncio.get_running_loop().create_task(run())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return task


async def resume_in_process(
    sessions: async_sessionmaker[AsyncSession], registry: CertificationRegistry
) -> int:
    """Start again the reports a previous process left pending or running (SQLite).

    Each acts for its requester as they are now: their roles in the report's organisation
    (or Certif'Pro's), none if their account was disabled — the job then fails, saying so
    on the report, rather than act with rights they no longer hold.
    """
    resumed: list[tuple[Actor, uuid.UUID]] = []
    async with sessions() as session:
        unfinished = await session.scalars(
            select(AnnualReportJob)
            .where(AnnualReportJob.status.in_([ReportStatus.PENDING, ReportStatus.RUNNING]))
            .order_by(AnnualReportJob.created_at)
        )
        for job in list(unfinished):
            user = await session.get(User, job.requested_by_id)
            if user is None:
                continue
            actor = (
                Actor(label=f"{user.full_name} <{user.email}>", user_id=user.id)
                if user.disabled_at is not None
                else await actor_for_user(session, user, job.organisation_id)
            )
            resumed.append((actor, job.id))
    for actor, job_id in resumed:
        start_in_process(sessions, registry, actor, job_id)
    return len(resumed)
