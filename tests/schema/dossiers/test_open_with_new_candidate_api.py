"""A dossier opened with a new candidate (the new-dossier wizard's last step): the candidate,
the interview and the dossier are saved together, or nothing is."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx

from tests.schema.dossiers.test_information_interview_api import viewer_id
from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CREATE_CANDIDATE, site_of

OPEN_NEW = """
mutation ($candidate: CreateCandidateInput, $candidateId: ID, $site: ID!, $heldOn: Date!,
  $adviser: ID!, $consent: Boolean! = true) { openDossier(input: {
  candidateId: $candidateId, newCandidate: $candidate, certificationCode: "CLEA_MANAGEMENT",
  siteId: $site, prescriberType: FRANCE_TRAVAIL, financing: CPF, consent: $consent,
  interview: {heldOn: $heldOn, adviserId: $adviser}})
  { dossier { id candidate { id birthName } informationInterview { heldOn outcome } }
    errors { code field message } } }
"""
RECORD_NEW = """
mutation ($candidate: CreateCandidateInput!, $adviser: ID!) { recordInformationInterview(input: {
  newCandidate: $candidate, certificationCode: "CLEA_MANAGEMENT", heldOn: "2026-01-05",
  adviserId: $adviser, outcome: DEFERRED}) { interview { id outcome } errors { code field } } }
"""
COUNT = """
query ($search: String!) { candidates(first: 5, filter: {search: $search}) { totalCount } }
"""


def new_candidate(name: str, **changes: Any) -> dict[str, Any]:
    return {
        "civility": "MADAME",
        "birthName": name,
        "firstNames": "Inès",
        "birthDate": "1991-03-14",
        "birthCountry": "France",
        "birthCity": "Lyon",
        "birthPostalCode": "69003",
        "statusAtRegistration": "JOBSEEKER",
        "educationLevel": "CAP_BEP",
        **changes,
    }


async def count(http: httpx.AsyncClient, name: str) -> int:
    answer = await post(http, COUNT, search=name)
    return int(answer["data"]["candidates"]["totalCount"])


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


async def test_a_new_candidate_opens_with_the_dossier_in_one_go(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    site, me, name = await site_of(adviser), await viewer_id(adviser), unique("Ouverte")
    today = dt.date.today().isoformat()
    answer = await post(
        adviser, OPEN_NEW, candidate=new_candidate(name), site=site, heldOn=today, adviser=me
    )
    opened = answer["data"]["openDossier"]
    assert opened["errors"] == []
    assert opened["dossier"]["candidate"]["birthName"].lower() == name.lower()
    assert opened["dossier"]["informationInterview"] == {"heldOn": today, "outcome": "ORIENTED"}
    assert await count(adviser, name) == 1


async def test_a_refused_opening_keeps_no_candidate(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    site, me, name = await site_of(adviser), await viewer_id(adviser), unique("Refusee")
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()

    # The dossier's part is wrong after the candidate was registered: both are rolled back
    answer = await post(
        adviser, OPEN_NEW, candidate=new_candidate(name), site=site, heldOn=future, adviser=me
    )
    refused = answer["data"]["openDossier"]
    assert refused["dossier"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("INVALID_INTERVIEW", "interview.heldOn")
    ]
    assert await count(adviser, name) == 0

    # The candidate's part is wrong: its fields are named inside newCandidate
    today = dt.date.today().isoformat()
    answer = await post(
        adviser,
        OPEN_NEW,
        candidate=new_candidate(name, email="pas-un-courriel", birthCity=""),
        site=site,
        heldOn=today,
        adviser=me,
    )
    refused = answer["data"]["openDossier"]
    assert refused["dossier"] is None
    assert sorted((e["code"], e["field"]) for e in refused["errors"]) == [
        ("INVALID_CANDIDATE", "newCandidate.birthCity"),
        ("INVALID_CANDIDATE", "newCandidate.email"),
    ]
    assert all(e["message"] for e in refused["errors"])
    assert await count(adviser, name) == 0

    # Neither an existing candidate nor a new one, or both: refused in French
    both = await post(
        adviser,
        OPEN_NEW,
        candidate=new_candidate(name),
        candidateId=str(uuid.uuid4()),
        site=site,
        heldOn=today,
        adviser=me,
    )
    assert [(e["code"], e["field"]) for e in both["data"]["openDossier"]["errors"]] == [
        ("INVALID_INPUT", "candidateId")
    ]
    assert await count(adviser, name) == 0


async def test_a_possible_duplicate_is_confirmed_or_the_existing_candidate_used(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    site, me, name = await site_of(adviser), await viewer_id(adviser), unique("Double")
    created = await post(adviser, CREATE_CANDIDATE, name=name)
    assert created["data"]["createCandidate"]["errors"] == []
    today = dt.date.today().isoformat()
    same = new_candidate(name, civility="MONSIEUR", firstNames="Yanis", birthDate="1998-06-30")

    answer = await post(adviser, OPEN_NEW, candidate=same, site=site, heldOn=today, adviser=me)
    refused = answer["data"]["openDossier"]
    assert [e["code"] for e in refused["errors"]] == ["POSSIBLE_DUPLICATE"]
    assert await count(adviser, name) == 1

    confirmed = {**same, "confirmNotDuplicate": True}
    answer = await post(adviser, OPEN_NEW, candidate=confirmed, site=site, heldOn=today, adviser=me)
    assert answer["data"]["openDossier"]["errors"] == []
    assert await count(adviser, name) == 2


async def test_an_interview_without_dossier_registers_its_new_candidate(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    me, name = await viewer_id(adviser), unique("Differee")
    answer = await post(adviser, RECORD_NEW, candidate=new_candidate(name), adviser=me)
    recorded = answer["data"]["recordInformationInterview"]
    assert recorded["errors"] == []
    assert recorded["interview"]["outcome"] == "DEFERRED"
    assert await count(adviser, name) == 1


async def test_another_organisation_cannot_open_for_a_candidate_it_does_not_hold(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    name = unique("Isolee")
    created = await post(adviser, CREATE_CANDIDATE, name=name)
    candidate = created["data"]["createCandidate"]["candidate"]["id"]

    other = await logged_in("admin@afpa-demo.fr")
    site, me = await site_of(other), await viewer_id(other)
    today = dt.date.today().isoformat()
    answer = await post(other, OPEN_NEW, candidateId=candidate, site=site, heldOn=today, adviser=me)
    refused = answer["data"]["openDossier"]
    assert refused["dossier"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_FOUND", "candidateId")]
    # Nothing was registered in the other organisation either
    assert await count(other, name) == 0
