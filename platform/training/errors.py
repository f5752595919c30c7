"""Why a training plan change is refused."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class TrainingErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    INVALID_SIRET = "invalid_siret"
    INVALID_DATES = "invalid_dates"
    INVALID_HOURS = "invalid_hours"
    UNKNOWN_ITEMS = "unknown_items"
    STALE_REVISION = "stale_revision"
    EMPTY_PLAN = "empty_plan"
    NOT_A_TRAINER = "not_a_trainer"
    TRAINER_IS_EVALUATOR = "trainer_is_evaluator"
    # The named training organisation holds no valid training accreditation (#19).
    TRAINING_ORGANISATION_NOT_ACCREDITED = "training_organisation_not_accredited"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class TrainingError(DomainError):
    def __init__(self, code: TrainingErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
