"""Error codes of the webhooks context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class WebhookErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID_URL = "invalid_url"
    FORBIDDEN_DESTINATION = "forbidden_destination"
    NO_EVENTS = "no_events"
    UNKNOWN_EVENT = "unknown_event"
    TOO_MANY = "too_many"
    DISABLED = "disabled"
    INVALID_STATE = "invalid_state"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class WebhookError(DomainError):
    def __init__(self, code: WebhookErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)
