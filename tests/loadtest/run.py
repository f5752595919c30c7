"""``make loadtest``: a bounded mixed load on 2 app processes and 2 workers through
PgBouncer, then checks that nothing was lost; then the same with a node killed.

1. A throw-away PostgreSQL database (its owner and runtime roles), migrated, the demo.
2. A private PgBouncer in transaction pooling (``scripts/pgbouncer.sh``); two
   ``clea serve --no-worker`` (separate data folders, ``CLEA_STORAGE=postgresql``,
   ``CLEA_DATABASE_POOLING=transaction``) and two ``clea worker`` (the queue's own
   connections to PostgreSQL directly).
3. Set-up over the API: one evaluation per evaluator client (a new candidate and dossier
   of the Greta demo, its évaluation préalable started); dossiers ready for the jury
   (everything acquired at the évaluation préalable) on the agenda of a paritaire
   session that Certif'Pro convenes and opens, with two members present.
4. Run (``LOADTEST_SECONDS``, 40 s): advisers list and search dossiers, evaluators save
   grids, jury members record (and record again) decisions on their dossiers of the
   session, the public verifies certificates. Prints throughput, p50/p99 per operation,
   errors and retries.
5. Nothing lost: every grid's results in the database are the last acknowledged ones;
   every jury decision is the last one acknowledged to its member; certificate numbers
   are unique and without gap per series; every queued job ended once (no job failed,
   none still running, none started twice).
6. Fault run: the same load; node 1 is killed (SIGKILL) mid-run and restarted; clients
   retry on the other node; then the same checks.
Exit status 0 only if every check passes with no error.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.databases import throwaway_database
from tests.e2e.api_setup import (
    act_for_greta,
    api_login,
    graphql,
    interviewed,
    recorded_and_closed,
)
from tests.loadtest.population import (
    Bench,
    Client,
    Grid,
    Stats,
    adviser,
    evaluator,
    importer,
    juror,
    public,
)
from tests.scaleout.nodes import Node, clea, start_node, stop_node

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "40"))
ADVISERS, EVALUATORS, PUBLIC = 4, 4, 2
#: The jury members who decide (one paritaire pair: the demo's other employee
#: representative works with the Greta and is recused for its candidates), and the
#: dossiers each one decides.
JURORS = ("jury.employeur1@certifpro.demo", "jury.salarie1@certifpro.demo")
DOSSIERS_PER_JUROR = 2
CERTIFPRO_ADMIN = "admin@certifpro.demo"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def report(title: str, stats: Stats, seconds: float) -> int:
    print(f"\n== {title} ({seconds:.0f} s, charge {os.getloadavg()[0]:.1f})")
    print(
        f"{'opération':<22}{'requêtes':>9}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'erreurs':>9}{'reprises':>10}"
    )
    total = errors = 0
    for operation in sorted(set(stats.latencies) | set(stats.errors)):
        values = stats.latencies.get(operation, [])
        total += len(values)
        errors += stats.errors.get(operation, 0)
        print(
            f"{operation:<22}{len(values):>9}{len(values) / seconds:>8.1f}"
            f"{percentile(values, 0.5) if values else 0:>9.0f}"
            f"{percentile(values, 0.99) if values else 0:>9.0f}"
            f"{stats.errors.get(operation, 0):>9}{stats.retries.get(operation, 0):>10}"
        )
    print(f"{'total':<22}{total:>9}{total / seconds:>8.1f}{'':>18}{errors:>9}")
    return errors


async def new_grid(urls: list[str], index: int, *, closed: bool = False) -> Grid:
    """A dossier of the Greta demo whose évaluation préalable is open, for one evaluator
    (``closed``: recorded with everything acquired and closed, the dossier ready for the
    jury)."""
    async with (
        httpx.AsyncClient(base_url=urls[0], timeout=60) as adviser_http,
        httpx.AsyncClient(base_url=urls[0], timeout=60) as evaluator_http,
    ):
        await act_for_greta(adviser_http, await api_login(adviser_http, "conseiller@greta-demo.fr"))
        site = (await graphql(adviser_http, "{ sites { id } }"))["sites"][0]["id"]
        created = await graphql(
            adviser_http,
            "mutation ($first: String!, $name: String!) { createCandidate(input: {"
            ' civility: MADAME, birthName: $name, firstNames: $first, birthDate: "1990-05-04",'
            ' birthCountry: "France", birthCity: "Paris", birthPostalCode: "75011",'
            ' addressLine: "3 rue de la Charge", postalCode: "75011", city: "Paris",'
            " statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP, confirmNotDuplicate: true})"
            " { candidate { id } errors { message } } }",
            first=f"Charge{index}",
            name=f"Essai{index}",
        )
        candidate = created["createCandidate"]["candidate"]["id"]
        await interviewed(adviser_http, candidate, "CLEA")
        opened = await graphql(
            adviser_http,
            "mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,"
            ' certificationCode: "CLEA", siteId: $s, prescriberType: FRANCE_TRAVAIL,'
            " financing: CPF, consent: true}) { dossier { id } errors { message } } }",
            c=candidate,
            s=site,
        )
        dossier = opened["openDossier"]["dossier"]["id"]
        await act_for_greta(
            evaluator_http, await api_login(evaluator_http, "evaluatrice@greta-demo.fr")
        )
        started = await graphql(
            evaluator_http,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL})"
            " { evaluation { id revision targetItems } errors { message } } }",
            d=dossier,
        )
        evaluation = started["startEvaluation"]["evaluation"]
        if closed:
            await recorded_and_closed(evaluator_http, evaluation)
            return Grid(dossier, [], 0)
        return Grid(evaluation["id"], evaluation["targetItems"][:12], evaluation["revision"])


async def jury_benches(urls: list[str]) -> list[Bench]:
    """A paritaire session, convened and opened by Certif'Pro, with dossiers ready for the
    jury on its agenda: each member of ``JURORS`` decides their own share of them."""
    dossiers = [
        (await new_grid(urls, 100 + index, closed=True)).evaluation_id
        for index in range(len(JURORS) * DOSSIERS_PER_JUROR)
    ]
    async with httpx.AsyncClient(base_url=urls[0], timeout=60) as admin:
        await api_login(admin, CERTIFPRO_ADMIN)
        roster = await graphql(admin, '{ juryMembers(certificationCode: "CLEA") { id email } }')
        members = {m["email"]: m["id"] for m in roster["juryMembers"]}
        convened = await graphql(
            admin,
            "mutation ($input: ConveneJurySessionInput!) { conveneJurySession(input: $input)"
            " { session { id } errors { code message } } }",
            input={
                "title": f"Jury de la charge {uuid.uuid4().hex[:6]}",
                "certificationCodes": ["CLEA"],
                "region": "Île-de-France",
                "heldOn": dt.date.today().isoformat(),
                "place": "Paris",
                "memberIds": [members[email] for email in JURORS],
            },
        )
        assert convened["conveneJurySession"]["errors"] == [], convened
        session_id = convened["conveneJurySession"]["session"]["id"]
        steps: list[tuple[str, dict[str, Any]]] = [
            (
                "mutation ($input: RecordJuryAttendanceInput!) {"
                " recordJuryAttendance(input: $input) { errors { code message } } }",
                {"input": {"sessionId": session_id, "memberId": members[email], "present": True}},
            )
            for email in JURORS
        ]
        steps += [
            (
                "mutation ($input: AddToJuryAgendaInput!) { addToJuryAgenda(input: $input)"
                " { errors { code message } } }",
                {"input": {"sessionId": session_id, "dossierIds": dossiers}},
            ),
            (
                "mutation ($id: ID!) { openJurySession(input: {id: $id})"
                " { errors { code message } } }",
                {"id": session_id},
            ),
        ]
        for mutation, variables in steps:
            answer = await graphql(admin, mutation, **variables)
            assert next(iter(answer.values()))["errors"] == [], answer
    share = DOSSIERS_PER_JUROR
    return [
        Bench(session_id, dossiers[index * share : (index + 1) * share], email)
        for index, email in enumerate(JURORS)
    ]


async def signed_in(urls: list[str], stats: Stats, email: str) -> Client:
    """A client signed in as ``email``, acting for the Greta demo."""
    client = Client(urls, stats)
    await client.login(email)
    answer = await client.graphql(
        "login",
        "{ viewer { activeOrganisation { name } memberships { organisation { id name } } } }",
    )
    viewer = answer["viewer"]
    if (viewer["activeOrganisation"] or {}).get("name") != GRETA:
        (greta,) = [m["organisation"]["id"] for m in viewer["memberships"]
                    if m["organisation"]["name"] == GRETA]  # fmt: skip
        await client.graphql(
            "login",
            "mutation ($id: ID!) { switchOrganisation(input: {organisationId: $id})"
            " { errors { message } } }",
            id=greta,
        )
    return client


async def load(urls: list[str], grids: list[Grid], benches: list[Bench], codes: list[str],
               seconds: float, import_file: bytes, fault: Any = None) -> Stats:  # fmt: skip
    stats = Stats()
    advisers = [await signed_in(urls, stats, "conseiller@greta-demo.fr") for _ in range(ADVISERS)]
    evaluators = [await signed_in(urls, stats, "evaluatrice@greta-demo.fr") for _ in grids]
    jurors = [Client(urls, stats) for _ in benches]
    for client, bench in zip(jurors, benches, strict=True):
        await client.login(bench.member_email)
    public_clients = [
        Client(urls, stats, forwarded_for=f"198.51.100.{i + 1}") for i in range(PUBLIC)
    ]
    stats.latencies.clear()
    deadline = time.monotonic() + seconds
    tasks = [adviser(c, deadline) for c in advisers]
    tasks += [evaluator(c, g, deadline) for c, g in zip(evaluators, grids, strict=True)]
    tasks += [juror(c, b, deadline) for c, b in zip(jurors, benches, strict=True)]
    tasks += [public(c, codes, deadline) for c in public_clients]
    tasks.append(importer(advisers[0], import_file, deadline, every=seconds / 4))
    if fault is not None:
        tasks.append(fault(deadline))
    await asyncio.gather(*tasks)
    for client in advisers + evaluators + jurors + public_clients:
        await client.close()
    if stats.statuses:
        print(f"statuts en erreur : {dict(stats.statuses)}")
    return stats


def candidates_file(header: str) -> bytes:
    """A candidates CSV over the in-request limit (256 KB): its check is a queued job."""
    columns = header.count(";") + 1
    rows = [header]
    index = 0
    while sum(len(row) + 1 for row in rows) < 300 * 1024:
        index += 1
        rows.append(";".join([f"Charge{index}"] + [f"valeur{index}"] * (columns - 1)))
    return ("\n".join(rows) + "\n").encode()


def drain(admin_url: str, timeout: float = 120) -> None:
    """Wait for the workers to finish the queued jobs."""
    engine = create_engine(admin_url)
    deadline = time.monotonic() + timeout
    waiting = text(
        "SELECT count(*) FROM procrastinate.procrastinate_jobs WHERE status IN ('todo', 'doing')"
    )
    with engine.connect() as connection:
        while connection.execute(waiting).scalar_one() and time.monotonic() < deadline:
            connection.rollback()
            time.sleep(1)
    engine.dispose()


def check_nothing_lost(admin_url: str, grids: list[Grid], benches: list[Bench]) -> list[str]:
    """What the database holds against what the clients were told."""
    problems: list[str] = []
    drain(admin_url)
    engine = create_engine(admin_url)
    with engine.connect() as connection:
        for grid in grids:
            rows = connection.execute(
                text("SELECT item_code, value FROM item_result WHERE evaluation_id = :e"),
                {"e": grid.evaluation_id},
            ).all()
            stored = {code: value for code, value in rows if value is not None}
            if stored != grid.acknowledged:
                problems.append(f"grille {grid.evaluation_id} : {stored} != {grid.acknowledged}")
            revision = connection.execute(
                text("SELECT revision FROM evaluation WHERE id = :e"), {"e": grid.evaluation_id}
            ).scalar_one()
            if revision != grid.revision:
                problems.append(
                    f"grille {grid.evaluation_id} : révision {revision} != {grid.revision}"
                )
        for bench in benches:
            for dossier_id, comment in bench.acknowledged.items():
                stored = connection.execute(
                    text(
                        "SELECT candidate_comment FROM jury_decision WHERE session_id = :s"
                        " AND dossier_id = :d AND amends_id IS NULL"
                    ),
                    {"s": bench.session_id, "d": dossier_id},
                ).scalar_one_or_none()
                if stored != comment:
                    problems.append(f"décision du jury {dossier_id} : {stored!r} != {comment!r}")
        series: dict[str, list[int]] = defaultdict(list)
        numbers = connection.execute(text("SELECT number FROM certificate")).scalars().all()
        if len(numbers) != len(set(numbers)):
            problems.append("numéros de certificat en double")
        for number in numbers:
            if match := re.fullmatch(r"(.*?)(\d+)", number):
                series[match.group(1)].append(int(match.group(2)))
        for prefix, values in series.items():
            values.sort()
            if values != list(range(values[0], values[0] + len(values))):
                problems.append(f"série {prefix} : numéros non contigus {values}")
        jobs = connection.execute(
            text("SELECT status::text, count(*) FROM procrastinate.procrastinate_jobs GROUP BY 1")
        ).all()
        twice = connection.execute(
            text(
                "SELECT count(*) FROM (SELECT job_id FROM procrastinate.procrastinate_events"
                " WHERE type = 'started' GROUP BY job_id HAVING count(*) > 1) t"
            )
        ).scalar_one()
        bad = {status: n for status, n in jobs if status not in ("succeeded",)}
        print(f"tâches : {dict(jobs) or 'aucune'} ; lancées deux fois : {twice}")
        if bad:
            problems.append(f"tâches non terminées ou en échec : {bad}")
        if twice:
            problems.append(f"{twice} tâches lancées deux fois")
        print(f"certificats : {len(numbers)} numéros, {len(series)} séries")
    engine.dispose()
    saves = sum(g.saves for g in grids)
    decisions = sum(b.decisions for b in benches)
    if not problems:
        print(f"grilles : {saves} enregistrements acquittés, tous en base")
        print(f"jury : {decisions} décisions acquittées, la dernière de chaque dossier en base")
    return problems


GRETA = "Greta démo Paris Centre"


def start_worker(env: dict[str, str], folder: Path) -> subprocess.Popen[bytes]:
    log = (folder / "worker.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "clea_platform.cli.main", "worker", "--concurrency", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return process


def main() -> int:
    os.environ["CLEA_TEST_DATABASE"] = "postgresql"
    pgbouncer = ROOT / "scripts" / "pgbouncer.sh"
    port = subprocess.run([pgbouncer, "start"], check=True, capture_output=True, text=True)
    bouncer_port = port.stdout.strip()
    workers: list[subprocess.Popen[bytes]] = []
    started_nodes: list[Node] = []
    try:
        with (
            tempfile.TemporaryDirectory(prefix="clea-loadtest-") as scratch,
            throwaway_database(Path(scratch)) as database,
        ):
            folder = Path(scratch)
            direct = database.url
            pooled_url = (
                make_url(direct).set(port=int(bouncer_port)).render_as_string(hide_password=False)
            )
            secret = "charge-" + "k" * 48
            base = {**os.environ, "CLEA_ENV": "development", "CLEA_SECRET_KEY": secret}
            setup = {**base, **database.environ(), "CLEA_DATA_DIR": str(folder / "setup")}
            print("Base de test : migration et démo…", flush=True)
            clea("db", "upgrade", env=setup)
            clea("demo", env=setup)
            env = {
                **base,
                "CLEA_DATABASE_URL": pooled_url,
                "CLEA_DATABASE_POOLING": "transaction",
                "CLEA_JOBS_DATABASE_URL": direct,
                "CLEA_STORAGE": "postgresql",
                "CLEA_TRUSTED_PROXIES": "127.0.0.1",
            }
            for index in range(2):
                started_nodes.append(start_node(folder / f"node-{index + 1}", env, "--no-worker"))
                workers.append(
                    start_worker({**env, "CLEA_DATA_DIR": str(folder / f"w{index}")}, folder)
                )
            urls = [node.url for node in started_nodes]
            print(f"PgBouncer :{bouncer_port}, nœuds {urls}, 2 workers", flush=True)
            grids = asyncio.run(_grids(urls))
            benches = asyncio.run(jury_benches(urls))
            engine = create_engine(database.admin_url)
            with engine.connect() as connection:
                codes = (
                    connection.execute(text("SELECT verification_code FROM certificate"))
                    .scalars()
                    .all()
                )
            engine.dispose()
            header = httpx.get(urls[0] + "/exchange/imports/modeles/candidats.csv", timeout=30)
            import_file = candidates_file(header.text.lstrip("\ufeff").splitlines()[0])
            stats = asyncio.run(load(urls, grids, benches, list(codes), SECONDS, import_file))
            errors = report("Charge mixte", stats, SECONDS)
            problems = check_nothing_lost(database.admin_url, grids, benches)

            async def kill_and_restart(deadline: float) -> None:
                await asyncio.sleep(SECONDS / 3)
                victim = started_nodes[0]
                victim.process.send_signal(signal.SIGKILL)
                victim.process.wait()
                print(f"\nnœud 1 tué (SIGKILL) à t+{SECONDS / 3:.0f} s", flush=True)
                await asyncio.sleep(2)
                restarted = await asyncio.to_thread(
                    start_node, victim.data_dir, env, "--no-worker", port=_port(victim.url)
                )
                started_nodes[0] = restarted
                print(f"nœud 1 redémarré ({restarted.url})", flush=True)

            stats = asyncio.run(
                load(urls, grids, benches, list(codes), SECONDS, import_file, kill_and_restart)
            )
            errors += report("Panne : un nœud tué puis redémarré", stats, SECONDS)
            problems += check_nothing_lost(database.admin_url, grids, benches)
            for problem in problems:
                print("PERTE :", problem)
            print(f"\n{'OK' if not problems and not errors else 'ÉCHEC'} : {errors} erreurs, "
                  f"{len(problems)} pertes")  # fmt: skip
            return 0 if not problems and not errors else 1
    finally:
        for node in started_nodes:
            stop_node(node)
        stop_workers(workers)
        subprocess.run([pgbouncer, "stop"], check=False)


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    """Ask every worker to stop (they finish their jobs), then end those that linger."""
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


async def _grids(urls: list[str]) -> list[Grid]:
    return [await new_grid(urls, index) for index in range(EVALUATORS)]


if __name__ == "__main__":
    sys.exit(main())
