"""The evaluation context's errors (shared by its services)."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from clea_platform.core.errors import DomainError


class EvaluationErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    TOO_LONG = "too_long"
    INVALID_TIMES = "invalid_times"
    NOT_AN_EVALUATOR = "not_an_evaluator"
    UNKNOWN_ITEMS = "unknown_items"
    NOT_TARGETED = "not_targeted"
    INVALID_VALUE = "invalid_value"
    STALE_REVISION = "stale_revision"
    INCOMPLETE = "incomplete"
    TRAINER_IS_EVALUATOR = "trainer_is_evaluator"
    FORBIDDEN_TRANSITION = "forbidden_transition"
    NOT_ACCREDITED = "not_accredited"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class EvaluationError(DomainError):
    def __init__(
        self,
        code: EvaluationErrorCode,
        message: str,
        *,
        field: str | None = None,
        items: Sequence[str] = (),
    ) -> None:
        super().__init__(code, message, field=field)
        self.items = list(items)


def evaluation_not_found(field: str = "evaluationId") -> EvaluationError:
    """The one "not found" of an evaluation: missing or another tenant's look the same."""
    return EvaluationError(EvaluationErrorCode.NOT_FOUND, "Évaluation introuvable.", field=field)


def dossier_not_found() -> EvaluationError:
    """A dossier to evaluate that is not there, as this context's problem."""
    return EvaluationError(EvaluationErrorCode.NOT_FOUND, "Dossier introuvable.", field="id")
