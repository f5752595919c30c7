"""Root queries of the webhooks context (org admins)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Connection, connection
from clea_platform.schema.webhooks.types import (
    OutboxChannel,
    UndeliverableWebhookDelivery,
    WebhookDeliveriesResult,
    WebhookDeliveryStatus,
    WebhookDeliveryType,
    WebhookEventType,
    WebhookSubscriptionResult,
    WebhookSubscriptionType,
    event_types,
)
from clea_platform.webhooks import outbox, service
from clea_platform.webhooks.errors import WebhookError
from clea_platform.webhooks.models import DeliveryStatus

NOT_FOUND = "Abonnement introuvable."


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="The events an organisation may subscribe to.")
    def webhook_event_types(self) -> list[WebhookEventType]:
        return event_types()

    @strawberry.field(description="Your organisation's webhook subscriptions.")
    async def webhook_subscriptions(self, info: Info) -> list[WebhookSubscriptionType]:
        rows = await service.list_subscriptions(info.context.session, info.context.actor)
        return [WebhookSubscriptionType.from_model(row) for row in rows]

    @strawberry.field(description="One subscription of your organisation, with its log.")
    async def webhook_subscription(
        self, info: Info, id: strawberry.ID
    ) -> WebhookSubscriptionResult:
        subscription_id = optional_id(id)
        if subscription_id is None:
            return NotFound.of(NOT_FOUND, id)
        try:
            found = await service.own_subscription(
                info.context.session, info.context.actor, subscription_id
            )
        except WebhookError:
            return NotFound.of(NOT_FOUND, id)
        return WebhookSubscriptionType.from_model(found)

    @strawberry.field(description="A subscription's delivery log, newest first.")
    async def webhook_deliveries(
        self,
        info: Info,
        subscription_id: Annotated[
            strawberry.ID, strawberry.argument(description="The subscription.")
        ],
        status: Annotated[
            WebhookDeliveryStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> WebhookDeliveriesResult:
        subscription = optional_id(subscription_id)
        if subscription is None:
            return NotFound.of(NOT_FOUND, subscription_id)
        try:
            page = await service.list_deliveries(
                info.context.session,
                info.context.actor,
                subscription,
                status=DeliveryStatus(status.value) if status else None,
                first=first,
                after=after,
            )
        except WebhookError:
            return NotFound.of(NOT_FOUND, subscription_id)
        return connection(page, WebhookDeliveryType.from_model)

    @strawberry.field(description="Mail and webhooks: items waiting and set aside (Certif'Pro).")
    async def outbox_channels(self, info: Info) -> list[OutboxChannel]:
        rows = await outbox.summary(info.context.session, info.context.actor)
        return [OutboxChannel(channel=r.channel, pending=r.pending, dead=r.dead) for r in rows]

    @strawberry.field(
        description="Webhook deliveries set aside in every organisation, newest first (Certif'Pro)."
    )
    async def undeliverable_webhook_deliveries(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> Connection[UndeliverableWebhookDelivery]:
        page = await outbox.dead_deliveries(
            info.context.session, info.context.actor, first=first, after=after
        )
        return connection(page, UndeliverableWebhookDelivery.from_model)
