"""The one error-payload factory: a domain error becomes its context's problem, or a bug.

A payload problem type carries codes of its own context's enum only. A service that lets
another context's error through (a dossier's refusal inside an evaluation mutation) is a
bug: it fails loudly, it is never remapped to a code that happens to exist.
"""

from __future__ import annotations

from typing import Any

import pytest

from clea_platform.dossiers.service import DossierError, DossierErrorCode
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.service import EvaluationError, EvaluationErrorCode
from clea_platform.schema.errors import UnknownProblemCodeError
from clea_platform.schema.evaluations.problems import EvaluationProblem
from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CLOSE, new_dossier, started_evaluation


def test_a_domain_error_becomes_its_contexts_problem_with_every_field() -> None:
    error = EvaluationError(
        EvaluationErrorCode.NOT_TARGETED, "Items non visés : 9.9.", field="results", items=["9.9"]
    )

    problem = EvaluationProblem.from_domain(error)

    assert (problem.code, problem.field, problem.message, problem.items) == (
        EvaluationErrorCode.NOT_TARGETED,
        "results",
        "Items non visés : 9.9.",
        ["9.9"],
    )


def test_a_code_of_another_context_fails_loudly_even_when_a_code_of_that_name_exists() -> None:
    # FORBIDDEN_TRANSITION exists in both enums: the name is no excuse for a remap.
    error = DossierError(DossierErrorCode.FORBIDDEN_TRANSITION, "Impossible.")

    with pytest.raises(UnknownProblemCodeError) as raised:
        EvaluationProblem.from_domain(error)

    assert "DossierErrorCode.FORBIDDEN_TRANSITION" in str(raised.value)
    assert "EvaluationErrorCode" in str(raised.value)


async def test_through_the_api_an_unknown_code_is_an_internal_error_and_nothing_is_kept(
    logged_in: LoggedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    _, dossier = await new_dossier(adviser, "Code-Inconnu")
    evaluation = (await started_evaluation(evaluator, dossier["dossier"]["id"]))["id"]

    # When closing lets a dossier's error through (as a buggy service would)
    async def leaks_a_dossier_error(*args: Any, **kwargs: Any) -> Any:
        raise DossierError(DossierErrorCode.REASON_REQUIRED, "Indiquez la raison.")

    monkeypatch.setattr(evaluations, "close", leaks_a_dossier_error)
    answer = await post(evaluator, CLOSE, id=evaluation)
    monkeypatch.undo()

    # Then the client gets a masked internal error, not a made-up evaluation problem
    assert answer["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert answer.get("data") is None
    grid = await post(
        evaluator,
        "query ($id: ID!) { evaluation(id: $id) { ... on Evaluation { status } } }",
        id=evaluation,
    )
    assert grid["data"]["evaluation"] == {"status": "OPEN"}
