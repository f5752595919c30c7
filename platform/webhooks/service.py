"""Subscriptions (org admins), the delivery log and its replay.

Every read and write here is the current organisation's: the tenant filter (and
row-level security on PostgreSQL) hides the other organisations' subscriptions and
deliveries, which therefore answer « introuvable ».
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.config import Settings
from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.core.pagination import Page, paginate
from clea_platform.identity.outbound import (
    ForbiddenDestinationError,
    Resolver,
    checked_addresses,
    resolve,
    url_problem,
)
from clea_platform.mail.service import MAIL_QUEUED
from clea_platform.tenants.context import Actor
from clea_platform.webhooks import signing
from clea_platform.webhooks.errors import WebhookError, WebhookErrorCode
from clea_platform.webhooks.events import EVENT_TYPES
from clea_platform.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

MAX_SUBSCRIPTIONS = 20


@dataclass(frozen=True, slots=True)
class SubscriptionData:
    url: str
    description: str
    events: Sequence[str]


def _not_found(field: str = "id") -> WebhookError:
    return WebhookError(WebhookErrorCode.NOT_FOUND, "Abonnement introuvable.", field=field)


async def destination_problem(
    url: str, settings: Settings, resolver: Resolver = resolve
) -> WebhookError | None:
    """Why deliveries may not go to ``url``: not https (http only to localhost outside
    production), or a host that resolves to a loopback, private, link-local or metadata
    address (loopback allowed outside production only, see ``identity/outbound.py``)."""
    url = url.strip()
    problem = url_problem(url, production=settings.is_production)
    if problem is not None:
        return WebhookError(WebhookErrorCode.INVALID_URL, problem, field="url")
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        await checked_addresses(
            host, port, allow_loopback=not settings.is_production, resolver=resolver
        )
    except ForbiddenDestinationError:
        return WebhookError(
            WebhookErrorCode.FORBIDDEN_DESTINATION,
            f"L'adresse {host} désigne un réseau interne ou le serveur lui-même : "
            "indiquez l'adresse publique de votre système.",
            field="url",
        )
    except (OSError, ValueError):
        return WebhookError(
            WebhookErrorCode.INVALID_URL,
            f"Le nom {host} est introuvable : vérifiez l'adresse.",
            field="url",
        )
    return None


def _events_problem(events: Sequence[str]) -> WebhookError | None:
    if not events:
        return WebhookError(
            WebhookErrorCode.NO_EVENTS, "Choisissez au moins un événement.", field="events"
        )
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        return WebhookError(
            WebhookErrorCode.UNKNOWN_EVENT,
            f"Événement inconnu : {', '.join(unknown)}. Possibles : {', '.join(EVENT_TYPES)}.",
            field="events",
        )
    return None


async def _check(data: SubscriptionData, settings: Settings, resolver: Resolver) -> None:
    problems: list[DomainError] = []
    if url := await destination_problem(data.url, settings, resolver):
        problems.append(url)
    if events := _events_problem(data.events):
        problems.append(events)
    if problems:
        raise InvalidFormError(problems)


def _ordered(events: Sequence[str]) -> list[str]:
    return [event for event in EVENT_TYPES if event in set(events)]


async def create_subscription(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    data: SubscriptionData,
    *,
    resolver: Resolver = resolve,
) -> WebhookSubscription:
    """A new subscription of the actor's organisation; its secret is returned once."""
    assert actor.organisation_id is not None
    await _check(data, settings, resolver)
    count = await session.scalar(
        select(func.count()).where(WebhookSubscription.organisation_id == actor.organisation_id)
    )
    if (count or 0) >= MAX_SUBSCRIPTIONS:
        raise WebhookError(
            WebhookErrorCode.TOO_MANY,
            f"Au plus {MAX_SUBSCRIPTIONS} abonnements par organisme : supprimez-en un d'abord.",
        )
    subscription = WebhookSubscription(
        organisation_id=actor.organisation_id,
        url=data.url.strip(),
        description=data.description.strip(),
        events=_ordered(data.events),
        secret=signing.seal(signing.new_secret(), settings.secret_key),
    )
    session.add(subscription)
    await session.flush()
    audit.record(session, actor, "webhook.subscribe", [subscription.id])
    return subscription


async def own_subscription(
    session: AsyncSession, actor: Actor, subscription_id: uuid.UUID, field: str = "id"
) -> WebhookSubscription:
    """A subscription of the actor's organisation (``NOT_FOUND`` for any other)."""
    subscription = await session.scalar(
        select(WebhookSubscription).where(
            WebhookSubscription.organisation_id == actor.organisation_id,
            WebhookSubscription.id == subscription_id,
        )
    )
    if subscription is None:
        raise _not_found(field)
    return subscription


async def update_subscription(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    subscription_id: uuid.UUID,
    data: SubscriptionData,
    *,
    active: bool,
    resolver: Resolver = resolve,
) -> WebhookSubscription:
    """Change the URL, description, events; ``active`` re-enables a disabled subscription
    (its count of failures starts again) or pauses one."""
    subscription = await own_subscription(session, actor, subscription_id)
    await _check(data, settings, resolver)
    subscription.url = data.url.strip()
    subscription.description = data.description.strip()
    subscription.events = _ordered(data.events)
    if active and not subscription.active:
        subscription.consecutive_failures = 0
        subscription.disabled_at = None
        subscription.disabled_reason = ""
    subscription.active = active
    audit.record(session, actor, "webhook.update", [subscription.id])
    return subscription


async def delete_subscription(
    session: AsyncSession, actor: Actor, subscription_id: uuid.UUID
) -> None:
    """Remove a subscription and its delivery log (nothing more is sent to it)."""
    subscription = await own_subscription(session, actor, subscription_id)
    deliveries = await session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.organisation_id == subscription.organisation_id,
            WebhookDelivery.subscription_id == subscription.id,
        )
    )
    for delivery in deliveries:
        await session.delete(delivery)
    await session.flush()
    await session.delete(subscription)
    audit.record(session, actor, "webhook.unsubscribe", [subscription.id])


async def list_subscriptions(session: AsyncSession, actor: Actor) -> list[WebhookSubscription]:
    rows = await session.scalars(
        select(WebhookSubscription)
        .where(WebhookSubscription.organisation_id == actor.organisation_id)
        .order_by(WebhookSubscription.id)
    )
    return list(rows)


async def list_deliveries(
    session: AsyncSession,
    actor: Actor,
    subscription_id: uuid.UUID,
    *,
    status: DeliveryStatus | None = None,
    first: int | None,
    after: str | None,
) -> Page[WebhookDelivery]:
    """The delivery log of one subscription of the actor's organisation, newest first."""
    subscription = await own_subscription(session, actor, subscription_id, "subscriptionId")
    query = select(WebhookDelivery).where(
        WebhookDelivery.organisation_id == subscription.organisation_id,
        WebhookDelivery.subscription_id == subscription.id,
    )
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return await paginate(
        session, query, WebhookDelivery.id, first=first, after=after, newest_first=True
    )


async def replay(session: AsyncSession, actor: Actor, delivery_id: uuid.UUID) -> WebhookDelivery:
    """Queue the same body again for the same subscription (signed afresh when sent)."""
    original = await session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.organisation_id == actor.organisation_id,
            WebhookDelivery.id == delivery_id,
        )
    )
    if original is None:
        raise WebhookError(WebhookErrorCode.NOT_FOUND, "Envoi introuvable.", field="id")
    subscription = await own_subscription(session, actor, original.subscription_id)
    if not subscription.active:
        raise WebhookError(
            WebhookErrorCode.DISABLED,
            "Cet abonnement est désactivé : réactivez-le avant de renvoyer un événement.",
            field="id",
        )
    again = WebhookDelivery(
        organisation_id=original.organisation_id,
        subscription_id=original.subscription_id,
        event_id=original.event_id,
        event_type=original.event_type,
        body=original.body,
        replay_of_id=original.id,
    )
    session.add(again)
    await session.flush()
    session.info[MAIL_QUEUED] = True  # the outbox dispatcher runs a round after the commit
    audit.record(session, actor, "webhook.replay", [original.id, again.id])
    return again
