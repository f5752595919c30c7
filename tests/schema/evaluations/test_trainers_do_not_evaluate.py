"""A trainer trains, an evaluator evaluates (DOMAIN.md): a trainer never saves results.

The rule "only evaluators save evaluation results" named by a test that fails when a
trainer is let through, whatever the documentation says.
"""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import SAVE, new_dossier, started_evaluation

RESULTS = [{"itemCode": "1", "value": "acquis"}]
GRID = (
    "query ($id: ID!) { evaluation(id: $id) { ... on Evaluation { revision results { value } } } }"
)


async def test_a_trainer_of_the_organisation_is_refused_saving_evaluation_results(
    logged_in: LoggedIn,
) -> None:
    # Given an evaluation started by the Greta's evaluator on one of its dossiers
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    trainer = await logged_in("formateur@greta-demo.fr")
    _, dossier = await new_dossier(adviser, "Formateur")
    evaluation = (await started_evaluation(evaluator, dossier["dossier"]["id"]))["id"]

    # When the Greta's trainer tries to save a result on it
    refused = await post(trainer, SAVE, id=evaluation, revision=0, results=RESULTS)

    # Then the API refuses (FORBIDDEN) and the grid is untouched
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert (refused.get("data") or {}).get("saveEvaluationResults") is None
    grid = await post(evaluator, GRID, id=evaluation)
    assert grid["data"]["evaluation"] == {"revision": 0, "results": []}

    # while the evaluator saves the same result
    saved = await post(evaluator, SAVE, id=evaluation, revision=0, results=RESULTS)
    assert saved["data"]["saveEvaluationResults"]["errors"] == []
