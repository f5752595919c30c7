"""The jury scenario's set-up over the GraphQL API, as the Greta demo's adviser and evaluator
would through the screens ``test_pathway.py`` covers: a CléA dossier whose évaluation
préalable found everything acquired, so « prêt pour le jury ». Other scenarios reuse it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import httpx

DEMO_PASSWORD = "Plateforme-CleA-demo"
ADVISER = "conseiller@greta-demo.fr"
EVALUATOR = "evaluatrice@greta-demo.fr"
GRETA = "Greta démo Paris Centre"
CANDIDATE = ("Inès", "Marchetti")


async def graphql(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"X-Requested-With": "clea-web"},
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def api_login(http: httpx.AsyncClient, address: str) -> dict[str, Any]:
    login = await graphql(
        http,
        "mutation ($e: String!, $p: String!) { login(input: {email: $e, password: $p}) {"
        " viewer { activeOrganisation { name } memberships { organisation { id name } } }"
        " errors { message } } }",
        e=address,
        p=DEMO_PASSWORD,
    )
    assert login["login"]["errors"] == [], login
    viewer: dict[str, Any] = login["login"]["viewer"]
    return viewer


async def act_for_greta(http: httpx.AsyncClient, viewer: dict[str, Any]) -> None:
    """The evaluator also works for the Afpa demo: she acts for the Greta here."""
    if (viewer["activeOrganisation"] or {}).get("name") == GRETA:
        return
    (greta,) = [
        m["organisation"] for m in viewer["memberships"] if m["organisation"]["name"] == GRETA
    ]
    switched = await graphql(
        http,
        "mutation ($id: ID!) { switchOrganisation(input: {organisationId: $id}) "
        "{ viewer { activeOrganisation { name } } errors { message } } }",
        id=greta["id"],
    )
    assert switched["switchOrganisation"]["errors"] == [], switched


async def interviewed(adviser: httpx.AsyncClient, candidate_id: str, certification: str) -> None:
    """The signed-in adviser records the information interview that orients the candidate
    towards ``certification``, held today (a dossier opens only after one)."""
    viewer = await graphql(adviser, "{ viewer { user { id } } }")
    recorded = await graphql(
        adviser,
        "mutation ($c: ID!, $a: ID!, $code: String!, $on: Date!) { recordInformationInterview("
        "input: {candidateId: $c, certificationCode: $code, heldOn: $on, adviserId: $a,"
        " outcome: ORIENTED}) { interview { id } errors { message } } }",
        c=candidate_id,
        a=viewer["viewer"]["user"]["id"],
        code=certification,
        on=dt.date.today().isoformat(),
    )
    assert recorded["recordInformationInterview"]["errors"] == [], recorded


async def recorded_and_closed(
    evaluator: httpx.AsyncClient, evaluation: dict[str, Any], gaps: Collection[str] = ()
) -> None:
    """The evaluator records every targeted item — acquired, except ``gaps`` — and closes
    the evaluation."""
    saved = await graphql(
        evaluator,
        "mutation ($e: ID!, $r: Int!, $results: [ItemResultInput!]!) {"
        " saveEvaluationResults(input: {evaluationId: $e, revision: $r, results: $results})"
        " { revision errors { message } } }",
        e=evaluation["id"],
        r=evaluation["revision"],
        results=[
            {"itemCode": code, "value": "non_acquis" if code in gaps else "acquis"}
            for code in evaluation["targetItems"]
        ],
    )
    assert saved["saveEvaluationResults"]["errors"] == [], saved
    closed = await graphql(
        evaluator,
        "mutation ($e: ID!) { closeEvaluation(input: {evaluationId: $e})"
        " { evaluation { status } errors { message } } }",
        e=evaluation["id"],
    )
    assert closed["closeEvaluation"]["errors"] == [], closed


async def ready_for_jury_dossier(server_url: str) -> str:
    """A CléA dossier of the Greta demo whose évaluation préalable found everything acquired."""
    async with (
        httpx.AsyncClient(base_url=server_url, timeout=30) as adviser,
        httpx.AsyncClient(base_url=server_url, timeout=30) as evaluator,
    ):
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        site = (await graphql(adviser, "{ sites { id } }"))["sites"][0]["id"]
        first_names, birth_name = CANDIDATE
        created = await graphql(
            adviser,
            "mutation ($first: String!, $name: String!) { createCandidate(input: {"
            ' civility: MADAME, birthName: $name, firstNames: $first, birthDate: "1991-02-03",'
            ' birthCountry: "France", birthCity: "Paris", birthPostalCode: "75011",'
            ' addressLine: "12 rue Oberkampf", postalCode: "75011", city: "Paris",'
            " statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP, confirmNotDuplicate: true})"
            " { candidate { id } errors { message } } }",
            first=first_names,
            name=birth_name,
        )
        candidate = created["createCandidate"]
        assert candidate["errors"] == [], candidate
        await interviewed(adviser, candidate["candidate"]["id"], "CLEA")
        opened = await graphql(
            adviser,
            "mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,"
            ' certificationCode: "CLEA", siteId: $s, prescriberType: FRANCE_TRAVAIL,'
            " financing: CPF, consent: true}) { dossier { id } errors { message } } }",
            c=candidate["candidate"]["id"],
            s=site,
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
        await recorded_and_closed(evaluator, evaluation)
        dossier = await graphql(
            adviser,
            "query ($id: ID!) { dossier(id: $id) { ... on Dossier { status } } }",
            id=dossier_id,
        )
        assert dossier["dossier"]["status"] == "READY_FOR_JURY", dossier
        return dossier_id
