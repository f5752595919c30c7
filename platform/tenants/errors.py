"""Error codes of the tenants context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class TenantErrorCode(enum.Enum):
    INVALID_SIREN = "invalid_siren"
    DUPLICATE_SIREN = "duplicate_siren"
    INVALID_SIRET = "invalid_siret"
    SIRET_NOT_IN_SIREN = "siret_not_in_siren"
    DUPLICATE_SIRET = "duplicate_siret"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    INVALID_REGION = "invalid_region"
    INVALID_EMAIL = "invalid_email"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    # Another organisation heads that national network already (one head per network).
    NETWORK_HEAD_TAKEN = "network_head_taken"
    # An organisation heads only the national network it belongs to.
    NOT_NETWORK_MEMBER = "not_network_member"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class TenantError(DomainError):
    def __init__(self, code: TenantErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
