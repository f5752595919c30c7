"""Delivering webhooks from the outbox: fan-out, claim, signed POST, outcome.

A round (``deliver_pending``, run by the outbox dispatcher after a commit that queued
something and every minute) does three short transactions and no network call inside
any of them:

1. **fan-out**: the events captured with the work (``webhook_event``) become one
   ``webhook_delivery`` per active subscription of their organisation that wants them,
   and are deleted — in one transaction, rows another worker is fanning out skipped
   (``FOR UPDATE SKIP LOCKED`` on PostgreSQL): each event is fanned out once;
2. **claim**: each due delivery's attempt is counted and its next one pushed back
   (:data:`RETRY`, the policy shared with mail, ``core/retry.py``) *before* it is sent,
   so another worker skips it and a process that dies mid-way retries it later, never
   in a loop;
3. **outcome**: a 2xx answer delivers it; anything else (an error status, a timeout,
   a refused connection) is retried with exponential backoff and set aside (``dead``)
   after :data:`RETRY.max_attempts`; a destination the SSRF guard refuses is set aside at
   once. After :data:`DISABLE_AFTER` deliveries of a subscription set aside in a row
   (no success in between) the subscription is disabled and its organisation's admins
   get an e-mail through the mail outbox.

Delivery is **at least once**: a process that dies between the receiver's answer and the
outcome's commit sends again later, with the same ``webhook-id`` (receivers
deduplicate on it). Each attempt is signed afresh (``signing.py``); the request is
bounded in time (:data:`TIMEOUT_SECONDS` in all) and only the first
:data:`MAX_RESPONSE_BYTES` of the answer are read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass

import httpx
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError
from clea_platform.core.retry import RetryPolicy
from clea_platform.db.base import utcnow
from clea_platform.db.engine import begin_writing
from clea_platform.identity.models import Membership, User
from clea_platform.identity.outbound import ForbiddenDestinationError, PublicOnlyTransport
from clea_platform.identity.roles import Role
from clea_platform.mail import service as mail
from clea_platform.tenants.context import cross_tenant
from clea_platform.tenants.models import Organisation
from clea_platform.webhooks import signing
from clea_platform.webhooks.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)

RETRY = RetryPolicy(dt.timedelta(seconds=30), factor=4, max_attempts=6)
DISABLE_AFTER = 5
TIMEOUT_SECONDS = 10.0
MAX_RESPONSE_BYTES = 64 * 1024
FAN_OUT_BATCH = 500
CONCURRENCY = 8
SCOPE = "system:webhooks"


@dataclass(frozen=True, slots=True)
class _Claimed:
    organisation_id: uuid.UUID
    id: uuid.UUID
    subscription_id: uuid.UUID
    event_id: uuid.UUID
    body: str
    url: str
    secret: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    claimed: _Claimed
    status_code: int | None = None
    error: str = ""
    permanent: bool = False

    @property
    def delivered(self) -> bool:
        return not self.error


def envelope(event: WebhookEvent) -> str:
    """The JSON body of an event (Standard Webhooks: ``type``, ``timestamp``, ``data``)."""
    return json.dumps(
        {
            "id": str(event.id),
            "type": event.event_type,
            "timestamp": event.created_at.astimezone(dt.UTC).isoformat(),
            "data": event.data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


async def fan_out(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Turn captured events into deliveries; returns how many deliveries were queued."""
    async with sessions() as session:
        if await session.scalar(select(WebhookEvent.id).limit(1)) is None:
            return 0
    async with sessions.begin() as session:
        await begin_writing(session)
        events = list(
            await session.scalars(
                select(WebhookEvent)
                .order_by(WebhookEvent.id)
                .limit(FAN_OUT_BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        if not events:
            return 0
        subscriptions = await session.scalars(
            select(WebhookSubscription).where(
                WebhookSubscription.organisation_id.in_({e.organisation_id for e in events}),
                WebhookSubscription.active.is_(True),
            )
        )
        by_organisation: dict[uuid.UUID, list[WebhookSubscription]] = defaultdict(list)
        for subscription in subscriptions:
            by_organisation[subscription.organisation_id].append(subscription)
        queued = 0
        for event in events:
            body = envelope(event)
            for subscription in by_organisation[event.organisation_id]:
                if event.event_type not in subscription.events:
                    continue
                session.add(
                    WebhookDelivery(
                        organisation_id=event.organisation_id,
                        subscription_id=subscription.id,
                        event_id=event.id,
                        event_type=event.event_type,
                        body=body,
                    )
                )
                queued += 1
        await session.execute(
            delete(WebhookEvent).where(WebhookEvent.id.in_([e.id for e in events]))
        )
    return queued


async def _claim_due(
    sessions: async_sessionmaker[AsyncSession], now: dt.datetime, limit: int, secret_key: str
) -> list[_Claimed]:
    is_due = (
        WebhookDelivery.status == DeliveryStatus.PENDING,
        or_(WebhookDelivery.next_attempt_at.is_(None), WebhookDelivery.next_attempt_at <= now),
        WebhookSubscription.active.is_(True),
    )
    joined = and_(
        WebhookSubscription.organisation_id == WebhookDelivery.organisation_id,
        WebhookSubscription.id == WebhookDelivery.subscription_id,
    )
    async with sessions() as session:
        first = select(WebhookDelivery.id).join(WebhookSubscription, joined).where(*is_due)
        if await session.scalar(first.limit(1)) is None:
            return []
    async with sessions.begin() as session:
        await begin_writing(session)
        rows = (
            await session.execute(
                select(WebhookDelivery, WebhookSubscription.url, WebhookSubscription.secret)
                .join(WebhookSubscription, joined)
                .where(*is_due)
                .order_by(WebhookDelivery.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=WebhookDelivery)
            )
        ).all()
        claimed = []
        for delivery, url, sealed in rows:
            delivery.attempts += 1
            delivery.next_attempt_at = now + RETRY.backoff(delivery.attempts)
            try:
                secret = signing.unseal(sealed, secret_key)
            except ConfigurationError as exc:
                # Not signable (CLEA_SECRET_KEY changed): set aside, said why; the rest goes.
                delivery.status = DeliveryStatus.DEAD
                delivery.dead_at = now
                delivery.next_attempt_at = None
                delivery.last_error = str(exc).replace("\n", " ")[:500]
                continue
            claimed.append(
                _Claimed(
                    delivery.organisation_id,
                    delivery.id,
                    delivery.subscription_id,
                    delivery.event_id,
                    delivery.body,
                    url,
                    secret,
                )
            )
    return claimed


def http_client(settings: Settings, timeout: float = TIMEOUT_SECONDS) -> httpx.AsyncClient:
    """The client deliveries go through: the SSRF guard at each request (loopback allowed
    outside production only), no redirects followed, bounded time."""
    return httpx.AsyncClient(
        transport=PublicOnlyTransport(allow_loopback=not settings.is_production),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
    )


async def _post(client: httpx.AsyncClient, item: _Claimed, now: dt.datetime) -> _Outcome:
    headers = signing.signed_headers(
        item.secret, str(item.event_id), int(now.timestamp()), item.body
    )
    async with client.stream(
        "POST", item.url, content=item.body.encode(), headers=headers
    ) as response:
        read = 0
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read >= MAX_RESPONSE_BYTES:
                break  # the answer's body is not needed: never read a huge one
        if 200 <= response.status_code < 300:
            return _Outcome(item, response.status_code)
        return _Outcome(item, response.status_code, f"réponse HTTP {response.status_code}")


async def _send(
    client: httpx.AsyncClient, item: _Claimed, now: dt.datetime, timeout: float
) -> _Outcome:
    try:
        return await asyncio.wait_for(_post(client, item, now), timeout)
    except ForbiddenDestinationError as exc:
        return _Outcome(item, error=f"destination refusée : {exc}", permanent=True)
    except TimeoutError:
        return _Outcome(item, error=f"pas de réponse en {timeout:g} s")
    except httpx.HTTPError as exc:
        return _Outcome(item, error=f"{type(exc).__name__}: {exc}"[:500])


@dataclass(frozen=True, slots=True)
class Round:
    """What one round did: events fanned out, deliveries claimed, deliveries delivered."""

    queued: int = 0
    claimed: int = 0
    delivered: int = 0

    @property
    def idle(self) -> bool:
        """Nothing was due: another round now would find nothing either."""
        return not (self.queued or self.claimed)


async def deliver_pending(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    limit: int = 100,
    timeout: float = TIMEOUT_SECONDS,
) -> int:
    """One round: fan out, deliver what is due; returns how many were delivered."""
    done = await deliver_round(sessions, settings, now=now, limit=limit, timeout=timeout)
    return done.delivered


async def deliver_round(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    limit: int = 100,
    timeout: float = TIMEOUT_SECONDS,
) -> Round:
    """One round (see the module's docstring), and what it did."""
    now = now or utcnow()
    with cross_tenant(SCOPE):
        queued = await fan_out(sessions)
        claimed = await _claim_due(sessions, now, limit, settings.secret_key)
        if not claimed:
            return Round(queued=queued)
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(item: _Claimed) -> _Outcome:
            async with gate:
                return await _send(client, item, now, timeout)

        async with http_client(settings, timeout) as client:
            outcomes = await asyncio.gather(*(one(item) for item in claimed))
        await _record(sessions, outcomes, now)
    return Round(queued, len(claimed), sum(outcome.delivered for outcome in outcomes))


async def _record(
    sessions: async_sessionmaker[AsyncSession], outcomes: list[_Outcome], now: dt.datetime
) -> None:
    async with sessions.begin() as session:
        await begin_writing(session)
        # Two reads for the round, not two per delivery (the identity map then answers).
        await session.scalars(
            select(WebhookDelivery).where(
                WebhookDelivery.id.in_([outcome.claimed.id for outcome in outcomes])
            )
        )
        await session.scalars(
            select(WebhookSubscription).where(
                WebhookSubscription.id.in_(
                    {outcome.claimed.subscription_id for outcome in outcomes}
                )
            )
        )
        for outcome in outcomes:
            item = outcome.claimed
            delivery = await session.get(WebhookDelivery, (item.organisation_id, item.id))
            subscription = await session.get(
                WebhookSubscription, (item.organisation_id, item.subscription_id)
            )
            if delivery is None or subscription is None:
                continue  # deleted with its subscription meanwhile
            delivery.last_status_code = outcome.status_code
            if outcome.delivered:
                delivery.status = DeliveryStatus.DELIVERED
                delivery.delivered_at = now
                delivery.next_attempt_at = None
                delivery.last_error = ""
                subscription.consecutive_failures = 0
                continue
            delivery.last_error = outcome.error[:500]
            if not (outcome.permanent or RETRY.exhausted(delivery.attempts)):
                continue
            delivery.status = DeliveryStatus.DEAD
            delivery.dead_at = now
            delivery.next_attempt_at = None
            subscription.consecutive_failures += 1
            logger.warning("webhook delivery %s set aside: %s", delivery.id, delivery.last_error)
            if subscription.active and subscription.consecutive_failures >= DISABLE_AFTER:
                await _disable(session, subscription, now)


async def _disable(
    session: AsyncSession, subscription: WebhookSubscription, now: dt.datetime
) -> None:
    subscription.active = False
    subscription.disabled_at = now
    subscription.disabled_reason = (
        f"{subscription.consecutive_failures} envois abandonnés d'affilée "
        "(le système destinataire ne répond pas correctement)."
    )
    organisation = await session.get(Organisation, subscription.organisation_id)
    roles = await session.execute(
        select(User.email, Membership.roles)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organisation_id == subscription.organisation_id,
            User.disabled_at.is_(None),
        )
        .order_by(User.email)
    )
    name = organisation.name if organisation is not None else ""
    for email, held in roles:
        if Role.ORG_ADMIN.value not in held:
            continue
        mail.enqueue(
            session,
            email,
            "Webhook désactivé après des échecs répétés",
            f"Bonjour,\n\nL'abonnement webhook de {name} vers {subscription.url} a été "
            f"désactivé le {now:%d/%m/%Y à %H:%M} UTC : {subscription.disabled_reason}\n\n"
            "Vérifiez que votre système répond (réponse 2xx en moins de "
            f"{TIMEOUT_SECONDS:g} secondes), puis réactivez l'abonnement depuis l'écran "
            "« Webhooks » de la plateforme ; les envois abandonnés peuvent être renvoyés "
            "depuis le journal des envois.\n",
        )
