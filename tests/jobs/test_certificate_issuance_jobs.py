"""Closing a jury session issues its certificates in a background job.

On PostgreSQL the job goes through procrastinate (deferred in the closing transaction, run
by a worker); on SQLite it runs in the process once the closing has committed.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from clea_platform.certificates import service as certificates
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.core.config import Settings
from clea_platform.jobs import queue as jobs
from clea_platform.juries import issuance as jury_issuance
from clea_platform.juries.models import IssuanceStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import acting_as
from tests.cli.test_cli import clea
from tests.databases import engine_under_test
from tests.jobs.conftest import (
    CloseSession,
    Parties,
    Sessions,
    certificates_of,
    session_state,
)

RunJobs = Callable[[], Awaitable[None]]


def fail_for(monkeypatch: pytest.MonkeyPatch, dossier_id: uuid.UUID, error: Exception) -> None:
    """Issuing this dossier's certificate raises ``error``; the others go through."""
    issue = certificates._Issuer.issue

    async def failing(self: Any, dossier: Any, *args: Any) -> Any:
        if dossier.id == dossier_id:
            raise error
        return await issue(self, dossier, *args)

    monkeypatch.setattr(certificates._Issuer, "issue", failing)


async def test_closing_a_session_issues_its_certificates_in_a_background_job(
    closed_session: CloseSession, run_jobs: RunJobs, sessions: Sessions, parties: Parties
) -> None:
    # Given a session that certified three dossiers, closed (the job deferred with it)
    jury_session_id, dossier_ids = await closed_session(3)
    closed = await session_state(sessions, jury_session_id)
    assert closed.certificates_total == 3
    assert closed.issuance_status in (IssuanceStatus.PENDING, IssuanceStatus.RUNNING)

    # When the jobs run until the queue is empty
    await run_jobs()

    # Then every certified dossier has its certificate, and the session says so
    done = await session_state(sessions, jury_session_id)
    assert done.issuance_status == IssuanceStatus.DONE
    assert done.certificates_issued == 3
    assert done.issuance_failures == []
    assert done.issuance_error == ""
    assert done.issuance_runs == 1
    assert done.issuance_started_at is not None
    assert done.issuance_finished_at is not None
    issued = await certificates_of(sessions, parties.admin, jury_session_id)
    assert sorted(c.dossier_id for c in issued) == sorted(dossier_ids)
    assert {c.issued_by_id for c in issued} == {parties.admin.user_id}


async def test_a_failing_certificate_loses_none_of_the_others_and_a_retry_issues_it(
    closed_session: CloseSession,
    run_jobs: RunJobs,
    sessions: Sessions,
    parties: Parties,
    registry: CertificationRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a closed session of three dossiers, one of which cannot be signed now
    jury_session_id, dossier_ids = await closed_session(3, defer=False)
    broken = dossier_ids[1]
    fail_for(
        monkeypatch,
        broken,
        CertificateError(CertificateErrorCode.INVALID, "signature impossible"),
    )
    async with sessions.begin() as session:
        await jobs.defer_issuance(session, sessions, registry, parties.admin, jury_session_id)

    # When the job runs
    await run_jobs()

    # Then the two others are issued and kept; the failure is recorded on the session
    failed = await session_state(sessions, jury_session_id)
    assert failed.issuance_status == IssuanceStatus.FAILED
    assert failed.certificates_issued == 2
    assert failed.issuance_failures == [
        {"dossier_id": str(broken), "message": "signature impossible"}
    ]
    assert failed.issuance_error == f"{broken} : signature impossible"
    first = await certificates_of(sessions, parties.admin, jury_session_id)
    assert broken not in {c.dossier_id for c in first}

    # When the cause is gone and a Certif'Pro admin retries (as retryCertificateIssuance)
    monkeypatch.undo()
    with acting_as(parties.admin):
        async with sessions.begin() as session:
            pending = await jury_issuance.request_issuance(session, parties.admin, jury_session_id)
            assert pending.issuance_status == IssuanceStatus.PENDING
            assert pending.issuance_error == ""
            await jobs.defer_issuance(session, sessions, registry, parties.admin, jury_session_id)
    await run_jobs()

    # Then the missing certificate is issued, the two others unchanged, numbers without gap
    done = await session_state(sessions, jury_session_id)
    assert done.issuance_status == IssuanceStatus.DONE
    assert done.certificates_issued == 3
    assert done.issuance_failures == []
    assert done.issuance_runs == 2
    issued = await certificates_of(sessions, parties.admin, jury_session_id)
    assert sorted(c.dossier_id for c in issued) == sorted(dossier_ids)
    assert {c.id for c in first} <= {c.id for c in issued}
    numbers = sorted(c.sequence for c in issued)
    assert numbers == list(range(numbers[0], numbers[0] + 3))


async def test_an_unexpected_error_on_one_certificate_keeps_the_rest_of_its_batch(
    closed_session: CloseSession,
    run_jobs: RunJobs,
    sessions: Sessions,
    parties: Parties,
    registry: CertificationRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a closed session whose second certificate breaks with a programming error
    jury_session_id, dossier_ids = await closed_session(3, defer=False)
    broken = sorted(dossier_ids)[1]
    fail_for(monkeypatch, broken, RuntimeError("boom"))
    async with sessions.begin() as session:
        await jobs.defer_issuance(session, sessions, registry, parties.admin, jury_session_id)

    # When the job runs
    await run_jobs()

    # Then the batch is issued one by one: only the culprit is missing
    failed = await session_state(sessions, jury_session_id)
    assert failed.issuance_status == IssuanceStatus.FAILED
    assert failed.certificates_issued == 2
    assert failed.issuance_failures == [
        {"dossier_id": str(broken), "message": "erreur inattendue (RuntimeError)"}
    ]


async def test_a_retry_with_nothing_missing_changes_nothing(
    closed_session: CloseSession, run_jobs: RunJobs, sessions: Sessions, parties: Parties
) -> None:
    jury_session_id, _ = await closed_session(1)
    await run_jobs()

    with acting_as(parties.admin):
        async with sessions.begin() as session:
            again = await jury_issuance.request_issuance(session, parties.admin, jury_session_id)

    assert again.issuance_status == IssuanceStatus.DONE
    assert not jury_issuance.issuance_pending(again)


async def test_a_session_without_certified_dossiers_has_nothing_to_issue(
    closed_session: CloseSession, sessions: Sessions
) -> None:
    jury_session_id, _ = await closed_session(0)

    closed = await session_state(sessions, jury_session_id)
    assert closed.issuance_status == IssuanceStatus.DONE
    assert closed.certificates_total == 0


@pytest.mark.skipif(engine_under_test() != "postgresql", reason="procrastinate: PostgreSQL")
async def test_a_closing_that_rolls_back_leaves_no_job(
    closed_session: CloseSession,
    sessions: Sessions,
    parties: Parties,
    registry: CertificationRegistry,
    run_jobs: RunJobs,
) -> None:
    # Given a closed session whose certificates are issued
    jury_session_id, _ = await closed_session(1)
    await run_jobs()
    count = text("SELECT count(*) FROM procrastinate.procrastinate_jobs")
    async with sessions() as session:
        before = await session.scalar(count)

    # When a transaction defers its job, then rolls back
    async with sessions() as session:
        await jobs.defer_issuance(session, sessions, registry, parties.admin, jury_session_id)
        assert await session.scalar(count) == before + 1
        # procrastinate's schema was looked up for the deferral only
        assert "procrastinate" not in await session.scalar(text("SHOW search_path"))
        await session.rollback()

    # Then no job is left behind
    async with sessions() as session:
        assert await session.scalar(count) == before


@pytest.mark.skipif(engine_under_test() != "postgresql", reason="procrastinate: PostgreSQL")
async def test_the_worker_resumes_jobs_of_a_worker_that_died(
    closed_session: CloseSession, sessions: Sessions, settings: Settings, run_jobs: RunJobs
) -> None:
    # Given a job a worker took, then died without a heartbeat
    jury_session_id, _ = await closed_session(1)
    app = jobs.build_app(settings.database_url)
    async with app.open_async():
        worker_id = await app.job_manager.register_worker()
        (job,) = [
            j
            for j in await app.job_manager.list_jobs_async(queue=jobs.QUEUE, status="todo")
            if j.task_kwargs["jury_session_id"] == str(jury_session_id)
        ]
        await app.connector.execute_query_async(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %(w)s WHERE id = %(j)s",
            w=worker_id,
            j=job.id,
        )
        await app.connector.execute_query_async(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' "
            "WHERE id = %(w)s",
            w=worker_id,
        )

    # When a worker starts
    await run_jobs()

    # Then the job was put back in the queue and run
    done = await session_state(sessions, jury_session_id)
    assert done.issuance_status == IssuanceStatus.DONE
    assert done.certificates_issued == 1


def test_clea_worker_on_sqlite_says_that_jobs_run_in_clea_serve(tmp_path: Path) -> None:
    result = clea(
        "worker",
        env={
            "CLEA_DATA_DIR": str(tmp_path),
            "CLEA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'clea.sqlite3'}",
        },
    )

    assert result.returncode == 1
    assert "s'exécutent dans « clea serve »" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(engine_under_test() != "postgresql", reason="procrastinate: PostgreSQL")
async def test_clea_worker_runs_the_queued_issuance_in_a_process_of_its_own(
    closed_session: CloseSession, sessions: Sessions, settings: Settings
) -> None:
    # Given a closed session whose issuance is queued
    jury_session_id, _ = await closed_session(2)

    # When `clea worker --until-empty` runs, with the platform's settings
    result = await asyncio.to_thread(
        clea,
        "worker",
        "--until-empty",
        env={
            "CLEA_DATA_DIR": str(settings.data_dir),
            "CLEA_DATABASE_URL": settings.database_url,
            "CLEA_BASE_URL": settings.base_url,
            "CLEA_SECRET_KEY": settings.secret_key,
        },
    )

    # Then the certificates are issued
    assert result.returncode == 0, result.stderr
    done = await session_state(sessions, jury_session_id)
    assert done.issuance_status == IssuanceStatus.DONE
    assert done.certificates_issued == 2


async def test_an_issuance_left_pending_by_a_stopped_process_resumes_at_start_up(
    closed_session: CloseSession, sessions: Sessions, registry: CertificationRegistry
) -> None:
    # Given a session closed while no job could run (the process stopped right after)
    jury_session_id, _ = await closed_session(2, defer=False)
    assert (await session_state(sessions, jury_session_id)).issuance_status == (
        IssuanceStatus.PENDING
    )

    # When the application starts again (SQLite: jobs run in the process)
    assert await jobs.resume_in_process(sessions, registry) >= 1
    await jobs.drain()

    # Then the issuance ran, on behalf of the system
    done = await session_state(sessions, jury_session_id)
    assert done.issuance_status == IssuanceStatus.DONE
    assert done.certificates_issued == 2
