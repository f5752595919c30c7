"""The evaluation records its professional context (the référentiel's skills are assessed
within a professional context): set while it is open, shown, bounded, tenant-private."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CLOSE, SAVE, new_dossier, started_evaluation

SET_CONTEXT = """
mutation ($id: ID!, $context: String!) { setEvaluationProfessionalContext(input: {
  evaluationId: $id, professionalContext: $context})
  { evaluation { id professionalContext } errors { code field message } } }
"""
EVALUATION = """
query ($id: ID!) { evaluation(id: $id) { ... on Evaluation { professionalContext } } }
"""
CONTEXT = "Agent de propreté en milieu hospitalier : protocole de bionettoyage d'une chambre"


async def test_the_evaluator_records_the_professional_context_while_the_evaluation_is_open(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    _, opened = await new_dossier(adviser, "Contexte-Pro")
    evaluation = await started_evaluation(evaluator, opened["dossier"]["id"])

    # Scheduled: the adviser names the situation; the evaluator refines it while recording
    planned = await post(adviser, SET_CONTEXT, id=evaluation["id"], context="Agent de propreté")
    assert planned["data"]["setEvaluationProfessionalContext"]["errors"] == []
    recorded = await post(evaluator, SET_CONTEXT, id=evaluation["id"], context=f"  {CONTEXT} ")
    assert recorded["data"]["setEvaluationProfessionalContext"]["evaluation"] == {
        "id": evaluation["id"],
        "professionalContext": CONTEXT,
    }
    shown = await post(evaluator, EVALUATION, id=evaluation["id"])
    assert shown["data"]["evaluation"] == {"professionalContext": CONTEXT}

    # Once closed, the context is what the evaluation was: it no longer changes
    results = [{"itemCode": code, "value": "acquis"} for code in evaluation["targetItems"]]
    await post(evaluator, SAVE, id=evaluation["id"], revision=0, results=results, key=None)
    assert (await post(evaluator, CLOSE, id=evaluation["id"]))["data"]["closeEvaluation"][
        "errors"
    ] == []
    late = await post(evaluator, SET_CONTEXT, id=evaluation["id"], context="Autre")
    payload = late["data"]["setEvaluationProfessionalContext"]
    assert payload["evaluation"] is None
    assert [e["code"] for e in payload["errors"]] == ["INVALID_STATE"]
    assert (await post(evaluator, EVALUATION, id=evaluation["id"]))["data"]["evaluation"] == {
        "professionalContext": CONTEXT
    }


async def test_a_professional_context_too_long_or_with_control_characters_is_refused(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    _, opened = await new_dossier(adviser, "Contexte-Borne")
    evaluation = await started_evaluation(evaluator, opened["dossier"]["id"])

    for context in ("x" * 501, "Cariste\r\nBcc: x@y.fr", "Cariste\x00"):
        answer = await post(evaluator, SET_CONTEXT, id=evaluation["id"], context=context)
        payload = answer["data"]["setEvaluationProfessionalContext"]
        assert payload["evaluation"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [
            ("INVALID_INPUT", "professionalContext")
        ]
    shown = await post(evaluator, EVALUATION, id=evaluation["id"])
    assert shown["data"]["evaluation"] == {"professionalContext": ""}


async def test_another_organisation_cannot_set_the_professional_context(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    _, opened = await new_dossier(adviser, "Contexte-Prive")
    evaluation = await started_evaluation(evaluator, opened["dossier"]["id"])

    answer = await post(afpa, SET_CONTEXT, id=evaluation["id"], context="Intrusion")

    payload = answer["data"]["setEvaluationProfessionalContext"]
    assert payload["evaluation"] is None
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    shown = await post(evaluator, EVALUATION, id=evaluation["id"])
    assert shown["data"]["evaluation"] == {"professionalContext": ""}
