"""GraphQL types of webhooks."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, ClassVar

import strawberry

from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Connection
from clea_platform.webhooks.errors import WebhookErrorCode
from clea_platform.webhooks.events import EVENT_LABELS
from clea_platform.webhooks.models import WebhookDelivery, WebhookSubscription

strawberry.enum(
    WebhookErrorCode, name="WebhookProblemCode", description="Why a webhook change was refused."
)


@strawberry.enum(description="Where a delivery stands.")
class WebhookDeliveryStatus(enum.Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


@strawberry.type(description="A problem with a webhook change, to show next to the field.")
class WebhookProblem(FromDomainError):  # noqa: N818 (a payload type, not an exception)
    code: WebhookErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="An event an organisation may subscribe to.")
class WebhookEventType:
    code: str = strawberry.field(description="Event type, e.g. certificate.issued.")
    label: str = strawberry.field(description="French label.")


@strawberry.type(
    name="WebhookDelivery", description="One event sent (or to send) to one subscription."
)
class WebhookDeliveryType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    event_id: strawberry.ID = strawberry.field(description="The event (the webhook-id header).")
    event_type: str = strawberry.field(description="Event type.")
    body: str = strawberry.field(description="The JSON body, as signed and sent.")
    status: WebhookDeliveryStatus = strawberry.field(description="Where it stands.")
    attempts: int = strawberry.field(description="Attempts made.")
    next_attempt_at: dt.datetime | None = strawberry.field(description="Next attempt, if any.")
    delivered_at: dt.datetime | None = strawberry.field(description="When a 2xx came back.")
    dead_at: dt.datetime | None = strawberry.field(description="When it was set aside.")
    last_status_code: int | None = strawberry.field(description="Last HTTP status received.")
    last_error: str = strawberry.field(description="Why the last attempt failed.")
    replay_of_id: strawberry.ID | None = strawberry.field(description="Delivery it replays.")
    created_at: dt.datetime = strawberry.field(description="Queued at.")

    @classmethod
    def from_model(cls, delivery: WebhookDelivery) -> WebhookDeliveryType:
        return cls(
            id=strawberry.ID(str(delivery.id)),
            event_id=strawberry.ID(str(delivery.event_id)),
            event_type=delivery.event_type,
            body=delivery.body,
            status=WebhookDeliveryStatus(delivery.status.value),
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            delivered_at=delivery.delivered_at,
            dead_at=delivery.dead_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            replay_of_id=strawberry.ID(str(delivery.replay_of_id))
            if delivery.replay_of_id
            else None,
            created_at=delivery.created_at,
        )


@strawberry.type(
    name="WebhookSubscription",
    description="Where an organisation's system wants which events (the secret is not shown).",
)
class WebhookSubscriptionType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    url: str = strawberry.field(description="Endpoint (https).")
    description: str = strawberry.field(description="What it is for.")
    events: list[str] = strawberry.field(description="Event types sent to it.")
    active: bool = strawberry.field(description="False when paused or disabled.")
    consecutive_failures: int = strawberry.field(description="Deliveries set aside in a row.")
    disabled_at: dt.datetime | None = strawberry.field(description="Disabled automatically at.")
    disabled_reason: str = strawberry.field(description="Why it was disabled.")
    created_at: dt.datetime = strawberry.field(description="Created at.")

    @classmethod
    def from_model(cls, subscription: WebhookSubscription) -> WebhookSubscriptionType:
        return cls(
            id=strawberry.ID(str(subscription.id)),
            url=subscription.url,
            description=subscription.description,
            events=list(subscription.events),
            active=subscription.active,
            consecutive_failures=subscription.consecutive_failures,
            disabled_at=subscription.disabled_at,
            disabled_reason=subscription.disabled_reason,
            created_at=subscription.created_at,
        )


WebhookDeliveriesResult = Annotated[
    Connection[WebhookDeliveryType] | NotFound,
    strawberry.union(
        "WebhookDeliveriesResult", description="A subscription's log, or why it is not there."
    ),
]

WebhookSubscriptionResult = Annotated[
    WebhookSubscriptionType | NotFound,
    strawberry.union(
        "WebhookSubscriptionResult", description="The subscription, or why it is not there."
    ),
]


def event_types() -> list[WebhookEventType]:
    return [WebhookEventType(code=code, label=label) for code, label in EVENT_LABELS.items()]


@strawberry.type(description="Result of creating a subscription.")
class CreateWebhookSubscriptionPayload:
    error_type: ClassVar[type[WebhookProblem]] = WebhookProblem
    subscription: WebhookSubscriptionType | None = strawberry.field(
        default=None, description="The subscription created."
    )
    secret: str | None = strawberry.field(
        default=None,
        description="The signing secret (whsec_…): shown this once, keep it in your system.",
    )
    errors: list[WebhookProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of changing a subscription.")
class UpdateWebhookSubscriptionPayload:
    error_type: ClassVar[type[WebhookProblem]] = WebhookProblem
    subscription: WebhookSubscriptionType | None = strawberry.field(
        default=None, description="The subscription as changed."
    )
    errors: list[WebhookProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of deleting a subscription.")
class DeleteWebhookSubscriptionPayload:
    error_type: ClassVar[type[WebhookProblem]] = WebhookProblem
    deleted: bool | None = strawberry.field(
        default=None, description="True when it is gone (null when refused)."
    )
    errors: list[WebhookProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of replaying a delivery.")
class ReplayWebhookDeliveryPayload:
    error_type: ClassVar[type[WebhookProblem]] = WebhookProblem
    delivery: WebhookDeliveryType | None = strawberry.field(
        default=None, description="The new delivery, queued."
    )
    errors: list[WebhookProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(
    description="An outbound channel's queue (mail, webhooks, declarations), for Certif'Pro."
)
class OutboxChannel:
    channel: str = strawberry.field(description="mail, webhooks or declarations.")
    pending: int = strawberry.field(description="Items waiting (or between retries).")
    dead: int = strawberry.field(description="Items set aside after their last attempt.")


@strawberry.type(description="A webhook delivery set aside, in any organisation (Certif'Pro).")
class UndeliverableWebhookDelivery:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    organisation_id: strawberry.ID = strawberry.field(description="Organisation it is for.")
    event_type: str = strawberry.field(description="Event type.")
    attempts: int = strawberry.field(description="Attempts made.")
    last_status_code: int | None = strawberry.field(description="Last HTTP status received.")
    last_error: str = strawberry.field(description="Why the last attempt failed.")
    dead_at: dt.datetime | None = strawberry.field(description="When it was set aside.")

    @classmethod
    def from_model(cls, delivery: WebhookDelivery) -> UndeliverableWebhookDelivery:
        return cls(
            id=strawberry.ID(str(delivery.id)),
            organisation_id=strawberry.ID(str(delivery.organisation_id)),
            event_type=delivery.event_type,
            attempts=delivery.attempts,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            dead_at=delivery.dead_at,
        )


@strawberry.type(description="Result of queueing a delivery set aside again.")
class RetryWebhookDeliveryPayload:
    error_type: ClassVar[type[WebhookProblem]] = WebhookProblem
    queued: bool | None = strawberry.field(
        default=None, description="True when it is queued again (null when refused)."
    )
    errors: list[WebhookProblem] = strawberry.field(default_factory=list, description="Problems.")
