"""Benchmark of an import's validation (issue #17): a 50 000-row candidates file checked
row by row against the demo Greta (sites, accreditations, existing candidates).

Target: ≤ 30 s on this machine, memory flat. Opt-in like every benchmark (``make
bench``); ``CLEA_BENCH_IMPORT_ROWS`` sets the size (smoke it small:
``CLEA_BENCH_IMPORT_ROWS=500``). Reported in ``extra_info``: the rows, the problems found
(one bad row in 1 000), the peak of Python allocations during one validation
(``tracemalloc``) and the process's peak RSS. Nothing is asserted on time or memory.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import resource
import tracemalloc
from typing import Any

import pytest
from sqlalchemy import select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.demo.data import load_demo
from clea_platform.exchange import service
from clea_platform.exchange.candidates_file import CANDIDATES, Context
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.exchange.conftest import csv_file, person

ROWS = int(os.environ.get("CLEA_BENCH_IMPORT_ROWS", "50000"))


async def _greta_context(settings: Settings, registry: CertificationRegistry) -> Context:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            await load_demo(session, registry)
            async with cross_tenant_reads(session, "bench"):
                organisation_id = await session.scalar(
                    select(Organisation.id).where(Organisation.slug == "greta-demo-paris")
                )
                user_id = await session.scalar(
                    select(User.id).where(User.email == "conseiller@greta-demo.fr")
                )
        actor = Actor(
            label="bench", user_id=user_id, organisation_id=organisation_id,
            roles=frozenset({"adviser"}),
        )  # fmt: skip
        with acting_as(actor):
            async with session_factory(engine).begin() as session:
                context: Context = await CANDIDATES.prepare(session, actor, registry)
        return context
    finally:
        await engine.dispose()


def _file(rows: int) -> bytes:
    lines = [
        person(number, **({"Date de naissance": "1990-04-12"} if number % 1000 == 999 else {}))
        for number in range(rows)
    ]
    return csv_file(lines)


@pytest.mark.benchmark(group="exchange")
def test_bench_validating_a_large_candidates_file(
    benchmark: Any, settings: Settings, registry: CertificationRegistry
) -> None:
    loop = asyncio.new_event_loop()
    try:
        context = loop.run_until_complete(_greta_context(settings, registry))
        data = _file(ROWS)

        def validate() -> service.Outcome:
            fresh = dataclasses.replace(context, seen={})
            return loop.run_until_complete(
                service.check_content(CANDIDATES, data, "bench.csv", fresh)
            )

        outcome = benchmark.pedantic(validate, rounds=1, iterations=1)
        tracemalloc.start()
        validate()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        loop.close()

    benchmark.extra_info["rows"] = outcome.rows
    benchmark.extra_info["problems"] = outcome.problem_count
    benchmark.extra_info["file_mib"] = round(len(data) / 2**20, 2)
    benchmark.extra_info["python_peak_mib_during_validation"] = round(peak / 2**20, 2)
    benchmark.extra_info["process_peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    assert outcome.rows == ROWS
    assert outcome.problem_count == ROWS // 1000
