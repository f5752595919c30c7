"""The candidate's data rights: see and download their data, ask for a correction (a task
for the organisation's advisers), see which organisations accessed their dossier."""

from __future__ import annotations

from typing import Any

from tests.candidate_space.helpers import (
    SPACE,
    invited_candidate,
    seed_candidate,
    seed_organisation,
)
from tests.isolation.helpers import post

CORRECTION = """
mutation ($dossier: ID!, $message: String!) {
  requestDataCorrection(input: {dossierId: $dossier, message: $message}) {
    ok errors { code field message } } }
"""
REQUESTS = "query { correctionRequests { id candidateId candidateName message } }"
RESOLVE = """
mutation ($id: ID!) { resolveCorrectionRequest(input: {id: $id}) { ok errors { code } } }
"""


async def test_the_candidate_downloads_everything_each_organisation_holds_about_them(
    app: Any,
) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, birth_name="Export-Nguyen")
    browser = await invited_candidate(app, lea)

    body = await post(browser, "query { candidateDataExport { data } }")

    (held,) = body["data"]["candidateDataExport"]["data"]["organisations"]
    assert held["organisation"] == greta.name
    assert held["data"]["candidate"]["birth_name"] == "Export-Nguyen"
    assert [d["id"] for d in held["data"]["dossiers"]] == [str(lea.dossier_id)]


async def test_a_correction_request_becomes_a_task_for_the_organisations_advisers(
    app: Any,
) -> None:
    greta = await seed_organisation(app, "Greta")
    afpa = await seed_organisation(app, "Afpa")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)

    body = await post(
        browser, CORRECTION, dossier=str(lea.dossier_id), message="Mon nom s'écrit Nguyen."
    )

    assert body["data"]["requestDataCorrection"] == {"ok": True, "errors": []}
    tasks = (await post(greta.adviser, REQUESTS))["data"]["correctionRequests"]
    (task,) = [t for t in tasks if t["candidateId"] == str(lea.candidate_id)]
    assert task["message"] == "Mon nom s'écrit Nguyen."
    assert (await post(afpa.adviser, REQUESTS))["data"]["correctionRequests"] == []

    # Another organisation cannot close it; the adviser can, and the task leaves the list
    refused = await post(afpa.adviser, RESOLVE, id=task["id"])
    assert refused["data"]["resolveCorrectionRequest"]["errors"][0]["code"] == "NOT_FOUND"
    done = await post(greta.adviser, RESOLVE, id=task["id"])
    assert done["data"]["resolveCorrectionRequest"] == {"ok": True, "errors": []}
    tasks = (await post(greta.adviser, REQUESTS))["data"]["correctionRequests"]
    assert task["id"] not in {t["id"] for t in tasks}


MY_WORK = "query { myWork { correctionRequests { id candidateId candidateName message } } }"


async def test_correction_requests_are_in_the_advisers_my_work_list(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    afpa = await seed_organisation(app, "Afpa")
    lea = await seed_candidate(app, greta, first_names="Léa", birth_name="Travail-Martin")
    browser = await invited_candidate(app, lea)
    await post(browser, CORRECTION, dossier=str(lea.dossier_id), message="Mon adresse a changé.")

    work = (await post(greta.adviser, MY_WORK))["data"]["myWork"]["correctionRequests"]
    (task,) = [t for t in work if t["candidateId"] == str(lea.candidate_id)]
    assert task["candidateName"] == "Léa Travail-Martin"
    assert task["message"] == "Mon adresse a changé."
    # Another organisation's adviser never sees it in their work
    elsewhere = (await post(afpa.adviser, MY_WORK))["data"]["myWork"]["correctionRequests"]
    assert str(lea.candidate_id) not in {t["candidateId"] for t in elsewhere}

    # Handled, it leaves the list
    await post(greta.adviser, RESOLVE, id=task["id"])
    work = (await post(greta.adviser, MY_WORK))["data"]["myWork"]["correctionRequests"]
    assert task["id"] not in {t["id"] for t in work}


async def test_an_empty_correction_request_is_refused_and_nothing_is_sent(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)

    body = await post(browser, CORRECTION, dossier=str(lea.dossier_id), message="   \n ")

    (problem,) = body["data"]["requestDataCorrection"]["errors"]
    assert problem == {
        "code": "EMPTY_REQUEST",
        "field": "message",
        "message": "Écrivez ce qu'il faut corriger. Par exemple : « Mon nom s'écrit Dupont. »",
    }
    tasks = (await post(greta.adviser, REQUESTS))["data"]["correctionRequests"]
    assert all(t["candidateId"] != str(lea.candidate_id) for t in tasks)


async def test_the_candidate_sees_which_organisations_accessed_their_dossier(app: Any) -> None:
    # Given Léa's organisation invited her (a professional act on her data, audited)
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)
    await post(browser, SPACE)  # her own reads are not an organisation's access

    body = await post(browser, "query { candidateDataAccesses { organisationName lastAccessAt } }")

    accesses = body["data"]["candidateDataAccesses"]
    assert [a["organisationName"] for a in accesses] == [greta.name]
    assert "Sophie" not in str(accesses)


async def test_the_consent_date_is_shown_with_each_dossier(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)

    (dossier,) = (await post(browser, SPACE))["data"]["candidateSpace"]["dossiers"]

    assert dossier["consentAt"] is not None
    assert dossier["acquiredDomains"]  # the first domain, acquired at the évaluation préalable
    assert dossier["sittings"][0]["kindLabel"] == "Évaluation préalable"
