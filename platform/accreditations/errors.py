"""Error codes of the accreditation context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class AccreditationErrorCode(enum.Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    INVALID_DATES = "invalid_dates"
    UNKNOWN_CERTIFICATION = "unknown_certification"
    NOT_FOUND = "not_found"
    CAMPAIGN_CLOSED = "campaign_closed"
    ALREADY_APPLIED = "already_applied"
    INVALID_SIREN = "invalid_siren"
    DUPLICATE_SIREN = "duplicate_siren"
    INVALID_SIRET = "invalid_siret"
    SIRET_NOT_IN_SIREN = "siret_not_in_siren"
    SIRET_TAKEN = "siret_taken"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    INVALID_REGION = "invalid_region"
    INVALID_EMAIL = "invalid_email"
    NOT_A_PDF = "not_a_pdf"
    TOO_LARGE = "too_large"
    UNKNOWN_DOCUMENT = "unknown_document"
    INCOMPLETE = "incomplete"
    STALE_REVISION = "stale_revision"
    FORBIDDEN_TRANSITION = "forbidden_transition"
    REASON_REQUIRED = "reason_required"
    INVALID_STATE = "invalid_state"
    RATE_LIMITED = "rate_limited"
    INVALID_PHONE = "invalid_phone"
    # A reply to a control procedure after its deadline.
    DEADLINE_PASSED = "deadline_passed"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class AccreditationError(DomainError):
    def __init__(
        self, code: AccreditationErrorCode, message: str, *, field: str | None = None
    ) -> None:
        super().__init__(code, message, field=field)


def error(
    code: AccreditationErrorCode, message: str, field: str | None = None
) -> AccreditationError:
    """An accreditation error, the field at fault positional (the context's shorthand)."""
    return AccreditationError(code, message, field=field)
