"""Why a follow-up answer is refused: typed codes, plain French messages."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class FollowUpErrorCode(enum.Enum):
    INVALID_LINK = "invalid_link"
    EXPIRED_LINK = "expired_link"
    ALREADY_ANSWERED = "already_answered"
    UNKNOWN_VALUE = "unknown_value"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class FollowUpError(DomainError):
    def __init__(self, code: FollowUpErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
