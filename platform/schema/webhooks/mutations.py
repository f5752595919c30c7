"""Root mutations of the webhooks context (org admins)."""

from __future__ import annotations

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.webhooks.inputs import (
    CreateWebhookSubscriptionInput,
    DeleteWebhookSubscriptionInput,
    ReplayWebhookDeliveryInput,
    RetryWebhookDeliveryInput,
    UpdateWebhookSubscriptionInput,
)
from clea_platform.schema.webhooks.types import (
    CreateWebhookSubscriptionPayload,
    DeleteWebhookSubscriptionPayload,
    ReplayWebhookDeliveryPayload,
    RetryWebhookDeliveryPayload,
    UpdateWebhookSubscriptionPayload,
    WebhookDeliveryType,
    WebhookSubscriptionType,
)
from clea_platform.webhooks import outbox, service, signing
from clea_platform.webhooks.errors import WebhookError, WebhookErrorCode

NOT_FOUND = WebhookError(WebhookErrorCode.NOT_FOUND, "Abonnement introuvable.", field="id")
DELIVERY_NOT_FOUND = WebhookError(WebhookErrorCode.NOT_FOUND, "Envoi introuvable.", field="id")


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Subscribe an endpoint of your organisation to events.")
    async def create_webhook_subscription(
        self, info: Info, input: CreateWebhookSubscriptionInput
    ) -> CreateWebhookSubscriptionPayload:
        context = info.context
        subscription = await service.create_subscription(
            context.session,
            context.actor,
            context.settings,
            service.SubscriptionData(input.url, input.description, input.events),
        )
        return CreateWebhookSubscriptionPayload(
            subscription=WebhookSubscriptionType.from_model(subscription),
            secret=signing.unseal(subscription.secret, context.settings.secret_key),
        )

    @strawberry.mutation(description="Change, pause or re-enable a subscription.")
    async def update_webhook_subscription(
        self, info: Info, input: UpdateWebhookSubscriptionInput
    ) -> UpdateWebhookSubscriptionPayload:
        context = info.context
        subscription = await service.update_subscription(
            context.session,
            context.actor,
            context.settings,
            parse_id(input.id, NOT_FOUND),
            service.SubscriptionData(input.url, input.description, input.events),
            active=input.active,
        )
        return UpdateWebhookSubscriptionPayload(
            subscription=WebhookSubscriptionType.from_model(subscription)
        )

    @strawberry.mutation(description="Delete a subscription and its delivery log.")
    async def delete_webhook_subscription(
        self, info: Info, input: DeleteWebhookSubscriptionInput
    ) -> DeleteWebhookSubscriptionPayload:
        await service.delete_subscription(
            info.context.session, info.context.actor, parse_id(input.id, NOT_FOUND)
        )
        return DeleteWebhookSubscriptionPayload(deleted=True)

    @strawberry.mutation(description="Send a delivery of the log again (signed afresh).")
    async def replay_webhook_delivery(
        self, info: Info, input: ReplayWebhookDeliveryInput
    ) -> ReplayWebhookDeliveryPayload:
        delivery = await service.replay(
            info.context.session, info.context.actor, parse_id(input.id, DELIVERY_NOT_FOUND)
        )
        return ReplayWebhookDeliveryPayload(delivery=WebhookDeliveryType.from_model(delivery))

    @strawberry.mutation(
        description="Queue a delivery set aside again, fresh attempts (Certif'Pro)."
    )
    async def retry_webhook_delivery(
        self, info: Info, input: RetryWebhookDeliveryInput
    ) -> RetryWebhookDeliveryPayload:
        await outbox.retry_delivery(
            info.context.session, info.context.actor, parse_id(input.id, DELIVERY_NOT_FOUND)
        )
        return RetryWebhookDeliveryPayload(queued=True)
