"""Error codes of the jury context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class JuryErrorCode(enum.Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    ALREADY_MEMBER = "already_member"
    NOT_PARITAIRE = "not_paritaire"
    INVALID_STATE = "invalid_state"
    NOT_ON_AGENDA = "not_on_agenda"
    NOT_READY = "not_ready"
    WRONG_CERTIFICATION = "wrong_certification"
    RECUSED = "recused"
    NOT_A_MEMBER = "not_a_member"
    NOT_PRESENT = "not_present"
    REASON_REQUIRED = "reason_required"
    DECISIONS_MISSING = "decisions_missing"
    STALE_REVISION = "stale_revision"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class JuryError(DomainError):
    def __init__(self, code: JuryErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
