"""Reading IDs sent by clients: a malformed ID is simply not found."""

from __future__ import annotations

import uuid

from clea_platform.core.errors import DomainError


def parse_id(value: str, not_found: DomainError) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise not_found from None


def optional_id(value: str) -> uuid.UUID | None:
    """The UUID of a query argument, or None when malformed (the query answers null)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
