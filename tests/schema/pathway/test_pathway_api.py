"""The pathway through the API: candidate, dossier, évaluation préalable, plan, attestation."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import (
    ATTEST,
    CLOSE,
    CREATE_CANDIDATE,
    DOSSIER,
    OPEN,
    SAVE,
    START,
    interviewed,
    new_dossier,
    site_of,
    started_evaluation,
)


async def test_an_adviser_and_an_evaluator_take_a_candidate_to_training(
    logged_in: LoggedIn, client: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = await site_of(adviser)

    # The adviser registers the candidate and opens a CléA Management dossier
    created = await post(adviser, CREATE_CANDIDATE, name="Benkirane")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    await interviewed(adviser, candidate)
    opened = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    assert opened["errors"] == []
    dossier = opened["dossier"]["id"]

    # The evaluator starts the évaluation préalable and records the grid
    started = (await post(evaluator, START, id=dossier))["data"]["startEvaluation"]
    evaluation = started["evaluation"]["id"]
    assert started["evaluation"]["targetItems"] == ["1", "2", "3"]
    results = [
        {"itemCode": "1", "value": "acquis"},
        {"itemCode": "2", "value": "non_acquis", "comment": "À retravailler"},
        {"itemCode": "3", "value": "acquis"},
    ]
    saved = await post(evaluator, SAVE, id=evaluation, revision=0, results=results, key="g-1")
    retried = await post(evaluator, SAVE, id=evaluation, revision=0, results=results, key="g-1")
    stale = await post(
        evaluator, SAVE, id=evaluation, revision=0, results=[{"itemCode": "3", "value": "acquis"}]
    )
    assert saved["data"]["saveEvaluationResults"]["revision"] == 1
    assert retried["data"]["saveEvaluationResults"]["revision"] == 1
    conflict = stale["data"]["saveEvaluationResults"]["errors"][0]
    assert conflict["code"] == "STALE_REVISION"
    assert conflict["items"] == ["1", "2", "3"]

    # An adviser cannot record results: only evaluators do
    refused = await post(adviser, SAVE, id=evaluation, revision=1, results=results)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # Closing scores it with the plugin's rule and sends the dossier to training
    closed = (await post(evaluator, CLOSE, id=evaluation))["data"]["closeEvaluation"]
    assert closed["evaluation"]["outcome"]["gaps"] == ["2"]
    attestation = (await post(evaluator, ATTEST, id=evaluation))["data"]["issuePartialAttestation"]
    assert attestation["attestation"]["reference"].startswith("ATT-")
    pdf = await evaluator.get(attestation["attestation"]["downloadUrl"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (await client.get(attestation["attestation"]["downloadUrl"])).status_code == 401

    # The adviser builds the training plan from the gap
    plan = await post(
        adviser,
        "mutation ($id: ID!) { createTrainingPlan(input: {dossierId: $id}) "
        "{ trainingPlan { id } errors { code message } } }",
        id=dossier,
    )
    assert plan["data"]["createTrainingPlan"]["errors"] == []
    view = (await post(adviser, DOSSIER, id=dossier))["data"]["dossier"]
    assert view["status"] == "TRAINING"
    assert view["statusLabel"] == "en formation"
    assert "FINAL_EVALUATION" in view["allowedStatuses"]
    assert view["candidate"]["firstNames"] == "Yanis"
    # The attestation and the plan have their lines in the history, after the status changes.
    assert [(e["kind"], e["toStatus"]) for e in view["timeline"]] == [
        ("opened", "OPENED"),
        ("transition", "INITIAL_EVALUATION"),
        ("transition", "TRAINING"),
        ("attestation", None),
        ("training_plan", None),
    ]
    assert view["trainingPlan"]["objectives"][0]["itemCode"] == "2"


async def test_the_dossier_list_filters_counts_and_costs_the_same_whatever_the_page_size(
    logged_in: LoggedIn, count_queries: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    site = await site_of(adviser)
    for name in ("Liste-Un", "Liste-Deux", "Liste-Trois"):
        candidate = (await post(adviser, CREATE_CANDIDATE, name=name))["data"]["createCandidate"]
        await interviewed(adviser, candidate["candidate"]["id"])
        await post(adviser, OPEN, candidate=candidate["candidate"]["id"], site=site)
    listing = """
    query ($first: Int, $search: String) {
      dossiers(first: $first, filter: {search: $search}) {
        totalCount countsByStatus { status count }
        edges { node { id status certificationCode candidate { birthName }
                       progress { evaluated total } } }
      }
    }"""

    with count_queries() as small:
        one = await post(adviser, listing, first=1)
    with count_queries() as large:
        many = await post(adviser, listing, first=50)
    searched = await post(adviser, listing, first=50, search="liste deux")

    assert len(one["data"]["dossiers"]["edges"]) == 1
    assert len(many["data"]["dossiers"]["edges"]) >= 3
    assert len(small) == len(large)
    assert [e["node"]["candidate"]["birthName"] for e in searched["data"]["dossiers"]["edges"]] == [
        "Liste-Deux"
    ]
    counts = {c["status"]: c["count"] for c in many["data"]["dossiers"]["countsByStatus"]}
    assert counts["OPENED"] >= 3


async def test_advisers_and_evaluators_see_what_waits_on_them(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = await site_of(adviser)
    evaluator_id = (await post(evaluator, "{ viewer { user { id } } }"))["data"]["viewer"]["user"][
        "id"
    ]
    _, dossier = await new_dossier(adviser, "Travail-Attendu")
    dossier_id = dossier["dossier"]["id"]
    started = {"evaluation": await started_evaluation(evaluator, dossier_id)}
    planned = await post(
        evaluator,
        "mutation ($id: ID!, $site: ID!, $me: ID!) { planEvaluationSession(input: "
        '{evaluationId: $id, day: "2099-01-05", startsAt: "09:00", endsAt: "12:00", '
        "siteId: $site, evaluatorId: $me}) { errors { code message } } }",
        id=started["evaluation"]["id"],
        site=site,
        me=evaluator_id,
    )
    work = (
        "{ myWork { dossiersToHandle { id } upcomingSittings { session { day } dossier { id } } } }"
    )

    adviser_work = (await post(adviser, work))["data"]["myWork"]
    evaluator_work = (await post(evaluator, work))["data"]["myWork"]
    by_evaluator = await post(
        adviser,
        "query ($e: ID) { dossiers(filter: {evaluatorId: $e}, order: OLDEST_FIRST) "
        "{ edges { node { id } } } }",
        e=evaluator_id,
    )

    assert planned["data"]["planEvaluationSession"]["errors"] == []
    # the dossier left "opened" for the évaluation préalable: it no longer waits on the adviser
    assert dossier_id not in [d["id"] for d in adviser_work["dossiersToHandle"]]
    assert {"session": {"day": "2099-01-05"}, "dossier": {"id": dossier_id}} in evaluator_work[
        "upcomingSittings"
    ]
    assert dossier_id in [e["node"]["id"] for e in by_evaluator["data"]["dossiers"]["edges"]]
