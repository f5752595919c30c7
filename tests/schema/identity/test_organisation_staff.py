"""Advisers and evaluators choose evaluators and trainers by name: `organisationStaff`."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import interviewed, site_of

STAFF = """
query ($role: StaffRole) { organisationStaff(role: $role) { id displayName roles } }
"""


async def test_an_adviser_lists_the_evaluators_and_trainers_with_names_and_roles_only(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    sophie = (await post(evaluator, "{ viewer { user { id } } }"))["data"]["viewer"]["user"]["id"]

    everyone = await post(adviser, STAFF)
    evaluators = await post(adviser, STAFF, role="EVALUATOR")
    trainers = await post(evaluator, STAFF, role="TRAINER")

    # (other tests may add colleagues to the demo Greta: the demo people are checked)
    staff = everyone["data"]["organisationStaff"]
    names = [p["displayName"] for p in staff]
    assert names == sorted(names)
    assert ("Julien Moreau", ["TRAINER"]) in [(p["displayName"], p["roles"]) for p in staff]
    assert {"id": sophie, "displayName": "Sophie Leroy", "roles": ["EVALUATOR"]} in staff
    assert not {"Alice Martin", "Karim Benali"} & set(names)  # the admin, the adviser
    assert all(p["roles"] for p in staff)
    assert {"id": sophie, "displayName": "Sophie Leroy", "roles": ["EVALUATOR"]} in evaluators[
        "data"
    ]["organisationStaff"]
    assert all("EVALUATOR" in p["roles"] for p in evaluators["data"]["organisationStaff"])
    trained = trainers["data"]["organisationStaff"]
    assert "Julien Moreau" in [p["displayName"] for p in trained]
    assert all("TRAINER" in p["roles"] for p in trained)


async def test_a_person_cannot_ask_for_more_than_the_name_and_the_pathway_roles(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    asked = await post(adviser, "{ organisationStaff { id displayName email } }")
    admins = await post(adviser, "{ organisationStaff(role: ORG_ADMIN) { id } }")

    # StaffMember has no email, and the filter takes pathway roles only
    assert asked["errors"][0]["message"].startswith("Cannot query field 'email'")
    assert "ORG_ADMIN" in admins["errors"][0]["message"]


async def test_a_plan_names_a_trainer_from_the_list_and_refuses_anyone_else(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = await site_of(adviser)
    candidate = await post(
        adviser,
        """mutation { createCandidate(input: {civility: MONSIEUR, birthName: "Formé",
        firstNames: "Théo", birthDate: "1995-02-03", birthCountry: "France", birthCity: "Paris",
        statusAtRegistration: JOBSEEKER, educationLevel: BAC, confirmNotDuplicate: true})
        { candidate { id } } }""",
    )
    await interviewed(adviser, candidate["data"]["createCandidate"]["candidate"]["id"])
    dossier = await post(
        adviser,
        """mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,
        certificationCode: "CLEA_MANAGEMENT", siteId: $s, prescriberType: SELF, financing: CPF,
        consent: true}) { dossier { id } } }""",
        c=candidate["data"]["createCandidate"]["candidate"]["id"],
        s=site,
    )
    dossier_id = dossier["data"]["openDossier"]["dossier"]["id"]
    started = await post(
        evaluator,
        "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL}) "
        "{ evaluation { id } } }",
        d=dossier_id,
    )
    evaluation = started["data"]["startEvaluation"]["evaluation"]["id"]
    await post(
        evaluator,
        """mutation ($e: ID!) { saveEvaluationResults(input: {evaluationId: $e, revision: 0,
        results: [{itemCode: "1", value: "acquis"}, {itemCode: "2", value: "non_acquis"},
        {itemCode: "3", value: "acquis"}]}) { errors { code } } }""",
        e=evaluation,
    )
    await post(
        evaluator,
        "mutation ($e: ID!) { closeEvaluation(input: {evaluationId: $e}) { errors { code } } }",
        e=evaluation,
    )
    plan = await post(
        adviser,
        "mutation ($d: ID!) { createTrainingPlan(input: {dossierId: $d}) "
        "{ trainingPlan { id revision } } }",
        d=dossier_id,
    )
    plan_id = plan["data"]["createTrainingPlan"]["trainingPlan"]["id"]
    staff = (await post(adviser, STAFF))["data"]["organisationStaff"]
    trainer = next(p for p in staff if p["displayName"] == "Julien Moreau")
    sophie = next(p for p in staff if p["displayName"] == "Sophie Leroy")
    update = """
    mutation ($p: ID!, $r: Int!, $t: ID) { updateTrainingPlan(input: {planId: $p, revision: $r,
      objectives: [{itemCode: "2", objective: "Animer"}], hoursByDomain: {}, trainerId: $t})
      { trainingPlan { trainerId revision } errors { code field message } } }
    """

    refused = await post(adviser, update, p=plan_id, r=1, t=sophie["id"])
    named = await post(adviser, update, p=plan_id, r=1, t=trainer["id"])

    error = refused["data"]["updateTrainingPlan"]["errors"][0]
    assert (error["code"], error["field"]) == ("NOT_A_TRAINER", "trainerId")
    assert "n'est pas formatrice" in error["message"]
    assert named["data"]["updateTrainingPlan"] == {
        "trainingPlan": {"trainerId": trainer["id"], "revision": 2},
        "errors": [],
    }
