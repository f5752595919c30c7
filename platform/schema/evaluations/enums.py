"""Domain enums exposed by the evaluations schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.evaluations.models import EvaluationKind, EvaluationStatus
from clea_platform.evaluations.service import EvaluationErrorCode

strawberry.enum(EvaluationKind, description="INITIAL = évaluation préalable, FINAL = finale.")
strawberry.enum(EvaluationStatus, description="Open while results are recorded, then closed.")
strawberry.enum(
    EvaluationErrorCode,
    name="EvaluationProblemCode",
    description="Why an evaluation change was refused.",
)

__all__ = ["EvaluationErrorCode", "EvaluationKind", "EvaluationStatus"]
