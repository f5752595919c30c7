"""Benchmarks of certificates: the PDF (naive WeasyPrint, tuned WeasyPrint and the page
composed on the template's layout, side by side), the public verification endpoint, and
issuing a jury session's 500 certificates.

Targets (issue #6): PDF p50 ≤ 25 ms; ``/verify/<code>`` p50 ≤ 5 ms in-process; 500
certificates issued, signed and stored in ≤ 20 s. Figures only: nothing is asserted on time.
Each benchmark also records, in the JSON's ``extra_info``, the median CPU time of this
process per round and the load average (the machine is shared).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.certificates import pdf, service, signing
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.dossiers.models import Dossier
from clea_platform.juries.issuance import ISSUANCE_BATCH
from clea_platform.plugins.registry import CertificationRegistry, installed_registry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.web import certificates as web_certificates
from tests.bench.conftest import AsgiDriver
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL
from tests.certificates.seeding import sample_certificate, seed_certified_dossiers

ADMIN = Actor(label="Certif'Pro (bench)", platform_roles=frozenset({"certifpro_admin"}))
SESSION_SIZE = 500


def cpu_timed(function: Callable[..., Any], cpu: list[float]) -> Callable[..., Any]:
    """``function``, recording the CPU time of each call (the machine is shared: wall time
    under load says more about the neighbours than about the code)."""

    def run(*args: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args)
        finally:
            cpu.append(time.process_time() - start)

    return run


def record_cpu(benchmark: Any, cpu: list[float], rounds: int) -> None:
    """The median CPU time of the measured rounds, and the load average, in the JSON."""
    benchmark.extra_info["cpu_median_ms"] = round(statistics.median(cpu[-rounds:]) * 1000, 2)
    benchmark.extra_info["load_average"] = [round(load, 2) for load in os.getloadavg()]


def bench_pdf(benchmark: Any, render: Callable[..., bytes], rounds: int) -> bytes:
    registry = installed_registry()
    certificate = sample_certificate(registry)
    cpu: list[float] = []
    content: bytes = benchmark.pedantic(
        cpu_timed(render, cpu),
        args=(registry, certificate),
        rounds=rounds,
        iterations=1,
        warmup_rounds=2,
    )
    record_cpu(benchmark, cpu, rounds)
    assert content.startswith(b"%PDF")
    assert len(content) <= 100 * 1024
    return content


@pytest.mark.benchmark(group="certificate-pdf")
def test_bench_certificate_pdf_naive(benchmark: Any, settings: Settings) -> None:
    """WeasyPrint as any document of the platform uses it (new fonts set-up, SVG QR code)."""
    signing.configure(settings)
    bench_pdf(benchmark, pdf.render_naive, rounds=15)


@pytest.mark.benchmark(group="certificate-pdf")
def test_bench_certificate_pdf_weasyprint_tuned(benchmark: Any, settings: Settings) -> None:
    """WeasyPrint with its font set-up, stylesheet and small fonts kept (the fallback)."""
    signing.configure(settings)
    bench_pdf(benchmark, pdf.render_weasyprint, rounds=25)


@pytest.mark.benchmark(group="certificate-pdf")
def test_bench_certificate_pdf_optimised(benchmark: Any, settings: Settings) -> None:
    """What downloads use: the page composed on the template's layout (made once)."""
    signing.configure(settings)
    registry = installed_registry()
    assert pdf.render_composed(registry, sample_certificate(registry)) is not None
    bench_pdf(benchmark, pdf.render, rounds=200)


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
    limit = web_certificates.VERIFY_PER_CLIENT
    # The limiter still counts (in the database); it just never refuses here.
    web_certificates.VERIFY_PER_CLIENT = dataclasses.replace(limit, maximum=1_000_000)

    def verify() -> int:
        response = loop.run_until_complete(
            verify_asgi.client.get(path, headers={"Accept": "application/json"})
        )
        return response.status_code

    cpu: list[float] = []
    try:
        status = benchmark.pedantic(
            cpu_timed(verify, cpu), rounds=300, iterations=1, warmup_rounds=10
        )
    finally:
        web_certificates.VERIFY_PER_CLIENT = limit
    record_cpu(benchmark, cpu, 300)
    assert status == 200


def bench_issuance(
    benchmark: Any, settings: Settings, registry: CertificationRegistry, batch: int
) -> None:
    """Issue ``SESSION_SIZE`` certificates through ``issue_many``, one transaction per batch."""
    signing.configure(settings)
    loop = asyncio.new_event_loop()
    engine = create_engine_for(settings)
    sessions = session_factory(engine)

    def setup() -> tuple[tuple[list[Dossier]], dict[str, Any]]:
        return (loop.run_until_complete(_issued(sessions, registry, SESSION_SIZE)),), {}

    async def issue_all(dossiers: list[Dossier]) -> list[service.BatchResult]:
        results = []
        for start in range(0, len(dossiers), batch):
            requests = [
                service.IssueRequest(d, DECIDED_ON, None, SESSION_LABEL)
                for d in dossiers[start : start + batch]
            ]
            with acting_as(ADMIN):
                async with sessions() as session, cross_tenant_reads(session, "tests"):
                    results.append(await service.issue_many(session, ADMIN, registry, requests))
                    await session.commit()
        return results

    cpu: list[float] = []
    try:
        results = benchmark.pedantic(
            cpu_timed(lambda dossiers: loop.run_until_complete(issue_all(dossiers)), cpu),
            setup=setup,
            rounds=3,
            iterations=1,
        )
        record_cpu(benchmark, cpu, 3)  # this process only (not the PostgreSQL server)
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
    assert [failure for result in results for failure in result.failed] == []
    assert sum(len(result.issued) for result in results) == SESSION_SIZE


@pytest.mark.benchmark(group="issuance")
def test_bench_issue_a_session_of_500_certificates(
    benchmark: Any, settings: Settings, registry: CertificationRegistry
) -> None:
    """The 500 in one transaction."""
    bench_issuance(benchmark, settings, registry, batch=SESSION_SIZE)


@pytest.mark.benchmark(group="issuance")
def test_bench_issue_500_certificates_in_committed_batches(
    benchmark: Any, settings: Settings, registry: CertificationRegistry
) -> None:
    """As the background job issues a closed session: batches committed one by one."""
    bench_issuance(benchmark, settings, registry, batch=ISSUANCE_BATCH)
