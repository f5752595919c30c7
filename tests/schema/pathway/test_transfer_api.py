"""A person followed by two organisations, through the API: the second one finds her (she
agreed to share), cannot open a second dossier for the same certification, and receives
her dossier, with its history, when the first one transfers it."""

from __future__ import annotations

import uuid
from typing import Any

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CREATE_CANDIDATE, interviewed, site_of

AFPA_SIRET = "82404926600014"
OPEN_SHARED = """
mutation ($candidate: ID!, $site: ID!, $share: Boolean!) { openDossier(input: {
  candidateId: $candidate, certificationCode: "CLEA_MANAGEMENT", siteId: $site,
  prescriberType: FRANCE_TRAVAIL, financing: CPF, consent: true, consentToShare: $share})
  { dossier { id revision } errors { code field message } } }
"""
ELSEWHERE = """
query ($id: ID!) { dossiersElsewhere(candidateId: $id)
  { certificationCode organisationName statusLabel } }
"""
TRANSFER = """
mutation ($id: ID!, $siret: String!, $revision: Int!, $consent: Boolean!) {
  transferDossier(input: {dossierId: $id, targetSiret: $siret, reason: "Déménagement à Lille",
    consent: $consent, revision: $revision})
  { transfer { dossierId organisationName siteName } errors { code field message } } }
"""
DOSSIER = """
query ($id: ID!) { dossier(id: $id) { __typename ... on Dossier { status
  candidate { birthName } timeline { kind comment } } } }
"""


async def registered(http: Any, name: str) -> str:
    created = await post(http, CREATE_CANDIDATE, name=name)
    assert created["data"]["createCandidate"]["errors"] == [], created
    return str(created["data"]["createCandidate"]["candidate"]["id"])


async def test_a_person_moves_from_one_organisation_to_another_with_her_dossier(
    logged_in: LoggedIn,
) -> None:
    greta = await logged_in("conseiller@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    name = f"Transfert-{uuid.uuid4().hex[:8]}"

    # The Greta opens her dossier; she agrees that other organisations may know of it
    at_greta = await registered(greta, name)
    await interviewed(greta, at_greta)
    opened = await post(
        greta, OPEN_SHARED, candidate=at_greta, site=await site_of(greta), share=True
    )
    assert opened["data"]["openDossier"]["errors"] == []
    dossier = opened["data"]["openDossier"]["dossier"]

    # The Afpa registers the same person: it finds where she is followed
    at_afpa = await registered(afpa, name.upper())
    elsewhere = (await post(afpa, ELSEWHERE, id=at_afpa))["data"]["dossiersElsewhere"]
    assert elsewhere == [
        {
            "certificationCode": "CLEA_MANAGEMENT",
            "organisationName": "Greta démo Paris Centre",
            "statusLabel": "ouvert",
        }
    ]
    # and cannot open a second dossier for the same certification
    second = await post(afpa, OPEN_SHARED, candidate=at_afpa, site=await site_of(afpa), share=False)
    assert second["data"]["openDossier"]["dossier"] is None
    (problem,) = second["data"]["openDossier"]["errors"]
    assert problem["code"] == "ALREADY_OPEN_ELSEWHERE"
    assert "Greta démo Paris Centre" in problem["message"]

    # The transfer needs her request; the Greta then transfers the dossier to the Afpa
    refused = await post(
        greta,
        TRANSFER,
        id=dossier["id"],
        siret=AFPA_SIRET,
        revision=dossier["revision"],
        consent=False,
    )
    assert refused["data"]["transferDossier"]["errors"][0]["code"] == "CONSENT_REQUIRED"
    moved = await post(
        greta,
        TRANSFER,
        id=dossier["id"],
        siret=AFPA_SIRET,
        revision=dossier["revision"],
        consent=True,
    )
    assert moved["data"]["transferDossier"] == {
        "transfer": {
            "dossierId": dossier["id"],
            "organisationName": "Afpa démo Lille",
            "siteName": "Afpa démo — Lille Hellemmes",
        },
        "errors": [],
    }

    # The Greta no longer sees it; the Afpa sees it with its history, on its own candidate
    gone = await post(greta, DOSSIER, id=dossier["id"])
    assert gone["data"]["dossier"]["__typename"] == "NotFound"
    here = (await post(afpa, DOSSIER, id=dossier["id"]))["data"]["dossier"]
    assert here["status"] == "OPENED"
    assert here["candidate"]["birthName"] == name.upper()
    assert [event["kind"] for event in here["timeline"]] == ["opened", "transfer"]
    assert "Déménagement à Lille" in here["timeline"][-1]["comment"]
    # And the Afpa's new dossier is no longer in the Greta's list: nothing elsewhere now
    assert (await post(afpa, ELSEWHERE, id=at_afpa))["data"]["dossiersElsewhere"] == []


async def test_only_advisers_and_admins_transfer_and_the_siret_is_checked(
    logged_in: LoggedIn,
) -> None:
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    adviser = await logged_in("conseiller@greta-demo.fr")
    some_id = str(uuid.uuid4())

    denied = await post(evaluator, TRANSFER, id=some_id, siret=AFPA_SIRET, revision=1, consent=True)
    hostile = await post(adviser, TRANSFER, id=some_id, siret="8240\x00", revision=1, consent=True)
    unknown = await post(adviser, TRANSFER, id=some_id, siret=AFPA_SIRET, revision=1, consent=True)

    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert hostile["data"]["transferDossier"]["errors"][0]["code"] == "INVALID_INPUT"
    assert hostile["data"]["transferDossier"]["errors"][0]["field"] == "targetSiret"
    assert unknown["data"]["transferDossier"]["errors"][0]["code"] == "NOT_FOUND"
