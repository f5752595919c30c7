"""The load test's clients: advisers, evaluators, jury members and the public, each a loop
of requests.

Every client talks to the app nodes in turn (what a load balancer does) and, when a node
does not answer (killed during the fault run), retries on the next one. A grid save
carries an idempotency key, so a retried save is applied once; the evaluator keeps the
grid it knows was acknowledged, which the final check compares with the database; a
jury member likewise keeps the last decision acknowledged on each of their dossiers (a
retried decision carries the revision it replaces: one already saved is refused as stale).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

DEMO_PASSWORD = "Plateforme-CleA-demo"
HEADERS = {"X-Requested-With": "clea-web"}
LIST = (
    "query ($f: DossierFilter) { dossiers(first: 50, filter: $f) { totalCount"
    " countsByStatus { status count } edges { node { id status } } } }"
)
SAVE = (
    "mutation ($e: ID!, $r: Int!, $results: [ItemResultInput!]!, $k: String) {"
    " saveEvaluationResults(input: {evaluationId: $e, revision: $r, results: $results,"
    " idempotencyKey: $k}) { revision errors { code message } } }"
)
READ_GRID = (
    "query ($id: ID!) { evaluation(id: $id) { ... on Evaluation { revision"
    " results { itemCode value } } } }"
)
SEARCHES = ("mar", "dupont", "lef", "mar", "ber", "petit")


class UnavailableError(Exception):
    """No node answered within the retries."""


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    uploads: int = 0

    def record(self, operation: str, seconds: float) -> None:
        self.latencies[operation].append(seconds)


class Client:
    """One browser's cookies, sent to the nodes in turn; retries when a node is down."""

    def __init__(self, urls: list[str], stats: Stats, *, forwarded_for: str = "") -> None:
        self.urls = urls
        self.stats = stats
        self.cookies = httpx.Cookies()
        self.turn = itertools.cycle(range(len(urls)))
        self.headers = dict(HEADERS)
        if forwarded_for:
            self.headers["X-Forwarded-For"] = forwarded_for
        self.http = httpx.AsyncClient(timeout=30)

    async def request(
        self, operation: str, method: str, path: str, **kwargs: Any
    ) -> httpx.Response:
        started = time.perf_counter()
        headers = {**self.headers, **kwargs.pop("headers", {})}
        for attempt in range(20):
            url = self.urls[next(self.turn)] + path
            try:
                response = await self.http.request(
                    method, url, cookies=self.cookies, headers=headers, **kwargs
                )
            except httpx.TransportError:
                self.stats.retries[operation] += 1
                await asyncio.sleep(0.05 * (attempt + 1))
                continue
            if response.status_code in (502, 503):
                self.stats.retries[operation] += 1
                await asyncio.sleep(0.05 * (attempt + 1))
                continue
            self.cookies.update(response.cookies)
            self.stats.record(operation, time.perf_counter() - started)
            return response
        self.stats.errors[operation] += 1
        raise UnavailableError(operation)

    async def graphql(self, operation: str, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.request(
            operation, "POST", "/graphql", json={"query": query, "variables": variables}
        )
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or "errors" in body:
            self.stats.errors[operation] += 1
            raise RuntimeError(f"{operation}: {response.status_code} {body}")
        data: dict[str, Any] = body["data"]
        return data

    async def login(self, email: str) -> None:
        answer = await self.graphql(
            "login",
            "mutation ($e: String!, $p: String!) { login(input: {email: $e, password: $p})"
            " { errors { message } } }",
            e=email,
            p=DEMO_PASSWORD,
        )
        assert answer["login"]["errors"] == [], answer

    async def close(self) -> None:
        await self.http.aclose()


async def until(deadline: float, step: Any) -> None:
    """Run ``step`` again and again until ``deadline``; a failed step is counted, not fatal."""
    while time.monotonic() < deadline:
        try:
            await step()
        except (UnavailableError, RuntimeError, AssertionError):
            await asyncio.sleep(0.1)


async def adviser(client: Client, deadline: float) -> None:
    async def step() -> None:
        await client.graphql("dossiers.list", LIST)
        await client.graphql("dossiers.search", LIST, f={"search": random.choice(SEARCHES)})

    await until(deadline, step)


@dataclass
class Grid:
    """An evaluation one evaluator saves again and again: what was acknowledged."""

    evaluation_id: str
    items: list[str]
    revision: int
    acknowledged: dict[str, str] = field(default_factory=dict)
    saves: int = 0


async def evaluator(client: Client, grid: Grid, deadline: float) -> None:
    async def step() -> None:
        item = random.choice(grid.items)
        value = "non_acquis" if grid.acknowledged.get(item) == "acquis" else "acquis"
        key = uuid.uuid4().hex
        # The same key on every retry: a save that reached the database before its node
        # died is answered from the first run, not applied twice.
        for _ in range(5):
            try:
                saved = await client.graphql(
                    "grid.save",
                    SAVE,
                    e=grid.evaluation_id,
                    r=grid.revision,
                    results=[{"itemCode": item, "value": value}],
                    k=key,
                )
            except UnavailableError:
                continue
            payload = saved["saveEvaluationResults"]
            if payload["errors"]:
                # Someone else's revision (should not happen: one evaluator per grid).
                client.stats.errors["grid.save"] += 1
                await resync(client, grid)
                return
            grid.revision = payload["revision"]
            grid.acknowledged[item] = value
            grid.saves += 1
            return

    await until(deadline, step)


async def resync(client: Client, grid: Grid) -> None:
    read = await client.graphql("grid.read", READ_GRID, id=grid.evaluation_id)
    evaluation = read["evaluation"]
    grid.revision = evaluation["revision"]
    grid.acknowledged = {r["itemCode"]: r["value"] for r in evaluation["results"]}


async def public(client: Client, codes: list[str], deadline: float) -> None:
    """People verifying certificates: each request from another address (the limit of 30
    verifications a minute is per address)."""

    async def step() -> None:
        code = random.choice(codes)
        address = f"198.51.{random.randrange(100, 200)}.{random.randrange(1, 255)}"
        response = await client.request(
            "certificate.verify",
            "GET",
            f"/verify/{code}",
            headers={"Accept": "application/json", "X-Forwarded-For": address},
        )
        if response.status_code != 200:
            client.stats.errors["certificate.verify"] += 1
            client.stats.statuses[response.status_code] += 1

    await until(deadline, step)


async def importer(client: Client, content: bytes, deadline: float, every: float) -> None:
    """An adviser uploading a candidates file large enough to be checked by a worker (a
    queued job); the batch IDs it was given are what the job check looks for."""

    async def step() -> None:
        response = await client.request(
            "import.upload",
            "PUT",
            "/exchange/imports/candidats",
            content=content,
            headers={"X-Filename": "candidats-charge.csv"},
        )
        if response.status_code not in (200, 201, 202):
            client.stats.errors["import.upload"] += 1
            client.stats.statuses[response.status_code] += 1
        else:
            client.stats.uploads += 1
        await asyncio.sleep(every)

    await until(deadline, step)


DECIDE = (
    "mutation ($input: DecideJuryDossierInput!) { decideJuryDossier(input: $input)"
    " { decision { revision candidateComment } errors { code message } } }"
)
AGENDA = (
    "query ($s: ID!) { juryAgenda(sessionId: $s) { dossierId"
    " decision { revision candidateComment } } }"
)


@dataclass
class Bench:
    """An open jury session one member records decisions in: what was acknowledged.

    Each decision certifies the dossier with a new comment for the candidate; recording it
    again replaces it (with the revision read). ``acknowledged`` is the last comment the
    member was told was saved, per dossier.
    """

    session_id: str
    dossier_ids: list[str]
    member_email: str
    revisions: dict[str, int | None] = field(default_factory=dict)
    acknowledged: dict[str, str] = field(default_factory=dict)
    decisions: int = 0


async def juror(client: Client, bench: Bench, deadline: float) -> None:
    """A jury member deciding the dossiers of their session, again and again."""

    async def step() -> None:
        dossier_id = random.choice(bench.dossier_ids)
        comment = f"Décision {uuid.uuid4().hex[:12]}"
        variables = {
            "sessionId": bench.session_id,
            "dossierId": dossier_id,
            "outcome": "CERTIFIED",
            "candidateComment": comment,
            "revision": bench.revisions.get(dossier_id),
        }
        # The same decision and revision on every retry: one that reached the database
        # before its node died is then refused as stale, and read back.
        for _ in range(5):
            try:
                decided = await client.graphql("jury.decide", DECIDE, input=variables)
            except UnavailableError:
                continue
            payload = decided["decideJuryDossier"]
            if payload["errors"]:
                if payload["errors"][0]["code"] != "STALE_REVISION":
                    client.stats.errors["jury.decide"] += 1
                await resync_bench(client, bench)
                return
            bench.revisions[dossier_id] = payload["decision"]["revision"]
            bench.acknowledged[dossier_id] = comment
            bench.decisions += 1
            return

    await until(deadline, step)


async def resync_bench(client: Client, bench: Bench) -> None:
    """What the session holds (after a stale revision: a retried decision had been saved)."""
    agenda = await client.graphql("jury.read", AGENDA, s=bench.session_id)
    for entry in agenda["juryAgenda"]:
        decision = entry["decision"]
        if decision is not None:
            bench.revisions[entry["dossierId"]] = decision["revision"]
            bench.acknowledged[entry["dossierId"]] = decision["candidateComment"]
