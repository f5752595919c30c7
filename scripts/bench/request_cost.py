"""The application's CPU per request, measured in process (opt-in, not part of ``make test``).

``make bench-request-cost`` (``scripts/bench/request_cost.py``; ``--scale`` or
``COST_SCALE``, default 2 000, ``--requests``, ``--profile``). On a PostgreSQL benchmark
database (``clea_bench_<N>``, created and filled by ``clea demo --scale N`` when
missing, shared with ``compare.py``), the ASGI app is built in this process and called
directly (no HTTP server, no client library: a prepared ASGI scope), signed in as the
adviser who owns the most dossiers, with the frontend's own GraphQL documents (read from
``frontend/src``):

* ``list``: ``Dossiers`` (the adviser's list, first page of 50, counts per status);
* ``read``: ``CandidateDetails`` (one candidate, an audited read);
* ``tree``: ``Referentiel`` (the CléA référentiel's full tree, immutable);
* ``typename``: ``{ __typename }``, not the frontend's: what every request costs before
  its own work (authentication, the session, GraphQL's parsing, validation and answer);
* ``revalidate``: ``Referentiel`` over ``GET /graphql`` with ``If-None-Match`` (a browser
  or a cache revalidating the tree it holds): a 304.

Each request's CPU is ``time.process_time()`` around it: the CPU this process spent,
whatever else runs on the machine (a shared machine slows a request down but barely
changes its CPU, though contention still inflates it by some 10–20 %). The three requests
are interleaved; the figures are the median and the mean over ``--requests`` of each, the
Python function calls per request (counted by cProfile over 20 more: deterministic, the
figure to compare two versions on a loaded machine), the statements sent per request and
PostgreSQL's CPU per request (its backends for this database, from ``/proc``). ``--profile list``
prints a cProfile breakdown of that request instead. Writes
``var/bench/request_cost/<N>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
from graphql import (
    DefinitionNode,
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
CLEA = [str(ROOT / ".venv" / "bin" / "clea")]
OPERATIONS = {
    "list": "Dossiers",
    "read": "CandidateDetails",
    "tree": "Referentiel",
    "typename": "__typename",
    "revalidate": "Referentiel",
}
#: Not the frontend's: the stack's fixed cost (session, GraphQL, no statement of its own).
TYPENAME = "query Typename { __typename }"
PAGE_SIZE = 50  # frontend/src/components/pagination.tsx
CALL_COUNT_REQUESTS = 20


# --- the frontend's documents --------------------------------------------------------


def frontend_definitions() -> dict[str, DefinitionNode]:
    """Every operation and fragment of ``graphql(`…`)`` in ``frontend/src``, by name."""
    found: dict[str, DefinitionNode] = {}
    for path in sorted((ROOT / "frontend" / "src").rglob("*.ts*")):
        if "/gql/" in str(path):
            continue
        for text in re.findall(r"graphql\(\s*`(.*?)`", path.read_text(), flags=re.S):
            for definition in parse(text).definitions:
                name = getattr(definition, "name", None)
                if name is not None:
                    found[name.value] = definition
    return found


def frontend_document(definitions: dict[str, DefinitionNode], operation: str) -> str:
    """The operation with the fragments it spreads, printed as the frontend's client sends it."""
    wanted = [definitions[operation]]
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
            if node.name.value not in names:
                names.add(node.name.value)
                wanted.append(definitions[node.name.value])

    index = 0
    while index < len(wanted):
        visit(wanted[index], Spreads())
        index += 1
    operations = [d for d in wanted if isinstance(d, OperationDefinitionNode)]
    fragments = [d for d in wanted if isinstance(d, FragmentDefinitionNode)]
    return print_ast(DocumentNode(definitions=tuple(operations + fragments)))


# --- the database --------------------------------------------------------------------


def prepare(url: str, admin: str, database: str, scale: int, env: dict[str, str]) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    subprocess.run([*CLEA, "db", "upgrade"], env=env, check=True)
    if not exists:
        subprocess.run([*CLEA, "demo", "--scale", str(scale)], env=env, check=True)


def backend_ticks(admin: str, database: str) -> int:
    with psycopg.connect(admin, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    total = 0
    for (pid,) in rows:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


# --- the app, called directly --------------------------------------------------------


class Driver:
    """Calls the ASGI app with a prepared scope (nothing else spends CPU per request)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.cookie = ""

    async def post(
        self, body: dict[str, Any], *, get: bool = False, if_none_match: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        """``POST /graphql`` with ``body``; or ``GET /graphql?query=…`` (``get``)."""
        payload = b"" if get else json.dumps(body).encode()
        headers = [
            (b"host", b"bench"),
            (b"content-type", b"application/json"),
            (b"x-requested-with", b"bench"),
            (b"content-length", str(len(payload)).encode()),
        ]
        if self.cookie:
            headers.append((b"cookie", self.cookie.encode()))
        if if_none_match:
            headers.append((b"if-none-match", if_none_match.encode()))
        query_string = b""
        if get:
            query_string = urlencode(
                {
                    "query": " ".join(body["query"].split()),
                    "variables": json.dumps(body["variables"]),
                }
            ).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET" if get else "POST",
            "scheme": "http",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "root_path": "",
            "query_string": query_string,
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "app": self.app,
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": payload, "more_body": False}

        status = 0
        answer_headers: dict[str, str] = {}
        chunks: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    answer_headers.setdefault(name.decode().lower(), value.decode())
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, answer_headers, b"".join(chunks)

    async def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        status, _, body = await self.post({"query": query, "variables": variables})
        answer: dict[str, Any] = json.loads(body)
        if status != 200 or answer.get("errors"):
            raise SystemExit(f"Réponse inattendue ({status}) : {body[:500]!r}")
        return answer


async def run(args: argparse.Namespace, env: dict[str, str], database: str) -> dict[str, Any]:
    from clea_platform.core.config import Settings
    from clea_platform.demo.data import DEMO_PASSWORD
    from clea_platform.web.app import create_app

    url = env["CLEA_DATABASE_URL"]
    with psycopg.connect(url, autocommit=True) as connection:
        adviser_id, email, dossiers = connection.execute(
            "SELECT d.adviser_id, u.email, count(*) FROM dossier d "
            "JOIN user_account u ON u.id = d.adviser_id GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1"
        ).fetchone()
        (candidate_id,) = connection.execute(
            "SELECT candidate_id FROM dossier WHERE adviser_id = %s ORDER BY id DESC LIMIT 1",
            (adviser_id,),
        ).fetchone()

    definitions = frontend_definitions()
    documents = {
        key: TYPENAME if key == "typename" else frontend_document(definitions, name)
        for key, name in OPERATIONS.items()
    }
    app = create_app(Settings.from_environ(env), run_worker=False)
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    try:
        driver = Driver(app)
        status, headers, body = await driver.post(
            {
                "query": "mutation ($e: String!, $p: String!) { login(input: {email: $e, "
                "password: $p}) { errors { code } } }",
                "variables": {"e": email, "p": DEMO_PASSWORD},
            }
        )
        assert status == 200, body
        assert b'"errors":[]' in body.replace(b" ", b""), body
        driver.cookie = headers["set-cookie"].split(";", 1)[0]
        code = (await driver.graphql("{ certifications { code } }", {}))["data"]["certifications"][
            0
        ]["code"]
        variables = {
            "list": {"first": PAGE_SIZE, "adviserId": str(adviser_id)},
            "read": {"id": str(candidate_id)},
            "tree": {"code": code},
            "typename": {},
            "revalidate": {"code": code},
        }
        checks: dict[str, Callable[[dict[str, Any]], bool]] = {
            "list": lambda a: len(a["data"]["dossiers"]["edges"]) == min(PAGE_SIZE, dossiers),
            "read": lambda a: a["data"]["candidate"]["id"] == str(candidate_id),
            "tree": lambda a: len(a["data"]["referentiel"]["items"]) > 0,
            "typename": lambda a: a["data"]["__typename"] == "Query",
            "revalidate": lambda a: a == {"status": 304},
        }
        statements = 0
        shown: list[str] | None = None

        def count(_connection: object, _cursor: object, statement: str, *_: object) -> None:
            nonlocal statements
            statements += 1
            if shown is not None:
                shown.append(" ".join(statement.split())[:160])

        event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)

        # The tree over GET, revalidated by a client (or a cache) that holds its ETag.
        status, headers, _ = await driver.post(
            {"query": documents["revalidate"], "variables": variables["revalidate"]}, get=True
        )
        assert status == 200, (status, headers)
        assert headers.get("etag"), headers
        etag = headers["etag"]

        async def call(key: str) -> dict[str, Any]:
            if key == "revalidate":
                body = {"query": documents[key], "variables": variables[key]}
                status, _, _ = await driver.post(body, get=True, if_none_match=etag)
                return {"status": status}
            return await driver.graphql(documents[key], variables[key])

        for key in OPERATIONS:  # warm: caches, prepared statements, the connection pool
            for _ in range(20):
                assert checks[key](await call(key)), key

        if args.statements:
            for key in OPERATIONS:
                shown = []
                await call(key)
                print(f"\n--- {key}: {len(shown)} statements ---", *shown, sep="\n")
            shown = None

        if args.profile:
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(args.requests):
                await call(args.profile)
            profile.disable()
            stats = pstats.Stats(profile)
            by_package: dict[str, float] = {}
            for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
                by_package[_package(filename)] = by_package.get(_package(filename), 0.0) + own
            total = sum(by_package.values())
            print(f"\n--- cProfile, {args.requests} × {args.profile}: own CPU by package ---")
            for package, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:20]:
                print(
                    f"{package:<40}{1000 * own / args.requests:>8.2f} ms{100 * own / total:>6.0f} %"
                )
            stats.strip_dirs()
            if args.callers:
                stats.print_callers(args.callers)
            print(f"\n--- cProfile, {args.requests} × {args.profile}, by own time ---")
            stats.sort_stats("tottime").print_stats(45)
            print("\n--- by cumulative time ---")
            stats.sort_stats("cumulative").print_stats(150)
            return {}

        cpu: dict[str, list[float]] = {key: [] for key in OPERATIONS}
        sent: dict[str, int] = dict.fromkeys(OPERATIONS, 0)
        pg_ticks: dict[str, int] = dict.fromkeys(OPERATIONS, 0)
        batch = 10
        for _ in range(max(1, args.requests // batch)):
            for key in OPERATIONS:
                pg_before = backend_ticks(args.admin_url, database)
                before_statements = statements
                for _ in range(batch):
                    started = time.process_time()
                    answer = await call(key)
                    cpu[key].append(1000 * (time.process_time() - started))
                sent[key] += statements - before_statements
                pg_ticks[key] += backend_ticks(args.admin_url, database) - pg_before
                assert checks[key](answer), key
        # Python function calls per request: deterministic, whatever the machine's load.
        calls: dict[str, float] = {}
        for key in OPERATIONS:
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(CALL_COUNT_REQUESTS):
                await call(key)
            profile.disable()
            total_calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
            calls[key] = total_calls / CALL_COUNT_REQUESTS
        tick = 1000 / os.sysconf("SC_CLK_TCK")
        results = {}
        for key, values in cpu.items():
            results[key] = {
                "operation": OPERATIONS[key],
                "requests": len(values),
                "app_cpu_ms_median": round(statistics.median(values), 3),
                "app_cpu_ms_mean": round(statistics.fmean(values), 3),
                "app_cpu_ms_p90": round(sorted(values)[int(len(values) * 0.9)], 3),
                "python_calls_per_request": round(calls[key]),
                "statements_per_request": round(sent[key] / len(values), 2),
                "postgresql_cpu_ms_per_request": round(pg_ticks[key] * tick / len(values), 3),
            }
        return {"adviser_dossiers": dossiers, "results": results}
    finally:
        await lifespan.__aexit__(None, None, None)


def _package(filename: str) -> str:
    """``sqlalchemy/orm``, ``graphql/execution``, ``clea_platform/schema``… of a profiled file."""
    if "site-packages/" in filename:
        parts = filename.split("site-packages/", 1)[1].split("/")
        return "/".join(parts[:2]) if len(parts) > 2 else parts[0]
    if "/platform/" in filename:
        parts = filename.split("/platform/", 1)[1].split("/")
        return "clea_platform/" + (parts[0] if len(parts) > 1 else "")
    if filename.startswith("~") or filename.startswith("<"):
        return "built-in"
    return "python/" + filename.rsplit("/", 1)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 2000)))
    parser.add_argument(
        "--requests", type=int, default=int(os.environ.get("REQUESTS", 300)), help="per query"
    )
    parser.add_argument("--profile", choices=sorted(OPERATIONS), help="cProfile one query")
    parser.add_argument(
        "--statements", action="store_true", help="print the statements of one request of each"
    )
    parser.add_argument(
        "--callers", help="with --profile: who calls the functions matching this pattern"
    )
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    database = os.environ.get("BENCH_DATABASE", f"clea_bench_{args.scale}")
    url = args.admin_url.rsplit("/", 1)[0] + f"/{database}"
    env = {
        **os.environ,
        "CLEA_DATABASE_URL": url,
        "CLEA_MIGRATION_DATABASE_URL": "",
        "CLEA_DATA_DIR": str(VAR / "data"),
    }
    env.pop("CLEA_ENV", None)
    VAR.mkdir(parents=True, exist_ok=True)
    prepare(url, args.admin_url, database, args.scale, env)
    with open("/proc/loadavg") as loadavg:
        load_before = loadavg.read().split()[:3]
    measured = asyncio.run(run(args, env, database))
    if args.profile:
        return 0
    with open("/proc/loadavg") as loadavg:
        load_after = loadavg.read().split()[:3]
    print(
        f"{'requête':<28}{'CPU app médiane':>17}{'moyenne':>10}{'p90':>9}"
        f"{'appels Python':>15}{'ordres SQL':>12}{'CPU PG':>9}"
    )
    for key, result in measured["results"].items():
        print(
            f"{key + ' (' + result['operation'] + ')':<28}"
            f"{result['app_cpu_ms_median']:>14.2f} ms{result['app_cpu_ms_mean']:>7.2f} ms"
            f"{result['app_cpu_ms_p90']:>6.2f} ms{result['python_calls_per_request']:>15}"
            f"{result['statements_per_request']:>12.1f}"
            f"{result['postgresql_cpu_ms_per_request']:>6.2f} ms"
        )
    print(f"charge (loadavg) avant {' '.join(load_before)}, après {' '.join(load_after)}")
    output = VAR / "request_cost" / f"{args.scale}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                **measured,
                "scale": args.scale,
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "loadavg_before": load_before,
                "loadavg_after": load_after,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"écrit : {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
