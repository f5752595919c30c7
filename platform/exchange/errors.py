"""The exchange context's errors."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class ExchangeErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    # The file cannot be read as a table (encoding, format, size, spreadsheet bomb).
    INVALID_FILE = "invalid_file"
    # Confirming a file whose report is not clean, or one already confirmed or running.
    INVALID_STATE = "invalid_state"
    # A row refused at confirmation: nothing was created.
    ROW_REFUSED = "row_refused"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class ExchangeError(DomainError):
    def __init__(self, code: ExchangeErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)


def import_not_found(field: str = "id") -> ExchangeError:
    """The one "not found" of an import: missing or another organisation's look the same."""
    return ExchangeError(ExchangeErrorCode.NOT_FOUND, "Import introuvable.", field=field)
