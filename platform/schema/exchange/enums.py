"""Domain enums exposed by the exchange schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.exchange.errors import ExchangeErrorCode
from clea_platform.exchange.models import ImportKind, ImportStatus

strawberry.enum(ImportKind, description="What an imported file holds.")
strawberry.enum(
    ImportStatus,
    description="Where an import stands: VALIDATING → VALIDATED or REJECTED; VALIDATED → "
    "CONFIRMING → CONFIRMED or FAILED.",
)
strawberry.enum(
    ExchangeErrorCode, name="ExchangeProblemCode", description="Why an import change was refused."
)

__all__ = ["ExchangeErrorCode", "ImportKind", "ImportStatus"]
