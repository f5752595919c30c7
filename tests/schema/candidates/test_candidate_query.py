"""Reading a candidate through the API: audited, and "not found" in one shape."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CREATE_CANDIDATE

CANDIDATE = """
query ($id: ID!) { candidate(id: $id) {
  __typename ... on Candidate { birthName } ... on NotFound { message asked: requestedId } } }
"""


async def test_reading_a_candidate_is_recorded_in_the_audit_log(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    admin = await logged_in("admin@greta-demo.fr")
    created = await post(adviser, CREATE_CANDIDATE, name="Lecture-Auditee")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]

    await post(adviser, CANDIDATE, id=candidate)
    events = await post(
        admin,
        'query { auditEvents(filter: {operation: "candidate.read"}, first: 100) '
        "{ edges { node { objectIds actorLabel } } } }",
    )

    reads = [e["node"] for e in events["data"]["auditEvents"]["edges"]]
    assert any(candidate in r["objectIds"] and "Karim Benali" in r["actorLabel"] for r in reads)


async def test_a_candidate_that_is_not_there_is_not_found_in_french(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    unknown = await post(adviser, CANDIDATE, id="01900000-0000-7000-8000-000000000000")
    malformed = await post(adviser, CANDIDATE, id="pas-un-identifiant")

    assert unknown["data"]["candidate"] == {
        "__typename": "NotFound",
        "message": "Candidat introuvable.",
        "asked": "01900000-0000-7000-8000-000000000000",
    }
    assert malformed["data"]["candidate"]["__typename"] == "NotFound"
    assert malformed["data"]["candidate"]["asked"] == "pas-un-identifiant"
