"""Webhook subscriptions, the events waiting to be fanned out, and the deliveries (the log).

- ``webhook_event`` (platform table, a short-lived queue): one row per lifecycle event,
  written in the transaction of the work that caused it (``capture.py``), deleted once
  fanned out into deliveries.
- ``webhook_subscription`` (tenant): where an organisation wants which events, and the
  secret that signs them.
- ``webhook_delivery`` (tenant): one event for one subscription — the outbox row that is
  retried, set aside (``dead``) or replayed, and the organisation's delivery log.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class DeliveryStatus(enum.StrEnum):
    """Waiting (or retrying), delivered (a 2xx answer), or set aside for good."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class WebhookEvent(CreatedAtMixin, Base):
    """An event not yet fanned out to the subscriptions of its organisation."""

    __tablename__ = "webhook_event"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # No foreign key: a queue row must never be what makes the domain's work fail.
    organisation_id: Mapped[uuid.UUID] = mapped_column(index=True)
    event_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]]


class WebhookSubscription(TenantScoped, CreatedAtMixin, Base):
    """An organisation's endpoint, the events it wants, and whether it is still active."""

    __tablename__ = "webhook_subscription"

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[list[str]]
    # The signing secret (``whsec_`` + base64 key, Standard Webhooks), sealed: encrypted
    # under CLEA_SECRET_KEY (``signing.seal``), which the database never sees. The server
    # unseals it to sign; the org admin sees it once, at creation.
    secret: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    # Deliveries set aside in a row since the last success (automatic disabling).
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    disabled_at: Mapped[dt.datetime | None]
    disabled_reason: Mapped[str] = mapped_column(Text, default="")


class WebhookDelivery(TenantScoped, CreatedAtMixin, Base):
    """One event for one subscription: the outbox row, then the log line."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "subscription_id"],
            ["webhook_subscription.organisation_id", "webhook_subscription.id"],
            name="fk_webhook_delivery_subscription",
        ),
        Index("ix_webhook_delivery_status_next", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_subscription", "organisation_id", "subscription_id", "id"),
    )

    subscription_id: Mapped[uuid.UUID]
    # The event's identifier: the ``webhook-id`` header, the same for retries and replays.
    event_id: Mapped[uuid.UUID]
    event_type: Mapped[str] = mapped_column(String(50))
    # The JSON body exactly as signed and sent (a replay sends these bytes again).
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        string_enum(DeliveryStatus, "webhook_delivery_status", length=16),
        default=DeliveryStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    dead_at: Mapped[dt.datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    # The delivery this one replays (asked from the log), if any.
    replay_of_id: Mapped[uuid.UUID | None]
