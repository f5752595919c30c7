"""Error codes of the candidate space (messages in plain French, for candidates)."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class CandidateSpaceErrorCode(enum.Enum):
    INVALID_LINK = "invalid_link"
    EXPIRED_LINK = "expired_link"
    USED_LINK = "used_link"
    INVALID_CODE = "invalid_code"
    EXPIRED_CODE = "expired_code"
    USED_CODE = "used_code"
    RATE_LIMITED = "rate_limited"
    NO_EMAIL = "no_email"
    NOT_FOUND = "not_found"
    EMPTY_REQUEST = "empty_request"
    PAPER_REFUSED = "paper_refused"
    WALLET_REFUSED = "wallet_refused"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class CandidateSpaceError(DomainError):
    def __init__(
        self, code: CandidateSpaceErrorCode, message: str, *, field: str | None = None
    ) -> None:
        super().__init__(code, message, field=field)
