"""Saving the grid through the API: `saveEvaluationResults` is all or nothing."""

from __future__ import annotations

from typing import Any

from clea_platform.evaluations import service as evaluations
from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import SAVE, new_dossier, started_evaluation


async def test_a_crash_in_the_middle_of_a_grid_save_leaves_the_previous_grid_intact(
    logged_in: LoggedIn, monkeypatch: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    _, dossier = await new_dossier(adviser, "Panne-Serveur")
    evaluation = (await started_evaluation(evaluator, dossier["dossier"]["id"]))["id"]
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
        "query ($id: ID!) { evaluation(id: $id) "
        "{ ... on Evaluation { revision results { itemCode value } } } }",
        id=evaluation,
    )
    assert grid["data"]["evaluation"] == {
        "revision": 1,
        "results": [{"itemCode": "1", "value": "acquis"}],
    }
