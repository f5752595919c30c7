"""The outbound channels seen by Certif'Pro: what waits and what was set aside, per channel,
and the webhook deliveries set aside in every organisation (to queue one again).

Mail, webhooks and declaration batches follow the same rules (``core/retry.py``): claimed
before sending, retried with exponential backoff, set aside (``dead``) after their last
attempt. Reading
the webhook deliveries of every organisation is a cross-tenant read on behalf of a
Certif'Pro administrator: audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import AccessDeniedError
from clea_platform.core.pagination import Page, paginate
from clea_platform.declarations.models import DeclarationBatch, Transmission
from clea_platform.mail.models import MAIL_QUEUED, OutboxEmail, OutboxStatus
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.webhooks.errors import WebhookError, WebhookErrorCode
from clea_platform.webhooks.models import DeliveryStatus, WebhookDelivery

SCOPE = "certifpro:outbox"


@dataclass(frozen=True, slots=True)
class ChannelState:
    channel: str
    pending: int
    dead: int


def _require_platform_admin(actor: Actor) -> None:
    if not actor.is_platform_admin:
        raise AccessDeniedError()


async def summary(session: AsyncSession, actor: Actor) -> list[ChannelState]:
    """How many items wait and how many were set aside: mail, webhooks, declaration batches."""
    _require_platform_admin(actor)
    mail = dict(
        (status, count)
        for status, count in await session.execute(
            select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)
        )
    )
    async with cross_tenant_reads(session, SCOPE):
        hooks = dict(
            (status, count)
            for status, count in await session.execute(
                select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)
            )
        )
    batches = dict(
        (state, count)
        for state, count in await session.execute(
            select(DeclarationBatch.transmission, func.count()).group_by(
                DeclarationBatch.transmission
            )
        )
    )
    audit.record(session, actor, "outbox.read_summary", ["*"])
    return [
        ChannelState("mail", mail.get(OutboxStatus.PENDING, 0), mail.get(OutboxStatus.DEAD, 0)),
        ChannelState(
            "webhooks", hooks.get(DeliveryStatus.PENDING, 0), hooks.get(DeliveryStatus.DEAD, 0)
        ),
        ChannelState(
            "declarations",
            batches.get(Transmission.PENDING, 0),
            batches.get(Transmission.DEAD, 0),
        ),
    ]


async def dead_deliveries(
    session: AsyncSession, actor: Actor, *, first: int | None, after: str | None
) -> Page[WebhookDelivery]:
    """Webhook deliveries set aside in every organisation, newest first (audited)."""
    _require_platform_admin(actor)
    async with cross_tenant_reads(session, SCOPE):
        audit.record(session, actor, "outbox.read_dead_webhooks", ["*"])
        query = select(WebhookDelivery).where(WebhookDelivery.status == DeliveryStatus.DEAD)
        return await paginate(
            session, query, WebhookDelivery.id, first=first, after=after, newest_first=True
        )


async def retry_delivery(
    session: AsyncSession, actor: Actor, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Put a delivery set aside back in the queue with fresh attempts (as ``retryEmail``)."""
    _require_platform_admin(actor)
    async with cross_tenant_reads(session, SCOPE):
        delivery = await session.scalar(
            select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
        )
        if delivery is None:
            raise WebhookError(WebhookErrorCode.NOT_FOUND, "Envoi introuvable.", field="id")
        if delivery.status != DeliveryStatus.DEAD:
            raise WebhookError(
                WebhookErrorCode.INVALID_STATE,
                "Cet envoi n'a pas été mis de côté : il est livré ou en attente.",
                field="id",
            )
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.dead_at = None
        session.info[MAIL_QUEUED] = True
        audit.record(
            session,
            actor,
            "outbox.retry_webhook",
            [delivery.id],
            organisation_id=delivery.organisation_id,
        )
    return delivery
