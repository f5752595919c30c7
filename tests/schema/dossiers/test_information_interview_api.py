"""The information interview through the API: recorded before the dossier opens, shown on
the dossier, refused for a future date, with a control character, or in another tenant."""

from __future__ import annotations

import datetime as dt

import httpx

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CREATE_CANDIDATE, INTERVIEW, OPEN, site_of

INTERVIEWS = """
query ($candidate: ID!) { informationInterviews(candidateId: $candidate) { id heldOn
  adviserName outcome note certificationCode } }
"""
DOSSIER = """
query ($id: ID!) { dossier(id: $id) { ... on Dossier { prescriberType
  informationInterview { heldOn adviserName outcome } } } }
"""
RECORD_WITH_NOTE = """
mutation ($candidate: ID!, $adviser: ID!, $note: String!) { recordInformationInterview(input: {
  candidateId: $candidate, certificationCode: "CLEA_MANAGEMENT", heldOn: "2026-01-05",
  adviserId: $adviser, outcome: DEFERRED, note: $note})
  { interview { id } errors { code field message } } }
"""
OPEN_BRANCH = """
mutation ($candidate: ID!, $site: ID!, $interview: ID) { openDossier(input: {
  candidateId: $candidate, certificationCode: "CLEA_MANAGEMENT", siteId: $site,
  prescriberType: PROFESSIONAL_BRANCH, prescriberName: "Branche de la propreté",
  financing: CPF, consent: true, informationInterviewId: $interview})
  { dossier { id } errors { code field message } } }
"""


async def viewer_id(http: httpx.AsyncClient) -> str:
    viewer = await post(http, "{ viewer { user { id } } }")
    return str(viewer["data"]["viewer"]["user"]["id"])


async def test_the_adviser_records_the_interview_and_the_dossier_shows_it(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    created = await post(adviser, CREATE_CANDIDATE, name="Entretenu")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    site = await site_of(adviser)
    me = await viewer_id(adviser)

    # Without an interview, the dossier does not open
    refused = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    assert refused["dossier"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("INTERVIEW_REQUIRED", "informationInterviewId")
    ]

    today = dt.date.today().isoformat()
    recorded = await post(
        adviser,
        INTERVIEW,
        candidate=candidate,
        adviser=me,
        certification="CLEA_MANAGEMENT",
        heldOn=today,
    )
    interview = recorded["data"]["recordInformationInterview"]["interview"]
    opened = await post(
        adviser, OPEN_BRANCH, candidate=candidate, site=site, interview=interview["id"]
    )
    assert opened["data"]["openDossier"]["errors"] == []

    dossier = await post(adviser, DOSSIER, id=opened["data"]["openDossier"]["dossier"]["id"])
    assert dossier["data"]["dossier"] == {
        "prescriberType": "PROFESSIONAL_BRANCH",
        "informationInterview": {
            "heldOn": today,
            "adviserName": interview["adviserName"],
            "outcome": "ORIENTED",
        },
    }
    listed = await post(adviser, INTERVIEWS, candidate=candidate)
    assert [i["id"] for i in listed["data"]["informationInterviews"]] == [interview["id"]]


async def test_a_future_date_and_control_characters_are_refused_in_french(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    created = await post(adviser, CREATE_CANDIDATE, name="Refuse-Entretien")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    me = await viewer_id(adviser)

    future = await post(
        adviser,
        INTERVIEW,
        candidate=candidate,
        adviser=me,
        certification="CLEA_MANAGEMENT",
        heldOn=(dt.date.today() + dt.timedelta(days=2)).isoformat(),
    )
    control = await post(adviser, RECORD_WITH_NOTE, candidate=candidate, adviser=me, note="a\x00b")
    too_long = await post(
        adviser, RECORD_WITH_NOTE, candidate=candidate, adviser=me, note="x" * 2001
    )

    errors = future["data"]["recordInformationInterview"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INTERVIEW", "heldOn")]
    assert "futur" in errors[0]["message"]
    for answer in (control, too_long):
        payload = answer["data"]["recordInformationInterview"]
        assert payload["interview"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", "note")]
    assert (await post(adviser, INTERVIEWS, candidate=candidate))["data"][
        "informationInterviews"
    ] == []


async def test_another_organisation_neither_records_nor_reads_an_interview(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    created = await post(adviser, CREATE_CANDIDATE, name="Greta-Seule")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    await post(
        adviser,
        INTERVIEW,
        candidate=candidate,
        adviser=await viewer_id(adviser),
        certification="CLEA_MANAGEMENT",
        heldOn=dt.date.today().isoformat(),
    )

    read = await post(afpa, INTERVIEWS, candidate=candidate)
    written = await post(
        afpa,
        INTERVIEW,
        candidate=candidate,
        adviser=await viewer_id(afpa),
        certification="CLEA_MANAGEMENT",
        heldOn=dt.date.today().isoformat(),
    )

    assert read["data"]["informationInterviews"] == []
    payload = written["data"]["recordInformationInterview"]
    assert payload["interview"] is None
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
