"""Clearing a result through the API: `saveEvaluationResults` with `value: null`."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.test_pathway_api import CREATE_CANDIDATE, OPEN, SAVE, START

GRID = """
query ($id: ID!, $dossier: ID!) {
  evaluation(id: $id) { revision results { itemCode value comment } }
  dossier(id: $dossier) { progress { evaluated total } }
}
"""


async def test_an_evaluator_clears_a_result_and_the_grid_and_progress_follow(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    site = (await post(adviser, "{ sites { id } }"))["data"]["sites"][0]["id"]
    created = await post(adviser, CREATE_CANDIDATE, name="Effacement")
    candidate = created["data"]["createCandidate"]["candidate"]["id"]
    dossier = (await post(adviser, OPEN, candidate=candidate, site=site))["data"]["openDossier"]
    dossier_id = dossier["dossier"]["id"]
    started = (await post(evaluator, START, id=dossier_id))["data"]["startEvaluation"]
    evaluation = started["evaluation"]["id"]
    await post(
        evaluator,
        SAVE,
        id=evaluation,
        revision=0,
        results=[
            {"itemCode": "1", "value": "acquis", "comment": "Sûr de lui"},
            {"itemCode": "2", "value": "non_acquis"},
        ],
    )

    cleared = await post(
        evaluator, SAVE, id=evaluation, revision=1, results=[{"itemCode": "1", "value": None}]
    )
    with_comment = await post(
        evaluator,
        SAVE,
        id=evaluation,
        revision=2,
        results=[{"itemCode": "2", "value": None, "comment": "Oups"}],
    )
    grid = await post(evaluator, GRID, id=evaluation, dossier=dossier_id)

    assert cleared["data"]["saveEvaluationResults"] == {
        "revision": 2,
        "saved": 1,
        "errors": [],
    }
    refusal = with_comment["data"]["saveEvaluationResults"]["errors"][0]
    assert (refusal["code"], refusal["items"]) == ("INVALID_VALUE", ["2"])
    assert grid["data"] == {
        "evaluation": {
            "revision": 2,
            "results": [{"itemCode": "2", "value": "non_acquis", "comment": ""}],
        },
        "dossier": {"progress": {"evaluated": 1, "total": 3}},
    }
