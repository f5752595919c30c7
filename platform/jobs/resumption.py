"""SQLite: what ``clea serve`` takes up at start-up of the jobs a stopped process left.

On SQLite the jobs run in the process (no job table): a process that stops mid-way leaves
them in their « pending » or « running » state. The next one starts them again —
issuance (:func:`clea_platform.jobs.queue.resume_in_process`), imports
(:func:`clea_platform.jobs.imports.resume_in_process`) and annual reports
(:func:`clea_platform.jobs.reports.resume_in_process`). On PostgreSQL the worker puts back
the stalled procrastinate jobs instead (:func:`clea_platform.jobs.queue.retry_stalled_jobs`).
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.jobs import imports, queue, reports
from clea_platform.plugins.registry import CertificationRegistry

logger = logging.getLogger(__name__)


async def resume_in_process(
    sessions: async_sessionmaker[AsyncSession], registry: CertificationRegistry
) -> dict[str, int]:
    """Start again every kind of job left unfinished; how many of each were taken up."""
    # Imports first: their resumption writes (audit, a confirmation marked failed) before
    # any taken-up job runs beside it.
    resumed = {
        "imports": await imports.resume_in_process(sessions, registry),
        "reports": await reports.resume_in_process(sessions, registry),
        "issuance": await queue.resume_in_process(sessions, registry),
    }
    if any(resumed.values()):
        logger.warning("Jobs left by a stopped process taken up again: %s", resumed)
    return resumed
