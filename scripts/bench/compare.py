"""The comparison bench (``make bench-compare``; opt-in, not part of ``make test``).

On a PostgreSQL benchmark database (``clea demo --scale N``), side by side with
interleaved runs (each round runs every server in a new random order):

* ``clea serve`` (1 process) and ``clea serve --workers 2``: the adviser's dossier list
  as the frontend asks it without the grids' progress (first page of 50, ``totalCount``
  and the counts per status) and a tenant read (one candidate);
* PostGraphile v4, installed from npm into ``var/bench/postgraphile``, on the same
  tables: the same page and the same counts (one ``totalCount`` per status), and the same
  candidate;
* the floor: plain Strawberry + SQLAlchemy Core (``floor_server.py``), the same page only.

For each run: requests per second with CLIENTS concurrent clients, p50/p99, the server's
CPU per request (its processes, from /proc) and PostgreSQL's (the backends of the
benchmark database). Prints the medians and the ratios; writes
``var/bench/compare/<N>.json`` (beside, not among, ``make bench``'s files). Figures
under load are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from clea_platform.demo.data import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
CLEA = [str(ROOT / ".venv" / "bin" / "clea")]

CLEA_LIST = """query ($adviserId: ID) { dossiers(first: 50, filter: {adviserId: $adviserId}) {
  totalCount countsByStatus { status count } pageInfo { hasNextPage endCursor }
  edges { cursor node { id certificationCode status statusLabel openedAt windowEndsOn siteId
    candidate { id civility birthName usageName firstNames anonymised } } } } }"""
CLEA_READ = """query ($id: ID!) { candidate(id: $id) { ... on Candidate {
  id civility birthName usageName firstNames birthDate } } }"""
STATUSES = [
    "opened",
    "initial_evaluation",
    "training",
    "final_evaluation",
    "ready_for_jury",
    "submitted_to_jury",
    "certified",
    "not_certified",
    "abandoned",
    "expired",
]
PG_PAGE = """allDossiers(first: 50, orderBy: [ID_DESC], condition: {adviserId: $a}) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id certificationCode status consentAt windowEndsOn siteId
    candidateByOrganisationIdAndCandidateId { id civility birthName usageName firstNames } } }"""
PG_COUNTS = " ".join(
    f'c{i}: allDossiers(condition: {{adviserId: $a, status: "{s}"}}) {{ totalCount }}'
    for i, s in enumerate(STATUSES)
)
PG_LIST = f"query ($a: UUID!) {{ {PG_PAGE} {PG_COUNTS} }}"
PG_PAGE_ONLY = f"query ($a: UUID!) {{ {PG_PAGE} }}"
PG_READ = """query ($o: UUID!, $id: UUID!) { candidateByOrganisationIdAndId(organisationId: $o,
  id: $id) { id civility birthName usageName firstNames birthDate } }"""
FLOOR_LIST = """query ($a: ID!) { dossiers(adviserId: $a, first: 50) {
  id certificationCode status siteId candidate { id civility birthName usageName firstNames } } }"""


def _ticks_by_pid(pids: list[int]) -> dict[int, int]:
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = int(fields[11]) + int(fields[12])  # utime, stime
    return found


def _ticks(pids: list[int]) -> int:
    return sum(_ticks_by_pid(pids).values())


def _spent(before: dict[int, int], after: dict[int, int]) -> int:
    """CPU ticks spent between two readings by the processes alive at the second (a
    process started meanwhile counts from zero; one that ended is not counted)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Connection:
    """A minimal HTTP/1.1 keep-alive client (cheap on the client's side)."""

    def __init__(self, port: int, request: bytes, expect: bytes) -> None:
        self.port = port
        self.request = request
        self.expect = expect

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def call(self) -> bytes:
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = head[9:12]
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await self.reader.readexactly(length)
        if status != b"200" or b'"errors"' in body or self.expect not in body:
            raise RuntimeError(f"{self.port}: {status!r} {body[:300]!r}")
        return body

    def close(self) -> None:
        self.writer.close()


def _request(port: int, query: str, variables: dict[str, Any], cookie: str = "") -> bytes:
    body = json.dumps({"query": query, "variables": variables}).encode()
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\nX-Requested-With: bench\r\n"
        f"Content-Length: {len(body)}\r\n"
    )
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    return head.encode() + b"\r\n" + body


@dataclass
class Target:
    name: str
    port: int
    request: bytes
    pids: list[int] = field(default_factory=list)
    #: What every answer must contain (a wrong or empty answer stops the bench).
    expect: bytes = b'"data"'


async def _load(target: Target, clients: int, seconds: float) -> tuple[int, list[float]]:
    connections = [Connection(target.port, target.request, target.expect) for _ in range(clients)]
    for connection in connections:
        await connection.open()
    await connections[0].call()  # warm
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def run(connection: Connection) -> None:
        while (start := time.perf_counter()) < deadline:
            await connection.call()
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(run(c) for c in connections))
    for connection in connections:
        connection.close()
    return len(latencies), latencies


def _backends(database: str, admin: str) -> list[int]:
    with psycopg.connect(admin, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    return [pid for (pid,) in rows]


def measure(
    target: Target, clients: int, seconds: float, database: str, admin: str
) -> dict[str, float]:
    server = [p for pid in target.pids for p in _descendants(pid)]
    app_before = _ticks_by_pid(server)
    pg_before = _ticks_by_pid(_backends(database, admin))
    count, latencies = asyncio.run(_load(target, clients, seconds))
    app = _spent(app_before, _ticks_by_pid(server))
    pg = _spent(pg_before, _ticks_by_pid(_backends(database, admin)))
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    latencies.sort()
    return {
        "requests_per_second": count / seconds,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "app_cpu_ms_per_request": app * tick / count,
        "postgresql_cpu_ms_per_request": pg * tick / count,
        "requests": count,
    }


def _wait_ready(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} s'est arrêté (code {process.returncode}).")
        try:
            with socket_connect(port):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{what} ne répond pas sur le port {port}.")


def _listening_sockets(port: int) -> int:
    """Sockets listening on ``port`` (Linux): one per web process of ``clea serve --workers``."""
    found = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                found += 1
    return found


def _wait_listening(port: int, sockets: int) -> None:
    """Until every web process listens: a connection opened earlier would stay on the
    first ones for the whole run."""
    deadline = time.monotonic() + 180
    while _listening_sockets(port) < sockets:
        if time.monotonic() > deadline:
            raise SystemExit(f"{sockets} processus n'écoutent pas sur le port {port}.")
        time.sleep(0.5)


def socket_connect(port: int) -> Any:
    import socket

    return socket.create_connection(("127.0.0.1", port), timeout=1)


def prepare(url: str, admin: str, database: str, scale: int, env: dict[str, str]) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    subprocess.run([*CLEA, "db", "upgrade"], env=env, check=True)
    subprocess.run([*CLEA, "demo", "--scale", str(scale)], env=env, check=True)
    # After a bulk load autovacuum may not have run yet: without statistics and a
    # visibility map every server reads the tables the slow way (PostgreSQL's CPU per list
    # request was 4 times higher right after the load). A database in service has both.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _login(port: int, email: str) -> str:
    import urllib.request

    body = json.dumps(
        {
            "query": "mutation ($e: String!, $p: String!) { login(input: {email: $e, "
            "password: $p}) { errors { code } } }",
            "variables": {"e": email, "p": DEMO_PASSWORD},
        }
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
        assert answer["data"]["login"]["errors"] == [], answer
        cookie = response.headers.get_all("Set-Cookie")[0]
    return cookie.split(";", 1)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 20000)))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("SECONDS_PER_RUN", 5))
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", 3)))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("CLIENTS", 8)))
    parser.add_argument(
        "--only",
        default=os.environ.get("ONLY", ""),
        help="servers to run, comma-separated (clea_1,clea_2,postgraphile,floor; default: all)",
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
    with psycopg.connect(url, autocommit=True) as connection:
        adviser_id, organisation_id, email, dossiers = connection.execute(
            "SELECT d.adviser_id, d.organisation_id, u.email, count(*) FROM dossier d "
            "JOIN user_account u ON u.id = d.adviser_id GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 1"
        ).fetchone()
        organisation_total = connection.execute(
            "SELECT count(*) FROM dossier WHERE organisation_id = %s", (organisation_id,)
        ).fetchone()[0]
        (candidate_id,) = connection.execute(
            "SELECT candidate_id FROM dossier WHERE adviser_id = %s ORDER BY id DESC LIMIT 1",
            (adviser_id,),
        ).fetchone()

    postgraphile = VAR / "postgraphile"
    if not (postgraphile / "node_modules" / ".bin" / "postgraphile").exists():
        postgraphile.mkdir(parents=True, exist_ok=True)
        (postgraphile / "package.json").write_text('{"private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "postgraphile@4"],
            cwd=postgraphile,
            check=True,
        )
    ports = {"clea_1": 8761, "clea_2": 8762, "postgraphile": 8763, "floor": 8764}
    commands = {
        "clea_1": [*CLEA, "serve", "--port", str(ports["clea_1"]), "--no-worker"],
        "clea_2": [*CLEA, "serve", "--port", str(ports["clea_2"]), "--no-worker", "--workers", "2"],
        "postgraphile": [
            str(postgraphile / "node_modules" / ".bin" / "postgraphile"),
            "--connection",
            url,
            "--schema",
            "public",
            "--host",
            "127.0.0.1",
            "--port",
            str(ports["postgraphile"]),
            "--disable-query-log",
        ],
        "floor": [
            sys.executable,
            str(Path(__file__).with_name("floor_server.py")),
            url,
            str(ports["floor"]),
        ],
    }
    if args.only:
        wanted = set(args.only.split(","))
        commands = {name: command for name, command in commands.items() if name in wanted}
    processes: dict[str, subprocess.Popen[bytes]] = {}
    results: dict[str, Any] = {}
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        for name, process in processes.items():
            _wait_ready(ports[name], process, name)
        if "clea_2" in commands:
            _wait_listening(ports["clea_2"], 2)
        time.sleep(1)
        clea = [name for name in ("clea_1", "clea_2") if name in commands]
        cookies = {name: _login(ports[name], email) for name in clea}
        targets = []
        for name in clea:
            pids = [processes[name].pid]
            targets.append(
                Target(
                    f"{name}.list",
                    ports[name],
                    _request(ports[name], CLEA_LIST, {"adviserId": str(adviser_id)}, cookies[name]),
                    pids,
                )
            )
            targets.append(
                Target(
                    f"{name}.read",
                    ports[name],
                    _request(ports[name], CLEA_READ, {"id": str(candidate_id)}, cookies[name]),
                    pids,
                )
            )
        if "postgraphile" in commands:
            pg = ports["postgraphile"]
            pgpid = [processes["postgraphile"].pid]
            targets += [
                Target(
                    "postgraphile.list", pg, _request(pg, PG_LIST, {"a": str(adviser_id)}), pgpid
                ),
                Target(
                    "postgraphile.page_only",
                    pg,
                    _request(pg, PG_PAGE_ONLY, {"a": str(adviser_id)}),
                    pgpid,
                ),
                Target(
                    "postgraphile.read",
                    pg,
                    _request(pg, PG_READ, {"o": str(organisation_id), "id": str(candidate_id)}),
                    pgpid,
                ),
            ]
        if "floor" in commands:
            targets.append(
                Target(
                    "floor.page_only",
                    ports["floor"],
                    _request(ports["floor"], FLOOR_LIST, {"a": str(adviser_id)}),
                    [processes["floor"].pid],
                )
            )
        for target in targets:
            # Every list's first page and every read shows the adviser's newest candidate.
            target.expect = str(candidate_id).encode()
        runs: dict[str, list[dict[str, float]]] = {t.name: [] for t in targets}
        single: dict[str, list[dict[str, float]]] = {t.name: [] for t in targets}
        chance = random.Random(args.scale)
        with open("/proc/loadavg") as loadavg:
            load_before = loadavg.read().split()[:3]
        for round_number in range(args.rounds):
            order = targets[:]
            chance.shuffle(order)
            for target in order:
                runs[target.name].append(
                    measure(target, args.clients, args.seconds, database, args.admin_url)
                )
                single[target.name].append(
                    measure(target, 1, args.seconds / 2, database, args.admin_url)
                )
            print(f"tour {round_number + 1}/{args.rounds} terminé", file=sys.stderr)
        with open("/proc/loadavg") as loadavg:
            load_after = loadavg.read().split()[:3]
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()

    def median(values: list[dict[str, float]], key: str) -> float:
        return statistics.median(v[key] for v in values)

    summary = {
        name: {
            f"{key}": round(median(runs[name], key), 2)
            for key in (
                "requests_per_second",
                "p50_ms",
                "p99_ms",
                "app_cpu_ms_per_request",
                "postgresql_cpu_ms_per_request",
            )
        }
        | {"p50_ms_1_client": round(median(single[name], "p50_ms"), 2)}
        for name in runs
    }

    def ratios(a: str, b: str) -> list[float]:
        """Per round: throughput of a / throughput of b (interleaved, same conditions)."""
        if a not in runs or b not in runs:  # a server left out (--only)
            return []
        return [
            round(x["requests_per_second"] / y["requests_per_second"], 3)
            for x, y in zip(runs[a], runs[b], strict=True)
        ]

    results = {
        "scale": args.scale,
        "organisation_dossiers": organisation_total,
        "adviser_dossiers": dossiers,
        "clients": args.clients,
        "seconds_per_run": args.seconds,
        "rounds": args.rounds,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpus": os.cpu_count(),
        "summary": summary,
        "ratios_per_round": {
            "list: clea 1 process / postgraphile (page + counts)": ratios(
                "clea_1.list", "postgraphile.list"
            ),
            "list: clea 2 processes / postgraphile (page + counts)": ratios(
                "clea_2.list", "postgraphile.list"
            ),
            "list: clea 2 processes / clea 1 process": ratios("clea_2.list", "clea_1.list"),
            "list: clea 1 process / floor (page only)": ratios("clea_1.list", "floor.page_only"),
            "list: postgraphile page only / floor": ratios(
                "postgraphile.page_only", "floor.page_only"
            ),
            "read: clea 1 process / postgraphile": ratios("clea_1.read", "postgraphile.read"),
            "read: clea 2 processes / postgraphile": ratios("clea_2.read", "postgraphile.read"),
        },
        "runs": runs,
    }
    output = (
        VAR / "compare" / (f"{args.scale}.json" if not args.only else f"{args.scale}-only.json")
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(
        json.dumps(
            {
                k: results[k]
                for k in (
                    "scale",
                    "organisation_dossiers",
                    "load_average_before",
                    "load_average_after",
                    "summary",
                    "ratios_per_round",
                )
            },
            indent=2,
        )
    )
    print(f"Résultats : {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
