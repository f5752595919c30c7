"""Clearing a result through the API: `saveEvaluationResults` with `value: null`."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import SAVE, new_dossier, started_evaluation

GRID = """
query ($id: ID!, $dossier: ID!) {
  evaluation(id: $id) { ... on Evaluation { revision results { itemCode value comment } } }
  dossier(id: $dossier) { ... on Dossier { progress { evaluated total } } }
}
"""


async def test_an_evaluator_clears_a_result_and_the_grid_and_progress_follow(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    _, dossier = await new_dossier(adviser, "Effacement")
    dossier_id = dossier["dossier"]["id"]
    evaluation = (await started_evaluation(evaluator, dossier_id))["id"]
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
