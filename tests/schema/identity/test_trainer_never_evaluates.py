"""Through the API: the candidate's trainer is never one of their evaluators in the dossier."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import interviewed, site_of

MEMBERS = "{ members(first: 100) { edges { node { id roles user { email } } } } }"
UPDATE_ROLES = """
mutation ($id: ID!, $roles: [Role!]!) {
  updateMemberRoles(input: {membershipId: $id, roles: $roles}) { errors { code } }
}
"""
UPDATE_PLAN = """
mutation ($p: ID!, $r: Int!, $t: ID) { updateTrainingPlan(input: {planId: $p, revision: $r,
  objectives: [{itemCode: "2", objective: "Animer"}], hoursByDomain: {}, trainerId: $t})
  { trainingPlan { trainerId revision } errors { code field message } } }
"""
PLAN_QUERY = """
query ($d: ID!) { dossier(id: $d) { ... on Dossier { trainingPlan { trainerId revision } } } }
"""


async def dossier_in_training(adviser: httpx.AsyncClient, evaluator: httpx.AsyncClient) -> Any:
    """A new candidate's CléA Management dossier: the évaluation préalable recorded and closed
    by the evaluator, a training plan created; returns (dossier id, plan id)."""
    site = await site_of(adviser)
    # A person of her own: one active dossier per person and certification, anywhere.
    name = f"Formée-{uuid.uuid4().hex[:8]}"
    candidate = await post(
        adviser,
        """mutation ($name: String!) { createCandidate(input: {civility: MADAME,
        birthName: $name, firstNames: "Inès", birthDate: "1991-06-07", birthCountry: "France",
        birthCity: "Lyon", statusAtRegistration: JOBSEEKER, educationLevel: BAC,
        confirmNotDuplicate: true}) { candidate { id } } }""",
        name=name,
    )
    candidate_id = candidate["data"]["createCandidate"]["candidate"]["id"]
    await interviewed(adviser, candidate_id)
    dossier = await post(
        adviser,
        """mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,
        certificationCode: "CLEA_MANAGEMENT", siteId: $s, prescriberType: SELF, financing: CPF,
        consent: true}) { dossier { id } errors { message } } }""",
        c=candidate_id,
        s=site,
    )
    assert dossier["data"]["openDossier"]["dossier"] is not None, dossier
    dossier_id = dossier["data"]["openDossier"]["dossier"]["id"]
    started = await post(
        evaluator,
        "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL}) "
        "{ evaluation { id } } }",
        d=dossier_id,
    )
    evaluation = started["data"]["startEvaluation"]["evaluation"]["id"]
    saved = await post(
        evaluator,
        """mutation ($e: ID!) { saveEvaluationResults(input: {evaluationId: $e, revision: 0,
        results: [{itemCode: "1", value: "acquis"}, {itemCode: "2", value: "non_acquis"},
        {itemCode: "3", value: "acquis"}]}) { errors { code } } }""",
        e=evaluation,
    )
    assert saved["data"]["saveEvaluationResults"]["errors"] == []
    closed = await post(
        evaluator,
        "mutation ($e: ID!) { closeEvaluation(input: {evaluationId: $e}) { errors { code } } }",
        e=evaluation,
    )
    assert closed["data"]["closeEvaluation"]["errors"] == []
    plan = await post(
        adviser,
        "mutation ($d: ID!) { createTrainingPlan(input: {dossierId: $d}) "
        "{ trainingPlan { id revision } } }",
        d=dossier_id,
    )
    return dossier_id, plan["data"]["createTrainingPlan"]["trainingPlan"]["id"], site


async def test_the_evaluator_of_the_evaluation_prealable_is_refused_as_trainer(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    dossier_id, plan_id, _ = await dossier_in_training(adviser, evaluator)
    sophie = (await post(evaluator, "{ viewer { user { id } } }"))["data"]["viewer"]["user"]["id"]
    members = (await post(admin, MEMBERS))["data"]["members"]["edges"]
    membership = next(
        m["node"] for m in members if m["node"]["user"]["email"] == "evaluatrice@greta-demo.fr"
    )
    # Sophie, who evaluated the candidate, also becomes a trainer of the organisation
    promoted = await post(admin, UPDATE_ROLES, id=membership["id"], roles=["EVALUATOR", "TRAINER"])
    assert promoted["data"]["updateMemberRoles"]["errors"] == []
    try:
        # When the adviser names her the candidate's trainer
        refused = await post(adviser, UPDATE_PLAN, p=plan_id, r=1, t=sophie)
    finally:
        await post(admin, UPDATE_ROLES, id=membership["id"], roles=membership["roles"])

    # Then it is a typed refusal naming the rule, and the plan is unchanged
    payload = refused["data"]["updateTrainingPlan"]
    assert payload["trainingPlan"] is None
    [error] = payload["errors"]
    assert (error["code"], error["field"]) == ("TRAINER_IS_EVALUATOR", "trainerId")
    assert "le formateur d'un candidat n'est jamais son évaluateur" in error["message"]
    plan = await post(adviser, PLAN_QUERY, d=dossier_id)
    assert plan["data"]["dossier"]["trainingPlan"] == {"trainerId": None, "revision": 1}


async def test_the_named_trainer_is_refused_as_evaluator_of_the_evaluation_finale(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    dossier_id, plan_id, site = await dossier_in_training(adviser, evaluator)
    staff = (await post(adviser, "{ organisationStaff { id displayName } }"))["data"]
    julien = next(
        p["id"] for p in staff["organisationStaff"] if p["displayName"] == "Julien Moreau"
    )
    named = await post(adviser, UPDATE_PLAN, p=plan_id, r=1, t=julien)
    assert named["data"]["updateTrainingPlan"]["errors"] == []
    started = await post(
        evaluator,
        "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: FINAL}) "
        "{ evaluation { id } errors { code message } } }",
        d=dossier_id,
    )
    assert started["data"]["startEvaluation"]["errors"] == [], started
    final_id = started["data"]["startEvaluation"]["evaluation"]["id"]

    # When the trainer is planned as the evaluator of a sitting of the évaluation finale
    planned = await post(
        adviser,
        """mutation ($e: ID!, $s: ID!, $v: ID!) { planEvaluationSession(input: {evaluationId: $e,
        day: "2027-04-01", startsAt: "09:00", endsAt: "11:00", siteId: $s, evaluatorId: $v})
        { evaluation { sessions { id } } errors { code field message } } }""",
        e=final_id,
        s=site,
        v=julien,
    )

    # Then it is a typed refusal naming the rule, and no sitting is saved
    payload = planned["data"]["planEvaluationSession"]
    assert payload["evaluation"] is None
    [error] = payload["errors"]
    assert (error["code"], error["field"]) == ("TRAINER_IS_EVALUATOR", "evaluatorId")
    assert "le formateur d'un candidat n'est jamais son évaluateur" in error["message"]
    evaluation = await post(
        adviser,
        "query ($e: ID!) { evaluation(id: $e) { ... on Evaluation { sessions { id } } } }",
        e=final_id,
    )
    assert evaluation["data"]["evaluation"]["sessions"] == []
