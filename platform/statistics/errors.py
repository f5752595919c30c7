"""Why a statistics request is refused: typed codes, French messages."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class StatisticsErrorCode(enum.Enum):
    INVALID_PERIOD = "invalid_period"
    PERIOD_TOO_LONG = "period_too_long"
    UNKNOWN_REGION = "unknown_region"
    UNKNOWN_DEPARTEMENT = "unknown_departement"
    UNKNOWN_CERTIFICATION = "unknown_certification"
    OTHER_ORGANISATION = "other_organisation"
    UNKNOWN_TABLE = "unknown_table"
    NOT_NETWORK_HEAD = "not_network_head"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class StatisticsError(DomainError):
    def __init__(
        self, code: StatisticsErrorCode, message: str, *, field: str | None = None
    ) -> None:
        super().__init__(code, message, field=field)
