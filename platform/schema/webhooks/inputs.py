"""Inputs of the webhooks context's mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A new subscription of your organisation.")
class CreateWebhookSubscriptionInput:
    url: str = strawberry.field(description="Endpoint: https (http only for localhost in dev).")
    description: str = strawberry.field(default="", description="What it is for.")
    events: list[str] = strawberry.field(description="Event types (see webhookEventTypes).")


@strawberry.input(description="A subscription's new settings.")
class UpdateWebhookSubscriptionInput:
    id: strawberry.ID = strawberry.field(description="The subscription.")
    url: str = strawberry.field(description="Endpoint.")
    description: str = strawberry.field(default="", description="What it is for.")
    events: list[str] = strawberry.field(description="Event types.")
    active: bool = strawberry.field(
        description="False pauses it; True re-enables it (its failure count restarts)."
    )


@strawberry.input(description="Which subscription to delete.")
class DeleteWebhookSubscriptionInput:
    id: strawberry.ID = strawberry.field(description="The subscription.")


@strawberry.input(description="Which delivery to send again.")
class ReplayWebhookDeliveryInput:
    id: strawberry.ID = strawberry.field(description="A delivery of the log.")


@strawberry.input(description="Which delivery set aside to queue again (Certif'Pro).")
class RetryWebhookDeliveryInput:
    id: strawberry.ID = strawberry.field(description="A delivery set aside.")
