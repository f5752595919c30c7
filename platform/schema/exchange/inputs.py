"""Inputs of the exchange mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="The import to confirm (its report must be clean).")
class ConfirmImportInput:
    id: strawberry.ID = strawberry.field(description="The import.")


@strawberry.input(description="The import to drop (not confirmed): its file and report go.")
class DiscardImportInput:
    id: strawberry.ID = strawberry.field(description="The import.")
