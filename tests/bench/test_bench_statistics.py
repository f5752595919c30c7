"""Issue #15 speed requirements, on the ``clea demo --scale N`` database (opt-in:
``make bench``; N from ``CLEA_BENCH_SCALE``, 100 000 on PostgreSQL).

Each benchmark is one HTTP request through the whole ASGI app, as a logged-in user:

* the national funnel (Certif'Pro, ten years): target p50 ≤ 100 ms on PostgreSQL;
* each breakdown (Certif'Pro, ten years): target p50 ≤ 100 ms;
* an organisation administrator's home page (its one ``HomeOrganisation`` request):
  target ≤ 50 ms;
* the CSV export of a breakdown, streamed: time, and the peak memory of the request
  (``tracemalloc``) in the JSON, which does not grow with the number of dossiers
  (the table is aggregated by the database: one row per category).
"""

from __future__ import annotations

import datetime as dt
import secrets
import tracemalloc
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from clea_platform.demo.data import DEMO_PASSWORD
from clea_platform.statistics.filters import Dimension, years_later
from tests.bench.conftest import AsgiDriver
from tests.bench.scale_database import ScaleDatabase
from tests.bench.test_bench_scale import User, describe, scale, scale_app  # noqa: F401
from tests.schema.identity.conftest import LOGIN

CERTIFPRO = "admin@certifpro.demo"
GRETA_ADMIN = "admin@greta-demo.fr"
TODAY = dt.date.today()
TEN_YEARS = {
    "openedFrom": str(years_later(TODAY, -10) + dt.timedelta(days=1)),
    "openedTo": str(TODAY),
}

FUNNEL = """
query ($filter: StatisticsFilterInput!) { statistics(filter: $filter) {
  ... on Statistics { total { opened certified successRate }
    funnel { certificationCode opened initialCompleted directToJury toTraining finalCompleted
             submitted certified notCertified abandoned expired
             openingToInitial { medianDays p90Days } initialToJury { medianDays p90Days }
             openingToCertificate { medianDays p90Days } } }
  ... on StatisticsRefusal { errors { code message } } } }
"""
BREAKDOWN = """
query ($filter: StatisticsFilterInput!) { statistics(filter: $filter) {
  ... on Statistics { breakdowns { dimension totalOpened rows { key label opened certified } } }
  ... on StatisticsRefusal { errors { code message } } } }
"""
# The organisation administrator's home page request (frontend/src/home/documents.ts).
HOME_ORGANISATION = """
query ($filter: StatisticsFilterInput!, $quarter: StatisticsFilterInput!) {
  statistics(filter: $filter) { ... on Statistics { total { opened certified successRate } } }
  quarter: statistics(filter: $quarter) { ... on Statistics { activity { month feesCents } } }
  accreditations { id certificationCode siteName validUntil isValid statusLabel }
  members(first: 100) { totalCount edges { node { id roles user { id fullName } } } }
}
"""


class PlatformUser(User):
    """A Certif'Pro administrator: logged in like any user, with no active organisation."""

    def __init__(self, driver: AsgiDriver, email: str) -> None:
        self.driver = driver
        address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=driver.app, client=(address, 50000)),
            base_url="http://bench",
        )
        login = self.post(LOGIN, email=email, password=DEMO_PASSWORD)["login"]
        assert login["errors"] == [], login
        self.organisation_slug = ""


@pytest.fixture(scope="module")
def certifpro(scale_app: AsgiDriver) -> Iterator[User]:  # noqa: F811
    user = PlatformUser(scale_app, CERTIFPRO)
    try:
        yield user
    finally:
        user.close()


@pytest.fixture(scope="module")
def greta_admin(scale_app: AsgiDriver) -> Iterator[User]:  # noqa: F811
    user = User(scale_app, GRETA_ADMIN)
    try:
        yield user
    finally:
        user.close()


def test_national_funnel(benchmark: Any, scale: ScaleDatabase, certifpro: User) -> None:  # noqa: F811
    describe(benchmark, scale)
    answer = benchmark(certifpro.post, FUNNEL, filter=TEN_YEARS)
    assert answer["statistics"]["total"]["opened"] > 0


@pytest.mark.parametrize("dimension", [d.name for d in Dimension])
def test_breakdown(
    benchmark: Any,
    scale: ScaleDatabase,  # noqa: F811
    certifpro: User,
    dimension: str,
) -> None:
    describe(benchmark, scale)
    answer = benchmark(certifpro.post, BREAKDOWN, filter={**TEN_YEARS, "breakdowns": [dimension]})
    assert answer["statistics"]["breakdowns"][0]["rows"]


def test_organisation_home_page(
    benchmark: Any,
    scale: ScaleDatabase,  # noqa: F811
    greta_admin: User,
) -> None:
    describe(benchmark, scale)
    year = {"openedFrom": f"{TODAY.year}-01-01", "openedTo": f"{TODAY.year}-12-31"}
    quarter = {
        "openedFrom": str(TODAY.replace(day=1)),
        "openedTo": str(TODAY),
        "withActivity": True,
    }
    answer = benchmark(greta_admin.post, HOME_ORGANISATION, filter=year, quarter=quarter)
    assert answer["members"]["totalCount"] > 0


def test_csv_export_streams_with_flat_memory(
    benchmark: Any,
    scale: ScaleDatabase,  # noqa: F811
    certifpro: User,
) -> None:
    describe(benchmark, scale)
    url = (
        f"/exports/statistics/departement.csv?du={TEN_YEARS['openedFrom']}"
        f"&au={TEN_YEARS['openedTo']}"
    )

    def download() -> int:
        response = certifpro.driver.loop.run_until_complete(certifpro.client.get(url))
        assert response.status_code == 200
        return len(response.content)

    tracemalloc.start()
    try:
        size = download()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    benchmark.extra_info["csv_bytes"] = size
    benchmark.extra_info["peak_memory_kib"] = round(peak / 1024)
    benchmark(download)
