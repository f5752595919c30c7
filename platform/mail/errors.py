"""Error codes of the mail context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class MailErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class MailError(DomainError):
    def __init__(self, code: MailErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
