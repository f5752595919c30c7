"""Benchmarks of the pathway: saving a whole CléA grid, and ``clea demo --scale 2000``."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from clea_platform.candidates.service import create_candidate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import upgrade
from clea_platform.demo.data import DEMO_PASSWORD, load_demo
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationKind
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.bench.conftest import AsgiDriver
from tests.databases import throwaway_database
from tests.dossiers.conftest import interviewed
from tests.dossiers.test_dossier_service import LEA, TODAY
from tests.schema.identity.conftest import LOGIN
from tests.schema.pathway.operations import ACCREDITED_DEMO_SITES


class GridBench:
    """An open CléA évaluation préalable of a Greta candidate, on a private event loop."""

    def __init__(self, settings: Settings, registry: CertificationRegistry) -> None:
        self.loop = asyncio.new_event_loop()
        self.registry = registry
        self.engine = create_engine_for(settings)
        self.factory = session_factory(self.engine)
        self.leaves = list(registry.get("CLEA").bundled_referentiel.tree.leaf_codes())
        self.round = 0
        self.evaluator, self.evaluation_id = self.loop.run_until_complete(self._prepare())

    async def _prepare(self) -> tuple[Actor, uuid.UUID]:
        async with self.factory.begin() as session:
            await load_demo(session, self.registry)
        async with self.factory.begin() as session:
            async with cross_tenant_reads(session, "tests"):
                greta = await session.scalar(
                    select(Organisation).where(Organisation.slug == "greta-demo-paris")
                )
                assert greta is not None
                users = {u.email: u.id for u in await session.scalars(select(User))}
            adviser = Actor(
                label="Karim Benali",
                user_id=users["conseiller@greta-demo.fr"],
                organisation_id=greta.id,
                roles=frozenset({"adviser"}),
            )
            evaluator = Actor(
                label="Sophie Leroy",
                user_id=users["evaluatrice@greta-demo.fr"],
                organisation_id=greta.id,
                roles=frozenset({"evaluator"}),
            )
            with acting_as(adviser):
                await refresh_tenant(session)
                site = await session.scalar(
                    select(Site).where(Site.siret.in_(ACCREDITED_DEMO_SITES))
                )
                assert site is not None
                candidate = await create_candidate(
                    session, adviser, LEA, today=TODAY, confirm_not_duplicate=True
                )
                await interviewed(session, adviser, self.registry, candidate, ("CLEA",))
                dossier = await dossiers.open_dossier(
                    session,
                    adviser,
                    self.registry,
                    dossiers.OpenDossier(
                        candidate_id=candidate.id,
                        certification_code="CLEA",
                        site_id=site.id,
                        prescriber_type=PrescriberType.SELF,
                        financing=Financing.CPF,
                        consent=True,
                    ),
                )
            with acting_as(evaluator):
                await refresh_tenant(session)
                evaluation = await evaluations.start_evaluation(
                    session, evaluator, self.registry, dossier, EvaluationKind.INITIAL
                )
        return evaluator, evaluation.id

    def results(self) -> list[evaluations.ResultInput]:
        """Every item, its value flipped from the previous round: each round really writes."""
        self.round += 1
        return [
            evaluations.ResultInput(code, "acquis" if (self.round + position) % 2 else "non_acquis")
            for position, code in enumerate(self.leaves)
        ]

    def save(self) -> evaluations.SavedGrid:
        return self.loop.run_until_complete(self._save(self.results()))

    async def _save(self, results: list[evaluations.ResultInput]) -> evaluations.SavedGrid:
        # One request's unit of work: read the evaluation, save the grid, commit.
        with acting_as(self.evaluator):
            async with self.factory.begin() as session:
                evaluation = await evaluations.get_evaluation(session, self.evaluation_id)
                return await evaluations.save_results(
                    session,
                    self.evaluator,
                    self.registry,
                    evaluation,
                    results,
                    expected_revision=evaluation.revision,
                )

    def close(self) -> None:
        self.loop.run_until_complete(self.engine.dispose())
        self.loop.close()


@pytest.fixture(scope="module")
def grid(settings: Settings, registry: CertificationRegistry) -> Iterator[GridBench]:
    bench = GridBench(settings, registry)
    try:
        yield bench
    finally:
        bench.close()


def test_bench_save_a_full_clea_grid_through_the_service(benchmark: Any, grid: GridBench) -> None:
    """Target: p50 ≤ 40 ms on PostgreSQL for the 107 criteria (each round changes all)."""
    saved = benchmark.pedantic(grid.save, rounds=40, iterations=1, warmup_rounds=2)

    assert saved.saved == 107
    assert saved.revision == grid.round


START = """
mutation ($id: ID!) { startEvaluation(input: {dossierId: $id, kind: INITIAL})
  { evaluation { id revision } errors { code message } } }
"""
SAVE = """
mutation ($id: ID!, $revision: Int!, $results: [ItemResultInput!]!) {
  saveEvaluationResults(input: {evaluationId: $id, revision: $revision, results: $results})
  { revision saved errors { code message } } }
"""


def test_bench_save_a_full_clea_grid_over_graphql(
    benchmark: Any, asgi: AsgiDriver, grid: GridBench
) -> None:
    """Target: p50 ≤ 60 ms through the ASGI app, as the evaluator (session cookie)."""
    # A second dossier, in the évaluation préalable, for the evaluator logged in over HTTP
    evaluator = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=asgi.app), base_url="http://bench"
    )
    headers = {"X-Requested-With": "bench"}

    def post(query: str, **variables: Any) -> dict[str, Any]:
        response = asgi.loop.run_until_complete(
            evaluator.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body["data"]

    login = post(LOGIN, email="evaluatrice@greta-demo.fr", password=DEMO_PASSWORD)
    assert login["login"]["errors"] == []
    dossier_id = grid.loop.run_until_complete(_open_dossier(grid))
    started = post(START, id=str(dossier_id))["startEvaluation"]
    assert started["errors"] == []
    evaluation = started["evaluation"]["id"]
    state = {"revision": started["evaluation"]["revision"]}

    def save() -> dict[str, Any]:
        results = [{"itemCode": r.item_code, "value": r.value} for r in grid.results()]
        payload: dict[str, Any] = post(
            SAVE, id=evaluation, revision=state["revision"], results=results
        )["saveEvaluationResults"]
        state["revision"] = payload["revision"]
        return payload

    try:
        payload = benchmark.pedantic(save, rounds=40, iterations=1, warmup_rounds=2)
    finally:
        asgi.loop.run_until_complete(evaluator.aclose())

    assert payload["errors"] == []
    assert payload["saved"] == 107


async def _open_dossier(grid: GridBench) -> uuid.UUID:
    """A new CléA dossier at the Greta, opened by its adviser."""
    async with grid.factory.begin() as session:
        async with cross_tenant_reads(session, "tests"):
            adviser_id = await session.scalar(
                select(User.id).where(User.email == "conseiller@greta-demo.fr")
            )
        adviser = Actor(
            label="Karim Benali",
            user_id=adviser_id,
            organisation_id=grid.evaluator.organisation_id,
            roles=frozenset({"adviser"}),
        )
        with acting_as(adviser):
            await refresh_tenant(session)
            site = await session.scalar(select(Site).where(Site.siret.in_(ACCREDITED_DEMO_SITES)))
            assert site is not None
            candidate = await create_candidate(
                session, adviser, LEA, today=TODAY, confirm_not_duplicate=True
            )
            await interviewed(session, adviser, grid.registry, candidate, ("CLEA",))
            dossier = await dossiers.open_dossier(
                session,
                adviser,
                grid.registry,
                dossiers.OpenDossier(
                    candidate_id=candidate.id,
                    certification_code="CLEA",
                    site_id=site.id,
                    prescriber_type=PrescriberType.SELF,
                    financing=Financing.CPF,
                    consent=True,
                ),
            )
            return dossier.id


def test_bench_clea_demo_scale_2000_whole_process(
    benchmark: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Report only: ``clea demo --scale 2000`` on a freshly migrated database, start to end."""
    databases = contextlib.ExitStack()

    def fresh_database() -> tuple[tuple[list[str], dict[str, str]], dict[str, Any]]:
        tmp = tmp_path_factory.mktemp("scale")
        database = databases.enter_context(throwaway_database(tmp))
        settings = database.settings(Settings.from_environ({"CLEA_DATA_DIR": str(tmp)}))
        upgrade(settings)
        env = {
            **os.environ,
            **database.environ(),
            "CLEA_DATA_DIR": str(tmp),
            "CLEA_SECRET_KEY": settings.secret_key,
        }
        command = [sys.executable, "-m", "clea_platform.cli.main", "demo", "--scale", "2000"]
        return (command, env), {}

    def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, env=env, check=True)

    with databases:
        result = benchmark.pedantic(run, setup=fresh_database, rounds=2, iterations=1)

    assert "2000 dossier(s) ajouté(s)" in result.stderr
