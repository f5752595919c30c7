"""Domain enums exposed by the training schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.training.errors import TrainingErrorCode
from clea_platform.training.models import ObjectiveStatus

strawberry.enum(
    TrainingErrorCode,
    name="TrainingProblemCode",
    description="Why a training plan change was refused.",
)

strawberry.enum(
    ObjectiveStatus,
    name="TrainingObjectiveStatus",
    description="Where the training stands on an objective: to do, in progress, reached.",
)

__all__ = ["ObjectiveStatus", "TrainingErrorCode"]
