"""Inputs of the mail context's mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="Which message to send again.")
class RetryEmailInput:
    id: strawberry.ID = strawberry.field(description="The message set aside.")
