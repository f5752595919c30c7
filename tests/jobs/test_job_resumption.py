"""SQLite runs the background jobs in the process: a process that stops mid-way leaves
them « pending » or « running », and the next one takes them up at start-up.

Each test sets the state a stopped process leaves (rows written as that process had
written them, no task running), then starts again as ``clea serve`` does — the
application's start-up on SQLite, the resumption itself on PostgreSQL (where the worker
puts back its stalled procrastinate jobs instead, and ``clea serve`` never resumes in the
process) — and follows the job to its end.
"""

from __future__ import annotations

import io
import uuid

import pypdf
from sqlalchemy import select

from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.exchange.models import ImportBatch, ImportKind, ImportStatus
from clea_platform.identity.models import User
from clea_platform.jobs import queue as jobs
from clea_platform.jobs import resumption
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics.models import AnnualReportJob, ReportStatus
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.web.app import create_app
from tests.exchange.conftest import csv_file, person
from tests.jobs.conftest import Parties, Sessions
from tests.statistics.seeding import new_organisation
from tests.statistics.test_follow_up_and_networks import admin_of


async def restart(settings: Settings, registry: CertificationRegistry, sessions: Sessions) -> None:
    """A new process starts, then its taken-up jobs run to their end."""
    if settings.is_sqlite:
        application = create_app(settings, registry)
        async with application.router.lifespan_context(application):
            await jobs.drain()
    else:
        await resumption.resume_in_process(sessions, registry)
        await jobs.drain()


async def requester(sessions: Sessions, *, disabled: bool = False) -> tuple[uuid.UUID, uuid.UUID]:
    """A new organisation and its administrator (disabled since, if asked); their ids."""
    async with sessions.begin() as session:
        organisation, _ = await new_organisation(session)
        email = await admin_of(session, organisation.id)
        user = await session.scalar(select(User).where(User.email == email))
        assert user is not None
        if disabled:
            user.disabled_at = utcnow()
        return organisation.id, user.id


async def left_running(
    sessions: Sessions, organisation_id: uuid.UUID, user_id: uuid.UUID
) -> uuid.UUID:
    """A 2008 report the stopped process had started: « running », reading the figures."""
    async with sessions.begin() as session:
        job = AnnualReportJob(
            requested_by_id=user_id,
            organisation_id=organisation_id,
            certification_code="CLEA",
            year=2008,
            status=ReportStatus.RUNNING,
            progress=10,
            step="Lecture des chiffres",
        )
        session.add(job)
        await session.flush()
        return job.id


async def report_state(sessions: Sessions, job_id: uuid.UUID) -> AnnualReportJob:
    async with sessions() as session:
        job = await session.get(AnnualReportJob, job_id)
        assert job is not None
        return job


async def test_a_report_left_running_by_a_stopped_process_is_taken_up_and_finishes(
    sessions: Sessions, settings: Settings, registry: CertificationRegistry
) -> None:
    # Given an administrator's 2008 report, « running » when the process stopped
    organisation_id, user_id = await requester(sessions)
    job_id = await left_running(sessions, organisation_id, user_id)

    # When the platform starts again
    await restart(settings, registry, sessions)

    # Then the report is done, with its PDF, for that year
    job = await report_state(sessions, job_id)
    assert (job.status, job.progress, job.step, job.failure) == (
        ReportStatus.DONE,
        100,
        "Terminé",
        "",
    )
    assert job.content is not None
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(job.content)).pages)
    assert "2008" in text


async def test_a_report_whose_requester_was_disabled_since_fails_instead_of_running(
    sessions: Sessions, settings: Settings, registry: CertificationRegistry
) -> None:
    # Given a report « running » when the process stopped, its requester disabled since
    organisation_id, user_id = await requester(sessions, disabled=True)
    job_id = await left_running(sessions, organisation_id, user_id)

    # When the platform starts again
    await restart(settings, registry, sessions)

    # Then it is not rendered with rights its requester no longer holds: it failed, and says so
    job = await report_state(sessions, job_id)
    assert job.status == ReportStatus.FAILED
    assert job.content is None
    assert "échoué" in job.failure


async def left_importing(
    sessions: Sessions, parties: Parties, status: ImportStatus, rows: int
) -> uuid.UUID:
    """A large file of ``rows`` valid candidates the Greta's adviser uploaded, left in
    ``status`` by the stopped process."""
    base = uuid.uuid4().int % 10_000_000
    content = csv_file([person(base + index) for index in range(rows)])
    assert parties.adviser.organisation_id is not None
    async with sessions.begin() as session, cross_tenant_reads(session, "tests"):
        batch = ImportBatch(
            organisation_id=parties.adviser.organisation_id,
            kind=ImportKind.CANDIDATES,
            filename="liste.csv",
            status=status,
            content=content,
            size_bytes=len(content),
            in_background=True,
            created_by_id=parties.adviser.user_id,
        )
        session.add(batch)
        await session.flush()
        return batch.id


async def batch_state(sessions: Sessions, batch_id: uuid.UUID) -> ImportBatch:
    async with sessions() as session, cross_tenant_reads(session, "tests"):
        batch = await session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id))
        assert batch is not None
        return batch


async def test_an_import_left_validating_is_validated_again_and_a_confirmation_is_failed(
    sessions: Sessions, parties: Parties, settings: Settings, registry: CertificationRegistry
) -> None:
    # Given two large files of the Greta's adviser the stopped process left: one being
    # checked (6 valid rows), one being confirmed (nothing created: one transaction)
    validating = await left_importing(sessions, parties, ImportStatus.VALIDATING, 6)
    confirming = await left_importing(sessions, parties, ImportStatus.CONFIRMING, 3)

    # When the platform starts again
    await restart(settings, registry, sessions)

    # Then the first is checked to the end: 6 rows, no problem, ready to confirm
    checked = await batch_state(sessions, validating)
    assert (checked.status, checked.row_count, checked.problem_count, checked.rows_done) == (
        ImportStatus.VALIDATED,
        6,
        0,
        6,
    )
    # And the confirmation is not run for its adviser by someone else: it failed, nothing
    # created, and says so
    broken = await batch_state(sessions, confirming)
    assert (broken.status, broken.created_count) == (ImportStatus.FAILED, 0)
    assert "rien n'a été créé" in broken.failure
