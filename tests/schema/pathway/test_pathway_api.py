"""The pathway through the API: candidate, dossier, évaluation préalable, plan, attestation."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post

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
query ($id: ID!) { dossier(id: $id) { status statusLabel allowedStatuses
  candidate { firstNames } timeline { kind toStatus actorLabel }
  evaluations { kind status results { itemCode value } }
  trainingPlan { objectives { itemCode objective } } } }
"""


async def test_an_adviser_and_an_evaluator_take_a_candidate_to_training(
    logged_in: LoggedIn, client: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]

    # The adviser registers the candidate and opens a CléA Management dossier
    created = await post(adviser, CREATE_CANDIDATE, name="Benkirane")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
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
    assert [e["toStatus"] for e in view["timeline"]] == ["OPENED", "INITIAL_EVALUATION", "TRAINING"]
    assert view["trainingPlan"]["objectives"][0]["itemCode"] == "2"


async def test_the_dossier_list_filters_counts_and_costs_the_same_whatever_the_page_size(
    logged_in: LoggedIn, count_queries: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]
    for name in ("Liste-Un", "Liste-Deux", "Liste-Trois"):
        candidate = (await post(adviser, CREATE_CANDIDATE, name=name))["data"]["createCandidate"]
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


async def test_reading_a_candidate_is_recorded_in_the_audit_log(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    admin = await logged_in("admin@greta-demo.fr")
    created = await post(adviser, CREATE_CANDIDATE, name="Lecture-Auditee")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]

    await post(adviser, "query ($id: ID!) { candidate(id: $id) { birthName } }", id=candidate)
    events = await post(
        admin,
        'query { auditEvents(filter: {operation: "candidate.read"}, first: 100) '
        "{ edges { node { objectIds actorLabel } } } }",
    )

    reads = [e["node"] for e in events["data"]["auditEvents"]["edges"]]
    assert any(candidate in r["objectIds"] and "Karim Benali" in r["actorLabel"] for r in reads)


async def test_an_org_admin_exports_then_erases_a_candidate_whose_dossiers_are_closed(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    admin = await logged_in("admin@greta-demo.fr")
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]
    created = await post(adviser, CREATE_CANDIDATE, name="Effacable")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    opened = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    erase = (
        "mutation ($id: ID!) { eraseCandidate(input: {id: $id}) "
        "{ candidate { birthName anonymised } errors { code field message } } }"
    )

    exported = await post(admin, "query ($id: ID!) { candidateExport(id: $id) }", id=candidate)
    too_early = await post(admin, erase, id=candidate)
    await post(
        adviser,
        "mutation ($id: ID!, $r: Int!) { abandonDossier(input: {id: $id, reason: "
        '"Déménagement", revision: $r}) { errors { code } } }',
        id=opened["dossier"]["id"],
        r=opened["dossier"]["revision"],
    )
    erased = await post(admin, erase, id=candidate)
    pdf = await admin.get(f"/documents/candidates/{candidate}/export.pdf")
    refused = await adviser.get(f"/documents/candidates/{candidate}/export.pdf")

    export = exported["data"]["candidateExport"]
    assert export["candidate"]["birth_name"] == "Effacable"
    assert export["dossiers"][0]["certification_code"] == "CLEA_MANAGEMENT"
    assert too_early["data"]["eraseCandidate"]["errors"][0]["code"] == "INVALID_STATE"
    assert erased["data"]["eraseCandidate"]["candidate"] == {
        "birthName": "anonymisé",
        "anonymised": True,
    }
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert refused.status_code == 403


async def test_advisers_and_evaluators_see_what_waits_on_them(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]
    evaluator_id = (await post(evaluator, "{ viewer { user { id } } }"))["data"]["viewer"]["user"][
        "id"
    ]
    created = await post(adviser, CREATE_CANDIDATE, name="Travail-Attendu")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    dossier = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    dossier_id = dossier["dossier"]["id"]
    started = (await post(evaluator, START, id=dossier_id))["data"]["startEvaluation"]
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


async def test_a_crash_in_the_middle_of_a_grid_save_leaves_the_previous_grid_intact(
    logged_in: LoggedIn, monkeypatch: Any
) -> None:
    from clea_platform.evaluations import service as evaluations

    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]
    created = await post(adviser, CREATE_CANDIDATE, name="Panne-Serveur")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    dossier = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    evaluation = (await post(evaluator, START, id=dossier["dossier"]["id"]))["data"][
        "startEvaluation"
    ]["evaluation"]["id"]
    first = [{"itemCode": "1", "value": "acquis"}]
    await post(evaluator, SAVE, id=evaluation, revision=0, results=first)

    # When the server fails after writing the new results but before the end of the save
    original = evaluations.audit.record

    def crash(session: Any, actor: Any, operation: str, *args: Any, **kwargs: Any) -> Any:
        if operation == "evaluation.save_results":
            raise RuntimeError("disque plein")
        return original(session, actor, operation, *args, **kwargs)

    monkeypatch.setattr(evaluations.audit, "record", crash)
    second = [{"itemCode": "1", "value": "non_acquis"}, {"itemCode": "2", "value": "acquis"}]
    failed = await post(evaluator, SAVE, id=evaluation, revision=1, results=second)
    monkeypatch.undo()

    # Then the client gets a masked error, and the grid is exactly as before
    assert failed["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    grid = await post(
        evaluator,
        "query ($id: ID!) { evaluation(id: $id) { revision results { itemCode value } } }",
        id=evaluation,
    )
    assert grid["data"]["evaluation"] == {
        "revision": 1,
        "results": [{"itemCode": "1", "value": "acquis"}],
    }


async def test_certif_pro_counts_the_completed_initial_evaluations_per_organisation(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    certifpro = await logged_in("admin@certifpro.demo")
    counts = (
        'query { billableEvents(since: "2000-01-01", until: "2100-01-01") '
        "{ organisationName certificationCode kind count } }"
    )
    before = (await post(certifpro, counts))["data"]["billableEvents"]
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]
    created = await post(adviser, CREATE_CANDIDATE, name="Facturable")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    dossier = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    evaluation = (await post(evaluator, START, id=dossier["dossier"]["id"]))["data"][
        "startEvaluation"
    ]["evaluation"]["id"]
    results = [{"itemCode": code, "value": "acquis"} for code in ("1", "2", "3")]
    await post(evaluator, SAVE, id=evaluation, revision=0, results=results)
    await post(evaluator, CLOSE, id=evaluation)

    after = (await post(certifpro, counts))["data"]["billableEvents"]
    refused = await post(adviser, counts)

    def management(rows: list[dict[str, Any]]) -> int:
        return sum(
            r["count"]
            for r in rows
            if r["organisationName"] == "Greta démo Paris Centre"
            and r["certificationCode"] == "CLEA_MANAGEMENT"
            and r["kind"] == "initial_evaluation"
        )

    assert management(after) == management(before) + 1
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
