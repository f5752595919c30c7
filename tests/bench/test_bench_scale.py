"""Issue #5 speed requirements, on a database filled by ``clea demo --scale N``.

N is 100 000 dossiers on PostgreSQL and 10 000 on SQLite (``CLEA_BENCH_SCALE``); the
database is built once and reused by later runs (see ``tests/bench/scale_database.py``).
Each benchmark is one HTTP request through the whole ASGI app, as a logged-in user:

* saving a full CléA grid (107 items, each round changes all of them) as the evaluator:
  target p50 ≤ 40 ms on PostgreSQL;
* the first page (50) of the dossier list, with the frontend's own ``Dossiers`` query
  (``frontend/src/pathway/documents.ts``), as the adviser of the Greta (half of the
  dossiers): target p50 ≤ 50 ms, also with a status filter and a text search.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.demo.data import DEMO_PASSWORD
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations.models import Evaluation, EvaluationKind, EvaluationStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.models import Organisation
from tests.bench.conftest import AsgiDriver
from tests.bench.scale_database import ScaleDatabase, scale_database
from tests.conftest import REPO_ROOT
from tests.schema.identity.conftest import LOGIN

EVALUATOR = "evaluatrice@greta-demo.fr"
ADVISER = "conseiller@greta-demo.fr"
CLEA_LEAVES = 107


@pytest.fixture(scope="module")
def scale(request: pytest.FixtureRequest) -> ScaleDatabase:
    # A first build takes minutes: its progress is shown, not captured.
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        return scale_database()


@pytest.fixture(scope="module")
def scale_app(
    settings: Settings, registry: CertificationRegistry, scale: ScaleDatabase
) -> Iterator[AsgiDriver]:
    driver = AsgiDriver(scale.settings(settings), registry)
    try:
        yield driver
    finally:
        driver.close()


class User:
    """A browser of one user: logged in with the session cookie, on the driver's loop."""

    def __init__(self, driver: AsgiDriver, email: str) -> None:
        self.driver = driver
        # Own address: login rate limits are per IP.
        address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=driver.app, client=(address, 50000)),
            base_url="http://bench",
        )
        login = self.post(LOGIN, email=email, password=DEMO_PASSWORD)["login"]
        assert login["errors"] == [], login
        self.organisation_slug: str = login["viewer"]["activeOrganisation"]["slug"]

    def post(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.driver.loop.run_until_complete(
            self.client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"X-Requested-With": "bench"},
            )
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def close(self) -> None:
        self.driver.loop.run_until_complete(self.client.aclose())


@pytest.fixture(scope="module")
def evaluator(scale_app: AsgiDriver) -> Iterator[User]:
    user = User(scale_app, EVALUATOR)
    try:
        yield user
    finally:
        user.close()


@pytest.fixture(scope="module")
def adviser(scale_app: AsgiDriver) -> Iterator[User]:
    user = User(scale_app, ADVISER)
    try:
        yield user
    finally:
        user.close()


def describe(benchmark: Any, scale: ScaleDatabase) -> None:
    """The scale, and how long ``clea demo --scale`` took to build it, in the JSON."""
    benchmark.extra_info["scale"] = scale.scale
    benchmark.extra_info["clea_demo_scale_seconds"] = round(scale.build_seconds, 1)
    benchmark.extra_info["built_by_this_run"] = scale.built


# --- saving a full grid ----------------------------------------------------------------

SAVE = """
mutation ($id: ID!, $revision: Int!, $results: [ItemResultInput!]!) {
  saveEvaluationResults(input: {evaluationId: $id, revision: $revision, results: $results})
  { revision saved errors { code message } } }
"""


def open_clea_initial_evaluation(
    url: str, organisation_slug: str
) -> tuple[uuid.UUID, int, list[str]]:
    """The newest open CléA évaluation préalable of the organisation (a generated one)."""
    engine = create_sync_engine_for(url)
    try:
        with engine.connect() as connection:  # Core, as the superuser: no tenant filter
            row = connection.execute(
                select(Evaluation.id, Evaluation.revision, Evaluation.target_items)
                .join(
                    Dossier,
                    (Dossier.organisation_id == Evaluation.organisation_id)
                    & (Dossier.id == Evaluation.dossier_id),
                )
                .join(Organisation, Organisation.id == Evaluation.organisation_id)
                .where(
                    Organisation.slug == organisation_slug,
                    Dossier.certification_code == "CLEA",
                    Evaluation.kind == EvaluationKind.INITIAL,
                    Evaluation.status == EvaluationStatus.OPEN,
                )
                .order_by(Evaluation.id.desc())
                .limit(1)
            ).one()
    finally:
        engine.dispose()
    return row.id, row.revision, list(row.target_items)


def test_bench_scale_save_a_full_clea_grid_over_graphql(
    benchmark: Any, scale: ScaleDatabase, evaluator: User
) -> None:
    """Target: p50 ≤ 40 ms on PostgreSQL at 100 000 dossiers, as the logged-in evaluator."""
    evaluation_id, revision, targets = open_clea_initial_evaluation(
        scale.admin_url, evaluator.organisation_slug
    )
    assert len(targets) == CLEA_LEAVES
    state = {"revision": revision, "round": 0}

    def save() -> dict[str, Any]:
        # Every item, its value flipped from the previous round: each round really writes.
        state["round"] += 1
        results = [
            {"itemCode": code, "value": "acquis" if (state["round"] + i) % 2 else "non_acquis"}
            for i, code in enumerate(targets)
        ]
        payload: dict[str, Any] = evaluator.post(
            SAVE, id=str(evaluation_id), revision=state["revision"], results=results
        )["saveEvaluationResults"]
        state["revision"] = payload["revision"]
        return payload

    describe(benchmark, scale)
    payload = benchmark.pedantic(save, rounds=60, iterations=1, warmup_rounds=3)

    assert payload["errors"] == []
    assert payload["saved"] == CLEA_LEAVES


# --- the dossier list ------------------------------------------------------------------


def frontend_document(name: str) -> str:
    """The ``Dossiers`` query of the frontend with the fragments it spreads, verbatim."""
    source = (REPO_ROOT / "frontend" / "src" / "pathway" / "documents.ts").read_text()
    documents = re.findall(r"graphql\(`(.*?)`\)", source, flags=re.DOTALL)
    query = next(d for d in documents if re.search(rf"\bquery {name}\b", d))
    spread = set(re.findall(r"\.\.\.(\w+)", query))
    fragments = [d for d in documents if (m := re.search(r"fragment (\w+)", d)) and m[1] in spread]
    return "\n".join([query, *fragments])


DOSSIERS = frontend_document("Dossiers")

LISTS: dict[str, dict[str, Any]] = {
    "first_page": {},
    "status_training": {"status": ["TRAINING"]},
    "search_name": {"search": "dupont"},
    "search_first_and_last_name": {"search": "Léa Dupont"},
}


@pytest.mark.parametrize("variables", list(LISTS.values()), ids=list(LISTS))
def test_bench_scale_dossier_list_first_page_over_graphql(
    benchmark: Any, scale: ScaleDatabase, adviser: User, variables: dict[str, Any]
) -> None:
    """Target: p50 ≤ 50 ms on PostgreSQL at 100 000 dossiers (half of them the Greta's)."""
    describe(benchmark, scale)
    data = benchmark.pedantic(
        adviser.post,
        args=(DOSSIERS,),
        kwargs={"first": 50, **variables},
        rounds=40,
        warmup_rounds=3,
    )

    connection = data["dossiers"]
    assert connection["edges"], connection
    assert len(connection["edges"]) == min(50, connection["totalCount"])
    if not variables:
        # The adviser's organisation holds a big share of the generated dossiers.
        assert connection["totalCount"] > scale.scale // 3
    benchmark.extra_info["total_count"] = connection["totalCount"]
