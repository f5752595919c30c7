"""Error codes of the declarations context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class DeclarationErrorCode(enum.Enum):
    INVALID_PERIOD = "invalid_period"
    NOT_FOUND = "not_found"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class DeclarationError(DomainError):
    def __init__(
        self, code: DeclarationErrorCode, message: str, *, field: str | None = None
    ) -> None:
        super().__init__(code, message, field=field)
