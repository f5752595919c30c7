"""Error codes of the certificate context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class CertificateErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    NOT_CERTIFIED = "not_certified"
    ALREADY_REVOKED = "already_revoked"
    REVOKED = "revoked"
    REASON_REQUIRED = "reason_required"
    ALREADY_REQUESTED = "already_requested"
    NOT_REQUESTED = "not_requested"
    ALREADY_SENT = "already_sent"
    NO_ADDRESS = "no_address"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class CertificateError(DomainError):
    def __init__(
        self, code: CertificateErrorCode, message: str, *, field: str | None = None
    ) -> None:
        super().__init__(code, message, field=field)
