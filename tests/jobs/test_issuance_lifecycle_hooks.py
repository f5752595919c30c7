"""The background issuance tells plugins of each certificate it issued, once it has
committed (a procrastinate worker on PostgreSQL, the in-process job on SQLite), and never
of the one that failed and was rolled back alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.jobs import queue as jobs
from clea_platform.plugins import hookimpl
from clea_platform.plugins.registry import CertificationRegistry
from tests.jobs.conftest import CloseSession, Parties, Sessions, certificates_of
from tests.jobs.test_certificate_issuance_jobs import RunJobs, fail_for


class CertificateListener:
    """A plugin that writes down the certificates it hears of."""

    def __init__(self) -> None:
        self.heard: list[tuple[uuid.UUID, str]] = []

    @hookimpl
    def clea_certificate_issued(self, dossier_id: uuid.UUID, number: str) -> None:
        self.heard.append((dossier_id, number))


@pytest.fixture
def listener(registry: CertificationRegistry) -> Iterator[CertificateListener]:
    """Registered with the installed plugins for one test."""
    plugin = CertificateListener()
    registry.plugin_manager.register(plugin, name="clea_test_certificate_listener")
    try:
        yield plugin
    finally:
        registry.plugin_manager.unregister(plugin)


async def test_the_issuance_job_announces_each_certificate_but_not_the_one_that_failed(
    closed_session: CloseSession,
    run_jobs: RunJobs,
    sessions: Sessions,
    parties: Parties,
    registry: CertificationRegistry,
    listener: CertificateListener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a closed session of three certified dossiers, one of which cannot be signed now
    jury_session_id, dossier_ids = await closed_session(3, defer=False)
    broken = dossier_ids[1]
    fail_for(monkeypatch, broken, CertificateError(CertificateErrorCode.INVALID, "panne"))
    async with sessions.begin() as session:
        await jobs.defer_issuance(session, sessions, registry, parties.admin, jury_session_id)
    # when the job runs
    await run_jobs()
    # then the plugin heard of the two certificates issued, with their numbers
    issued = await certificates_of(sessions, parties.admin, jury_session_id)
    assert sorted(listener.heard) == sorted((c.dossier_id, c.number) for c in issued)
    assert len(listener.heard) == 2
    assert broken not in {dossier_id for dossier_id, _ in listener.heard}
