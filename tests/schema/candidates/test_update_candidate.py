"""An adviser corrects a candidate through the API: `updateCandidate`."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post

CREATE = """
mutation ($name: String!) { createCandidate(input: {civility: MADAME, birthName: $name,
  firstNames: "Inès", birthDate: "1988-09-14", birthCountry: "France", birthCity: "Lyon",
  statusAtRegistration: EMPLOYEE, educationLevel: BAC, confirmNotDuplicate: true})
  { candidate { id revision } errors { code field message } } }
"""
UPDATE = """
mutation ($input: UpdateCandidateInput!) { updateCandidate(input: $input) {
  candidate { id revision birthName usageName phone addressLine postalCode city
              birthPostalCode professionalProject }
  errors { code field message } } }
"""
READ = """
query ($id: ID!) { candidate(id: $id) {
  ... on Candidate { revision usageName addressLine professionalProject } } }
"""


def fields(candidate: str, revision: int, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": candidate,
        "revision": revision,
        "civility": "MADAME",
        "birthName": changes.pop("birthName", "Corrigée"),
        "firstNames": "Inès",
        "birthDate": "1988-09-14",
        "birthCountry": "France",
        "birthCity": "Lyon",
        "statusAtRegistration": "EMPLOYEE",
        "educationLevel": "BAC",
    }
    values.update(changes)
    return values


async def test_an_adviser_corrects_a_candidate_and_a_colleague_with_an_old_copy_is_told(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    admin = await logged_in("admin@greta-demo.fr")
    created = (await post(adviser, CREATE, name="Corrigée"))["data"]["createCandidate"]
    candidate = created["candidate"]["id"]
    assert created["candidate"]["revision"] == 1

    corrected = await post(
        adviser,
        UPDATE,
        input=fields(
            candidate,
            1,
            usageName="Bernard",
            phone="06 98 76 54 32",
            addressLine="12 rue des Lilas",
            postalCode="69003",
            city="Lyon",
            professionalProject="Aide-soignante",
        ),
    )
    stale = await post(admin, UPDATE, input=fields(candidate, 1, city="Villeurbanne"))
    read = await post(adviser, READ, id=candidate)
    events = await post(
        admin,
        'query { auditEvents(filter: {operation: "candidate.update"}, first: 100) '
        "{ edges { node { objectIds outcome } } } }",
    )

    payload = corrected["data"]["updateCandidate"]
    assert payload["errors"] == []
    assert payload["candidate"] == {
        "id": candidate,
        "revision": 2,
        "birthName": "Corrigée",
        "usageName": "Bernard",
        "phone": "0698765432",
        "addressLine": "12 rue des Lilas",
        "postalCode": "69003",
        "city": "Lyon",
        "birthPostalCode": "",
        "professionalProject": "Aide-soignante",
    }
    assert stale["data"]["updateCandidate"]["candidate"] is None
    assert [(e["code"], e["field"]) for e in stale["data"]["updateCandidate"]["errors"]] == [
        ("STALE_REVISION", "revision")
    ]
    assert read["data"]["candidate"] == {
        "revision": 2,
        "usageName": "Bernard",
        "addressLine": "12 rue des Lilas",
        "professionalProject": "Aide-soignante",
    }
    nodes = [e["node"] for e in events["data"]["auditEvents"]["edges"]]
    assert {"objectIds": [candidate], "outcome": "ok"} in nodes


async def test_invalid_fields_come_back_next_to_their_field_in_french(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    candidate = (await post(adviser, CREATE, name="Invalide"))["data"]["createCandidate"]

    refused = await post(
        adviser,
        UPDATE,
        input=fields(
            candidate["candidate"]["id"],
            1,
            birthName="Invalide",
            email="pas-une-adresse",
            birthCountry="Maroc",
        ),
    )

    errors = refused["data"]["updateCandidate"]["errors"]
    assert {(e["code"], e["field"]) for e in errors} == {
        ("INVALID_EMAIL", "email"),
        ("INVALID_CHOICE", "bornAbroad"),
    }
    assert all(e["message"] for e in errors)


async def test_an_evaluator_cannot_correct_a_candidate(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    candidate = (await post(adviser, CREATE, name="Protégée"))["data"]["createCandidate"]

    refused = await post(
        evaluator, UPDATE, input=fields(candidate["candidate"]["id"], 1, birthName="Protégée")
    )

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
