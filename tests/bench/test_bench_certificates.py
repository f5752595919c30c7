"""Benchmarks of certificates: the PDF (naive and optimised, side by side), the public
verification endpoint, and issuing a jury session's 500 certificates.

Targets (issue #6): PDF p50 ≤ 25 ms; ``/verify/<code>`` p50 ≤ 5 ms in-process; 500
certificates issued, signed and stored in ≤ 20 s. Figures only: nothing is asserted on time.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.certificates import pdf, service, signing
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.dossiers.models import Dossier
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.web.certificates import VERIFY_LIMITER
from tests.bench.conftest import AsgiDriver
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL
from tests.certificates.seeding import seed_certified_dossiers

ADMIN = Actor(label="Certif'Pro (bench)", platform_roles=frozenset({"certifpro_admin"}))
SESSION_SIZE = 500


def sample_certificate(registry: CertificationRegistry) -> Certificate:
    """A certificate as issued (not stored: the PDF is rendered from the row alone)."""
    return Certificate(
        organisation_id=uuid.uuid4(),
        id=uuid.uuid4(),
        dossier_id=uuid.uuid4(),
        candidate_id=uuid.uuid4(),
        certification_code="CLEA",
        year=2026,
        sequence=123,
        number="CLEA-2026-000123",
        verification_code="7K3M9QRTVW",
        holder_name="Léa Dupont-Moreau",
        certification_title=registry.get("CLEA").title,
        referentiel_version_id=uuid.uuid4(),
        referentiel_version_label="2024-provisoire",
        decided_on=dt.date(2026, 3, 12),
        jury_session_id=uuid.uuid4(),
        jury_session_label="Jury de mars 2026 — Paris",
        organisation_name="Greta démo Paris Centre",
        issued_at=dt.datetime(2026, 3, 13, 9, 30, tzinfo=dt.UTC),
        token="eyJhbGciOiJFZDI1NTE5In0.e30.c2lnbmF0dXJl",
        kid="clea-20260101-bench",
    )


@pytest.mark.benchmark(group="certificate-pdf")
def test_bench_certificate_pdf_naive(
    benchmark: Any, settings: Settings, registry: CertificationRegistry
) -> None:
    signing.configure(settings)
    certificate = sample_certificate(registry)
    content = benchmark.pedantic(
        pdf.render_naive, args=(registry, certificate), rounds=15, iterations=1, warmup_rounds=1
    )
    assert content.startswith(b"%PDF")


@pytest.mark.benchmark(group="certificate-pdf")
def test_bench_certificate_pdf_optimised(
    benchmark: Any, settings: Settings, registry: CertificationRegistry
) -> None:
    signing.configure(settings)
    certificate = sample_certificate(registry)
    content = benchmark.pedantic(
        pdf.render, args=(registry, certificate), rounds=40, iterations=1, warmup_rounds=2
    )
    assert content.startswith(b"%PDF")
    assert len(content) <= 100 * 1024


async def _issued(sessions: async_sessionmaker[AsyncSession], registry: Any, count: int) -> Any:
    """``count`` certified dossiers of a new organisation (committed)."""
    with acting_as(ADMIN):
        async with sessions() as session, cross_tenant_reads(session, "tests"):
            dossiers = await seed_certified_dossiers(session, registry, count)
            await signing.active_key(session)
            await session.commit()
    return dossiers


@pytest.fixture(scope="module")
def verify_asgi(settings: Settings, registry: CertificationRegistry) -> Iterator[AsgiDriver]:
    driver = AsgiDriver(dataclasses.replace(settings), registry)
    try:
        yield driver
    finally:
        driver.close()


@pytest.mark.benchmark(group="verify")
def test_bench_verify_endpoint(
    benchmark: Any, verify_asgi: AsgiDriver, registry: CertificationRegistry
) -> None:
    sessions = verify_asgi.app.state.sessions
    loop = verify_asgi.loop

    async def one_certificate() -> Certificate:
        (dossier,) = await _issued(sessions, registry, 1)
        with acting_as(ADMIN):
            async with sessions() as session, cross_tenant_reads(session, "tests"):
                certificate = await service.issue_certificate(
                    session,
                    ADMIN,
                    registry,
                    dossier=dossier,
                    decided_on=DECIDED_ON,
                    jury_session_id=None,
                    jury_session_label=SESSION_LABEL,
                )
                await session.commit()
        return certificate

    certificate = loop.run_until_complete(one_certificate())
    path = f"/verify/{format_code(certificate.verification_code)}"
    limit = VERIFY_LIMITER.limit
    VERIFY_LIMITER.limit = 1_000_000  # the limiter still runs; it just never refuses here

    def verify() -> int:
        response = loop.run_until_complete(
            verify_asgi.client.get(path, headers={"Accept": "application/json"})
        )
        return response.status_code

    try:
        status = benchmark.pedantic(verify, rounds=300, iterations=1, warmup_rounds=10)
    finally:
        VERIFY_LIMITER.limit = limit
    assert status == 200


@pytest.mark.benchmark(group="issuance")
def test_bench_issue_a_session_of_500_certificates(
    benchmark: Any, settings: Settings, registry: CertificationRegistry
) -> None:
    signing.configure(settings)
    loop = asyncio.new_event_loop()
    engine = create_engine_for(settings)
    sessions = session_factory(engine)

    def setup() -> tuple[tuple[list[Dossier]], dict[str, Any]]:
        return (loop.run_until_complete(_issued(sessions, registry, SESSION_SIZE)),), {}

    async def issue_all(dossiers: list[Dossier]) -> service.BatchResult:
        requests = [service.IssueRequest(d, DECIDED_ON, None, SESSION_LABEL) for d in dossiers]
        with acting_as(ADMIN):
            async with sessions() as session, cross_tenant_reads(session, "tests"):
                result = await service.issue_many(session, ADMIN, registry, requests)
                await session.commit()
        return result

    try:
        result = benchmark.pedantic(
            lambda dossiers: loop.run_until_complete(issue_all(dossiers)),
            setup=setup,
            rounds=3,
            iterations=1,
        )
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
    assert result.failed == []
    assert len(result.issued) == SESSION_SIZE
