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

import asyncio
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


async def _stream_without_keeping(user: User, path: str, query: str) -> tuple[int, int]:
    """``GET path?query`` straight through the ASGI app, as the user's browser: the body's
    chunks are counted and dropped as they arrive (httpx's ASGI transport would keep the
    whole body, and the peak would then measure the test, not the server)."""
    cookies = "; ".join(f"{name}={value}" for name, value in user.client.cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"cookie", cookies.encode())],
        "client": ("10.9.9.9", 50000),
        "server": ("bench", 80),
    }
    received = {"bytes": 0, "lines": 0, "status": 0}
    requested = False
    finished = asyncio.Event()

    async def receive() -> dict[str, Any]:
        # The request once, then (as a client that stays) nothing until the response ends:
        # the streaming response listens for a disconnection meanwhile.
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            received["status"] = message["status"]
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            received["bytes"] += len(chunk)
            received["lines"] += chunk.count(b"\r\n")
            if not message.get("more_body", False):
                finished.set()

    await user.driver.app(scope, receive, send)
    assert received["status"] == 200, received
    return received["lines"] - 1, received["bytes"]  # the header line


def test_dossier_list_csv_export_of_a_whole_organisation(
    benchmark: Any,
    scale: ScaleDatabase,  # noqa: F811
    greta_admin: User,
) -> None:
    """The Greta's whole dossier list (about half the scale database) streamed as CSV;
    the peak of Python allocations is compared with a small export's (one status): it must
    not follow the number of rows."""
    describe(benchmark, scale)
    loop = greta_admin.driver.loop

    def export(query: str) -> tuple[int, int]:
        return loop.run_until_complete(
            _stream_without_keeping(greta_admin, "/exports/dossiers.csv", query)
        )

    peaks = {}
    for name, query in (("small", "statut=EXPIRED"), ("whole", "")):
        tracemalloc.start()
        try:
            rows, size = export(query)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        peaks[name] = (rows, size, peak)
    rows, size = benchmark.pedantic(lambda: export(""), rounds=3, iterations=1)
    benchmark.extra_info["rows"] = rows
    benchmark.extra_info["csv_mib"] = round(size / 2**20, 2)
    for name, (count, _, peak) in peaks.items():
        benchmark.extra_info[f"{name}_export_rows"] = count
        benchmark.extra_info[f"{name}_export_python_peak_kib"] = round(peak / 1024)
    assert rows > 10 * peaks["small"][0] > 0
