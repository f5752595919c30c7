"""Benchmark of the certifier's export (issue #17): 100 000 certified candidates streamed
in the national platform's format.

Target: ≤ 10 s. Opt-in like every benchmark (``make bench``); ``CLEA_BENCH_EXPORT_ROWS``
sets the size (smoke it small: ``CLEA_BENCH_EXPORT_ROWS=300``). The rows are committed in a
database of this test's own (dropped afterwards) and analysed by the server's administrator,
as autovacuum would have done in a database in service: the planner then knows the tables'
sizes (uncommitted, never-analysed rows made PostgreSQL believe them empty and join by
nested scans). Reported in ``extra_info``: the rows and the peak of Python allocations
while streaming. Nothing is asserted on time or memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tracemalloc
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.base import new_id
from clea_platform.db.engine import create_engine_for
from clea_platform.db.migrate import upgrade
from clea_platform.demo.data import load_demo
from clea_platform.exchange import certifier
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.certificates.seeding import seed_certified_dossiers
from tests.databases import ThrowawayDatabase

ROWS = int(os.environ.get("CLEA_BENCH_EXPORT_ROWS", "100000"))


async def _admin(session: AsyncSession, registry: CertificationRegistry) -> Actor:
    """Certif'Pro's demo administrator (the export is audited under a real account)."""
    await load_demo(session, registry)
    async with cross_tenant_reads(session, "bench"):
        user_id = await session.scalar(select(User.id).where(User.email == "admin@certifpro.demo"))
    return Actor(label="bench", user_id=user_id, platform_roles=frozenset({"certifpro_admin"}))


async def _certify(session: AsyncSession, registry: CertificationRegistry, count: int) -> None:
    dossiers = await seed_certified_dossiers(session, registry, count)
    rows = [
        {
            "organisation_id": dossier.organisation_id,
            "id": new_id(),
            "dossier_id": dossier.id,
            "candidate_id": dossier.candidate_id,
            "certification_code": dossier.certification_code,
            "year": 2099,
            "sequence": number,
            "number": f"BENCH-2099-{number:06d}-{dossier.id.hex[:8]}",
            "verification_code": dossier.id.hex[-10:].upper(),
            "holder_name": "Bench",
            "certification_title": "CléA",
            "referentiel_version_id": dossier.referentiel_version_id,
            "referentiel_version_label": "bench",
            "decided_on": dt.date(2026, 3, 12),
            "jury_session_label": "Jury de banc d'essai",
            "organisation_name": "Organisme des certificats",
            "token": "x",
            "kid": "bench",
        }
        for number, dossier in enumerate(dossiers, start=1)
    ]
    async with cross_tenant_reads(session, "bench"):
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Certificate), rows[start : start + 5000])


def _analyse(database: ThrowawayDatabase) -> None:
    """The planner's statistics, as a database in service has them (autovacuum): on
    PostgreSQL only the owner or a superuser may analyse the tables, not the runtime role."""
    if not database.admin_url.startswith("postgresql"):
        engine = create_engine(database.admin_url.replace("+aiosqlite", ""))
    else:
        engine = create_engine(database.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()


async def _export(session: AsyncSession, admin: Actor, registry: CertificationRegistry) -> int:
    count = 0
    async for _ in certifier.export_rows(session, admin, registry):
        count += 1
    return count - 1  # the header


@pytest.mark.benchmark(group="exchange")
def test_bench_exporting_certified_candidates_in_the_certifier_format(
    benchmark: Any,
    fresh_database: ThrowawayDatabase,
    fresh_settings: Settings,
    registry: CertificationRegistry,
) -> None:
    upgrade(fresh_settings)
    loop = asyncio.new_event_loop()
    engine = create_engine_for(fresh_settings)

    async def prepare() -> Actor:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            admin = await _admin(session, registry)
            with acting_as(admin):
                await _certify(session, registry, ROWS)
            await session.commit()
        return admin

    admin = loop.run_until_complete(prepare())
    _analyse(fresh_database)
    # As in a request, the session holds none of the rows it exports.
    session = AsyncSession(engine, expire_on_commit=False)
    try:
        with acting_as(admin):
            exported = benchmark.pedantic(
                lambda: loop.run_until_complete(_export(session, admin, registry)),
                rounds=1,
                iterations=1,
            )
            tracemalloc.start()
            loop.run_until_complete(_export(session, admin, registry))
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        loop.run_until_complete(session.close())
        loop.run_until_complete(engine.dispose())
        loop.close()

    benchmark.extra_info["rows"] = exported
    benchmark.extra_info["python_peak_mib_while_streaming"] = round(peak / 2**20, 2)
    assert exported >= ROWS
