"""Domain enums exposed by the training schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.training.errors import TrainingErrorCode

strawberry.enum(
    TrainingErrorCode,
    name="TrainingProblemCode",
    description="Why a training plan change was refused.",
)

__all__ = ["TrainingErrorCode"]
