"""Error codes of the identity context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class IdentityErrorCode(enum.Enum):
    INVALID_CREDENTIALS = "invalid_credentials"
    RATE_LIMITED = "rate_limited"
    WEAK_PASSWORD = "weak_password"
    WRONG_PASSWORD = "wrong_password"
    INVALID_EMAIL = "invalid_email"
    DUPLICATE_EMAIL = "duplicate_email"
    INVALID_TOKEN = "invalid_token"
    INVALID_ROLE = "invalid_role"
    ALREADY_MEMBER = "already_member"
    NOT_A_MEMBER = "not_a_member"
    LAST_ADMIN = "last_admin"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    INVALID_URL = "invalid_url"
    SESSION_BOUND = "session_bound"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class IdentityError(DomainError):
    def __init__(self, code: IdentityErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
