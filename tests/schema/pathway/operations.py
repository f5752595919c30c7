"""The pathway's GraphQL operations as the API tests send them, and their common set-up.

Most API tests start the same way: the adviser registers a candidate and opens a CléA
Management dossier, the evaluator starts its évaluation préalable. :func:`new_dossier` and
:func:`started_evaluation` do it once for all of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from tests.schema.identity.conftest import post

CREATE_CANDIDATE = """
mutation ($name: String!) { createCandidate(input: {civility: MONSIEUR, birthName: $name,
  firstNames: "Yanis", birthDate: "1998-06-30", birthCountry: "France", birthCity: "Paris",
  birthPostalCode: "75018", statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP,
  phone: "06 11 22 33 44"}) { candidate { id } errors { code field message } } }
"""
OPEN = """
mutation ($candidate: ID!, $site: ID!) { openDossier(input: {candidateId: $candidate,
  certificationCode: "CLEA_MANAGEMENT", siteId: $site, prescriberType: FRANCE_TRAVAIL,
  financing: CPF, consent: true}) { dossier { id status revision } errors { code field message } } }
"""
INTERVIEW = """
mutation ($candidate: ID!, $adviser: ID!, $certification: String!, $heldOn: Date!) {
  recordInformationInterview(input: {candidateId: $candidate, certificationCode: $certification,
  heldOn: $heldOn, adviserId: $adviser, outcome: ORIENTED})
  { interview { id heldOn adviserName outcome } errors { code field message } } }
"""
START = """
mutation ($id: ID!) { startEvaluation(input: {dossierId: $id, kind: INITIAL})
  { evaluation { id revision targetItems } errors { code message } } }
"""
SAVE = """
mutation ($id: ID!, $revision: Int!, $results: [ItemResultInput!]!, $key: String) {
  saveEvaluationResults(input: {evaluationId: $id, revision: $revision, results: $results,
    idempotencyKey: $key}) { revision saved errors { code field message items } } }
"""
CLOSE = """
mutation ($id: ID!) { closeEvaluation(input: {evaluationId: $id})
  { evaluation { status outcome } errors { code message items } } }
"""
ATTEST = """
mutation ($id: ID!) { issuePartialAttestation(input: {evaluationId: $id})
  { attestation { reference downloadUrl } errors { code message } } }
"""
DOSSIER = """
query ($id: ID!) { dossier(id: $id) { ... on Dossier { status statusLabel allowedStatuses
  candidate { firstNames } timeline { kind toStatus actorLabel }
  evaluations { kind status results { itemCode value } }
  trainingPlan { objectives { itemCode objective } } } } }
"""


#: The demo organisations' accredited sites (other tests may add sites to them).
ACCREDITED_DEMO_SITES = {"13002526500013", "82404926600014"}


async def site_of(http: httpx.AsyncClient) -> str:
    """The caller's organisation's accredited demo site, whatever sites others added."""
    sites = (await post(http, "{ sites { id siret } }"))["data"]["sites"]
    (site,) = [s["id"] for s in sites if s["siret"] in ACCREDITED_DEMO_SITES]
    return str(site)


async def interviewed(
    adviser: httpx.AsyncClient, candidate: str, certification: str = "CLEA_MANAGEMENT"
) -> dict[str, Any]:
    """The adviser (the signed-in person) records the information interview that orients
    ``candidate`` towards ``certification``, held today: the ``recordInformationInterview``
    payload."""
    viewer = await post(adviser, "{ viewer { user { id } } }")
    recorded = await post(
        adviser,
        INTERVIEW,
        candidate=candidate,
        adviser=viewer["data"]["viewer"]["user"]["id"],
        certification=certification,
        heldOn=dt.date.today().isoformat(),
    )
    payload: dict[str, Any] = recorded["data"]["recordInformationInterview"]
    assert payload["errors"] == [], payload
    return payload


async def new_dossier(adviser: httpx.AsyncClient, name: str) -> tuple[str, dict[str, Any]]:
    """The adviser registers candidate ``name`` and opens a CléA Management dossier:
    (the candidate's ID, the ``openDossier`` payload)."""
    created = await post(adviser, CREATE_CANDIDATE, name=name)
    candidate = str(created["data"]["createCandidate"]["candidate"]["id"])
    await interviewed(adviser, candidate)
    opened = await post(adviser, OPEN, candidate=candidate, site=await site_of(adviser))
    payload: dict[str, Any] = opened["data"]["openDossier"]
    assert payload["errors"] == [], payload
    return candidate, payload


async def started_evaluation(evaluator: httpx.AsyncClient, dossier_id: str) -> dict[str, Any]:
    """The evaluator starts the dossier's évaluation préalable: the ``evaluation`` started."""
    started = await post(evaluator, START, id=dossier_id)
    evaluation: dict[str, Any] = started["data"]["startEvaluation"]["evaluation"]
    return evaluation
