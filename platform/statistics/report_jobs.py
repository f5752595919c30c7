"""The annual report as a background job: asked for, followed, downloaded by its requester.

:func:`request` checks the request (French refusals, nothing stored) and records the job;
the caller defers it (``jobs/reports.py``). :func:`run` is the job: it reads the figures
as the requester (same scope, audit and masking as the screens), renders the PDF off the
event loop, and writes its progress in transactions of its own along the way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import report
from clea_platform.statistics.errors import StatisticsError, StatisticsErrorCode
from clea_platform.statistics.models import AnnualReportJob, ReportStatus
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.permissions import ORG_ADMIN_OR_PLATFORM

FIRST_YEAR = 2000


def check_request(registry: CertificationRegistry, code: str, year: int, today: dt.date) -> None:
    problems = []
    if code not in registry:
        problems.append(
            StatisticsError(
                StatisticsErrorCode.UNKNOWN_CERTIFICATION,
                "Certification inconnue : choisissez une certification de la plateforme.",
                field="certificationCode",
            )
        )
    if not FIRST_YEAR <= year <= today.year:
        problems.append(
            StatisticsError(
                StatisticsErrorCode.INVALID_PERIOD,
                f"Année invalide : de {FIRST_YEAR} à {today.year}.",
                field="year",
            )
        )
    if problems:
        raise InvalidFormError(list(problems))


async def request(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    code: str,
    year: int,
    *,
    today: dt.date,
) -> AnnualReportJob:
    """Record a report job for ``actor`` (who may read statistics); the caller defers it."""
    ORG_ADMIN_OR_PLATFORM.check(actor, writes=True)
    check_request(registry, code, year, today)
    assert actor.user_id is not None
    job = AnnualReportJob(
        requested_by_id=actor.user_id,
        organisation_id=None if actor.is_platform_admin else actor.organisation_id,
        certification_code=code,
        year=year,
    )
    session.add(job)
    await session.flush()
    audit.record(session, actor, "statistics.annual_report.request", [job.id, code, year])
    return job


async def get(session: AsyncSession, actor: Actor, job_id: uuid.UUID) -> AnnualReportJob | None:
    """The job if ``actor`` asked for it (anyone else: None, as if it did not exist)."""
    ORG_ADMIN_OR_PLATFORM.check(actor)
    if actor.user_id is None:
        return None
    return await session.scalar(
        select(AnnualReportJob).where(
            AnnualReportJob.id == job_id, AnnualReportJob.requested_by_id == actor.user_id
        )
    )


async def _note(
    sessions: async_sessionmaker[AsyncSession], job_id: uuid.UUID, **values: object
) -> None:
    async with sessions() as session, session.begin():
        await session.execute(
            update(AnnualReportJob).where(AnnualReportJob.id == job_id).values(**values)
        )


async def run(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    job_id: uuid.UUID,
) -> None:
    """The job: figures (as ``actor``), then the PDF; progress written as it goes."""
    async with sessions() as session:
        job = await session.get(AnnualReportJob, job_id)
        if job is None or job.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return
        code, year = job.certification_code, job.year
    await _note(
        sessions, job_id, status=ReportStatus.RUNNING, progress=10, step="Lecture des chiffres"
    )
    try:
        with acting_as(actor):
            async with sessions() as session, session.begin():
                context = await report.annual_report_context(
                    session, actor, registry, code, year, today=dt.date.today()
                )
        await _note(sessions, job_id, progress=50, step="Mise en page du PDF")
        content = await asyncio.to_thread(report.render_annual_report, context)
    except InvalidFormError as refused:
        await _note(
            sessions,
            job_id,
            status=ReportStatus.FAILED,
            step="Échec",
            failure=" ".join(error.message for error in refused.errors)[:1000],
            finished_at=utcnow(),
        )
        return
    except Exception:
        await _note(
            sessions,
            job_id,
            status=ReportStatus.FAILED,
            step="Échec",
            failure="La génération du rapport a échoué. Relancez-la ; si cela recommence, "
            "prévenez le support.",
            finished_at=utcnow(),
        )
        raise
    await _note(
        sessions,
        job_id,
        status=ReportStatus.DONE,
        progress=100,
        step="Terminé",
        content=content,
        finished_at=utcnow(),
    )
