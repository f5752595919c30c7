"""A fourth certification, shipped as a package of its own, reaches a verified certificate.

``tests/plugins/fourth_certification`` (CléA langues, test) is built into a wheel and
installed by pip — offline, into a folder of its own — and the platform is served with
that folder on its path: ``clea db upgrade``, ``clea demo`` and ``clea serve`` find the
plugin through its entry point, exactly as an installation would. Then, over the GraphQL
API only, as the Greta demo's people and Certif'Pro would: a new candidate's dossier is
opened on the fourth certification, its évaluation préalable finds everything acquired,
a paritaire jury session certifies it and closes, the certificate is issued in the
background, and its public verification answer is valid, signed with a key of the
platform's JWKS. The plugin, listening to the lifecycle hooks in the served process,
wrote down every step of the dossier's life.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from clea_platform.certificates import signing
from tests.e2e.api_setup import (
    act_for_greta,
    api_login,
    graphql,
    interviewed,
    recorded_and_closed,
)
from tests.e2e.conftest import clea, free_port
from tests.plugins.installed import install_fourth_certification

CODE = "CLEA_LANGUES_TEST"
TITLE = "CléA langues (test) — communiquer dans une langue étrangère au travail"
ADVISER = "conseiller@greta-demo.fr"
EVALUATOR = "evaluatrice@greta-demo.fr"
CERTIFPRO_ADMIN = "admin@certifpro.demo"
GRETA_SIREN = "130025265"
ISSUANCE_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def langues_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The platform served with the fourth certification installed; (URL, plugin journal)."""
    workdir = tmp_path_factory.mktemp("fourth-certification")
    site = install_fourth_certification(workdir)
    data_dir = workdir / "data"
    journal = workdir / "journal.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEA_")}
    env.update(
        PYTHONPATH=str(site),
        CLEA_DATA_DIR=str(data_dir),
        CLEA_ENV="development",
        CLEA_TEST_LANGUES_JOURNAL=str(journal),
    )
    clea("db", "upgrade", env=env)
    clea("demo", env=env)
    port = free_port()
    env["CLEA_BASE_URL"] = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "clea_platform.cli.main", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text())
                time.sleep(0.2)
            yield url, journal
        finally:
            process.terminate()
            process.wait(timeout=10)


def journal_lines(journal: Path) -> list[dict[str, Any]]:
    if not journal.exists():
        return []
    return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]


async def opened_and_evaluated(url: str) -> str:
    """A new candidate's dossier on the fourth certification, everything acquired."""
    async with (
        httpx.AsyncClient(base_url=url, timeout=30) as adviser,
        httpx.AsyncClient(base_url=url, timeout=30) as evaluator,
    ):
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        listed = (await graphql(adviser, "{ certifications { code title plugin } }"))[
            "certifications"
        ]
        assert listed[-1] == {"code": CODE, "title": TITLE, "plugin": "clea_test_langues"}
        site = (await graphql(adviser, "{ sites { id } }"))["sites"][0]["id"]
        created = await graphql(
            adviser,
            "mutation { createCandidate(input: {"
            ' civility: MONSIEUR, birthName: "Okafor", firstNames: "Chinedu",'
            ' birthDate: "1988-07-14", birthCountry: "France", birthCity: "Lyon",'
            ' birthPostalCode: "69003",'
            ' addressLine: "3 rue des Envierges", postalCode: "75020", city: "Paris",'
            " statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP, confirmNotDuplicate: true})"
            " { candidate { id } errors { message } } }",
        )
        assert created["createCandidate"]["errors"] == [], created
        await interviewed(adviser, created["createCandidate"]["candidate"]["id"], CODE)
        opened = await graphql(
            adviser,
            "mutation ($c: ID!, $s: ID!, $code: String!) { openDossier(input: {candidateId: $c,"
            " certificationCode: $code, siteId: $s, prescriberType: FRANCE_TRAVAIL,"
            " financing: CPF, consent: true}) { dossier { id status } errors { message } } }",
            c=created["createCandidate"]["candidate"]["id"],
            s=site,
            code=CODE,
        )
        assert opened["openDossier"]["errors"] == [], opened
        dossier_id: str = opened["openDossier"]["dossier"]["id"]

        await act_for_greta(evaluator, await api_login(evaluator, EVALUATOR))
        started = await graphql(
            evaluator,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL})"
            " { evaluation { id revision targetItems } errors { message } } }",
            d=dossier_id,
        )
        assert started["startEvaluation"]["errors"] == [], started
        evaluation = started["startEvaluation"]["evaluation"]
        # the plugin's référentiel: five criteria under two competences
        assert evaluation["targetItems"] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
        await recorded_and_closed(evaluator, evaluation)
        dossier = await graphql(
            adviser,
            "query ($id: ID!) { dossier(id: $id) { ... on Dossier { status windowEndsOn } } }",
            id=dossier_id,
        )
        # the plugin gives 3 years after the évaluation préalable, not CléA's 5
        assert dossier["dossier"]["status"] == "READY_FOR_JURY"
        window = dt.date.fromisoformat(dossier["dossier"]["windowEndsOn"])
        assert window.year - dt.date.today().year == 3
        return dossier_id


SESSION_FIELDS = "id status issuanceStatus certificatesIssued issuanceError"


async def certified_by_a_jury(url: str, dossier_id: str) -> None:
    """Certif'Pro convenes a paritaire session, certifies the dossier and closes it."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as admin:
        await api_login(admin, CERTIFPRO_ADMIN)
        roster = (
            await graphql(
                admin,
                "query ($code: String!) { juryMembers(certificationCode: $code)"
                " { id side affiliations } }",
                code=CODE,
            )
        )["juryMembers"]
        # one representative of each side, neither working with the Greta
        free = [m for m in roster if GRETA_SIREN not in m["affiliations"]]
        employer = next(m["id"] for m in free if m["side"] == "EMPLOYER")
        employee = next(m["id"] for m in free if m["side"] == "EMPLOYEE")
        convened = await graphql(
            admin,
            "mutation ($input: ConveneJurySessionInput!) { conveneJurySession(input: $input)"
            f" {{ session {{ {SESSION_FIELDS} }} errors {{ code message }} }} }}",
            input={
                "title": "Jury CléA langues (test)",
                "certificationCodes": [CODE],
                "region": "Île-de-France",
                "heldOn": dt.date.today().isoformat(),
                "place": "Paris",
                "memberIds": [employer, employee],
            },
        )
        assert convened["conveneJurySession"]["errors"] == [], convened
        session_id = convened["conveneJurySession"]["session"]["id"]
        for member in (employer, employee):
            attended = await graphql(
                admin,
                "mutation ($input: RecordJuryAttendanceInput!) {"
                " recordJuryAttendance(input: $input) { errors { code message } } }",
                input={"sessionId": session_id, "memberId": member, "present": True},
            )
            assert attended["recordJuryAttendance"]["errors"] == [], attended
        added = await graphql(
            admin,
            "mutation ($input: AddToJuryAgendaInput!) { addToJuryAgenda(input: $input)"
            " { errors { code message } } }",
            input={"sessionId": session_id, "dossierIds": [dossier_id]},
        )
        assert added["addToJuryAgenda"]["errors"] == [], added
        opened = await graphql(
            admin,
            "mutation ($id: ID!) { openJurySession(input: {id: $id})"
            f" {{ session {{ {SESSION_FIELDS} }} errors {{ code message }} }} }}",
            id=session_id,
        )
        assert opened["openJurySession"]["errors"] == [], opened
        decided = await graphql(
            admin,
            "mutation ($input: DecideJuryDossierInput!) { decideJuryDossier(input: $input)"
            " { decision { outcome } errors { code message } } }",
            input={
                "sessionId": session_id,
                "dossierId": dossier_id,
                "outcome": "CERTIFIED",
                "presidingMemberId": employer,
            },
        )
        assert decided["decideJuryDossier"]["errors"] == [], decided
        closed = await graphql(
            admin,
            "mutation ($id: ID!) { closeJurySession(input: {id: $id})"
            f" {{ session {{ {SESSION_FIELDS} }} errors {{ code message }} }} }}",
            id=session_id,
        )
        assert closed["closeJurySession"]["errors"] == [], closed
        # the certificate is issued by a background job
        deadline = time.monotonic() + ISSUANCE_TIMEOUT_S
        while True:
            current = (
                await graphql(
                    admin,
                    "query ($id: ID!) { jurySession(id: $id) {"
                    f" ... on JurySession {{ {SESSION_FIELDS} }} }} }}",
                    id=session_id,
                )
            )["jurySession"]
            if current["issuanceStatus"] == "DONE":
                break
            assert time.monotonic() < deadline, current
            time.sleep(0.3)
        assert (current["certificatesIssued"], current["issuanceError"]) == (1, "")


async def test_a_pip_installed_fourth_certification_takes_a_dossier_to_a_verified_certificate(
    langues_server: tuple[str, Path],
) -> None:
    url, journal = langues_server
    # given the fourth certification installed as a package, a dossier evaluated on it
    dossier_id = await opened_and_evaluated(url)
    # when a jury certifies it
    await certified_by_a_jury(url, dossier_id)

    # then the Greta finds the certificate of its dossier
    async with httpx.AsyncClient(base_url=url, timeout=30) as adviser:
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        edges = (
            await graphql(
                adviser,
                "query ($code: String!) { certificates(filter: {certificationCode: $code})"
                " { edges { node { dossierId number verificationCode status verifyUrl"
                " certificationTitle holderName } } } }",
                code=CODE,
            )
        )["certificates"]["edges"]
    (certificate,) = [e["node"] for e in edges if e["node"]["dossierId"] == dossier_id]
    assert certificate["status"] == "VALID"
    # the first of its certification this year (code with dashes, year, rank)
    assert certificate["number"] == f"CLEA-LANGUES-TEST-{dt.date.today().year}-000001"
    assert certificate["certificationTitle"] == TITLE

    # and anyone can verify it: valid, for the fourth certification, signed by the platform
    verified = httpx.get(f"{url}{certificate['verifyUrl']}", headers={"Accept": "application/json"})
    assert verified.status_code == 200
    answer = verified.json()
    assert answer["status"] == "valid"
    assert (answer["certificationCode"], answer["certificationTitle"]) == (CODE, TITLE)
    assert answer["certifier"] == "Certif'Pro"
    assert answer["number"] == certificate["number"]
    assert answer["holderName"] == certificate["holderName"] == "Chinedu Okafor"
    keys = httpx.get(f"{url}/.well-known/jwks.json").json()
    payload = signing.verify(answer["token"], keys)
    assert payload is not None
    assert payload["number"] == certificate["number"]
    assert payload["certification"]["code"] == CODE
    page = httpx.get(f"{url}{certificate['verifyUrl']}", headers={"Accept": "text/html"})
    assert TITLE in page.text

    # and the plugin, in the served process, heard every step of its dossier's life
    heard = [line for line in journal_lines(journal) if line["dossier_id"] == dossier_id]
    assert [(h["previous"], h["status"]) for h in heard if h["event"] == "status"] == [
        (None, "opened"),
        ("opened", "initial_evaluation"),
        ("initial_evaluation", "ready_for_jury"),
        ("ready_for_jury", "submitted_to_jury"),
        ("submitted_to_jury", "certified"),
    ]
    assert {"event": "evaluation", "dossier_id": dossier_id, "kind": "initial",
            "eligible": True} in heard  # fmt: skip
    assert {"event": "decision", "dossier_id": dossier_id, "outcome": "certified"} in heard
    assert {
        "event": "certificate",
        "dossier_id": dossier_id,
        "number": certificate["number"],
        "verification_code": certificate["verificationCode"],
    } in heard
