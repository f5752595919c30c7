"""Webhook deliveries to a real HTTP receiver on 127.0.0.1: signed, retried, never lost.

Each test commits its own organisation and subscription in the shared test database and
runs delivery rounds (``delivery.deliver_pending``) as the outbox dispatcher does, moving
the clock forward (``now=``) instead of waiting for the backoff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import time

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core import retry
from clea_platform.core.config import Settings
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.webhooks import delivery, service, signing
from clea_platform.webhooks.delivery import DISABLE_AFTER, RETRY, deliver_pending
from clea_platform.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from clea_platform.webhooks.service import SubscriptionData
from tests.webhooks.conftest import (
    Receiver,
    certificate_issued,
    mail_to,
    new_organisation,
)

EVENTS = ("certificate.issued", "certificate.revoked")


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(signing).failed == 0
    assert doctest.testmod(retry).failed == 0


async def subscribe(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    settings: Settings,
    url: str,
    events: tuple[str, ...] = EVENTS,
) -> WebhookSubscription:
    with acting_as(actor):
        async with sessions.begin() as session:
            return await service.create_subscription(
                session, actor, settings, SubscriptionData(url, "ERP", events)
            )


async def deliveries(
    sessions: async_sessionmaker[AsyncSession], actor: Actor
) -> list[WebhookDelivery]:
    with acting_as(actor):
        async with sessions() as session:
            rows = await session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
            return list(rows)


async def reload(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, subscription: WebhookSubscription
) -> WebhookSubscription:
    with acting_as(actor):
        async with sessions() as session:
            found = await session.get(
                WebhookSubscription, (subscription.organisation_id, subscription.id)
            )
            assert found is not None
            return found


async def test_an_issued_certificate_reaches_the_receiver_signed_with_the_subscription_secret(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    # given an organisation subscribed to certificates
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    subscription = await subscribe(sessions, admin, settings, receiver.url)
    # when a certificate of theirs is issued and the outbox runs
    await certificate_issued(sessions, registry, admin.organisation_id, "CLEA-2026-000042")
    await deliver_pending(sessions, settings)
    # then the receiver got one POST, signed (Standard Webhooks) with the secret shown once
    [request] = receiver.received
    assert request.path == "/hooks"
    assert request.json["type"] == "certificate.issued"
    assert request.json["data"]["number"] == "CLEA-2026-000042"
    assert request.json["data"]["organisation_id"] == str(admin.organisation_id)
    assert signing.verify(
        signing.unseal(subscription.secret, settings.secret_key),
        request.headers,
        request.body,
        now=int(time.time()),
    )
    assert not signing.verify(
        signing.new_secret(), request.headers, request.body, now=int(time.time())
    )
    [logged] = await deliveries(sessions, admin)
    assert (logged.status, logged.attempts, logged.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )
    assert request.headers["webhook-id"] == str(logged.event_id)


async def test_an_event_nobody_subscribed_to_is_not_sent(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    await subscribe(sessions, admin, settings, receiver.url, ("dossier.status_changed",))
    await certificate_issued(sessions, registry, admin.organisation_id)
    await deliver_pending(sessions, settings)
    assert receiver.received == []
    assert await deliveries(sessions, admin) == []


async def test_deliveries_survive_a_receiver_that_is_down_for_a_while(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    # given a subscription whose receiver is down
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    await subscribe(sessions, admin, settings, receiver.url)
    receiver.stop()
    for number in ("CLEA-2026-000101", "CLEA-2026-000102"):
        await certificate_issued(sessions, registry, admin.organisation_id, number)
    # when the outbox tries three times over several minutes (its backoff)
    now = utcnow()
    for attempt in range(1, 4):
        await deliver_pending(sessions, settings, now=now)
        logged = await deliveries(sessions, admin)
        assert [(d.status, d.attempts) for d in logged] == [(DeliveryStatus.PENDING, attempt)] * 2
        assert all("ConnectError" in d.last_error for d in logged)
        # nothing is due before the backoff has passed
        await deliver_pending(sessions, settings, now=now + dt.timedelta(seconds=1))
        assert [d.attempts for d in await deliveries(sessions, admin)] == [attempt] * 2
        now += RETRY.backoff(attempt)
    # and the receiver comes back up
    receiver.start()
    await deliver_pending(sessions, settings, now=now)
    # then both events arrive, once each
    assert sorted(r.json["data"]["number"] for r in receiver.received) == [
        "CLEA-2026-000101",
        "CLEA-2026-000102",
    ]
    logged = await deliveries(sessions, admin)
    assert [(d.status, d.attempts) for d in logged] == [(DeliveryStatus.DELIVERED, 4)] * 2


async def test_a_replay_delivers_the_same_body_again_signed_with_a_fresh_timestamp(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    subscription = await subscribe(sessions, admin, settings, receiver.url)
    await certificate_issued(sessions, registry, admin.organisation_id)
    await deliver_pending(sessions, settings, now=utcnow() - dt.timedelta(minutes=10))
    [original] = await deliveries(sessions, admin)
    # when the org admin replays it from the log
    with acting_as(admin):
        async with sessions.begin() as session:
            replayed = await service.replay(session, admin, original.id)
    await deliver_pending(sessions, settings)
    # then the receiver gets the same event (same id and body), signed afresh
    first, second = receiver.received
    assert second.body == first.body
    assert second.headers["webhook-id"] == first.headers["webhook-id"]
    assert int(second.headers["webhook-timestamp"]) > int(first.headers["webhook-timestamp"])
    assert signing.verify(
        signing.unseal(subscription.secret, settings.secret_key),
        second.headers,
        second.body,
        now=int(time.time()),
    )
    logged = {d.id: d for d in await deliveries(sessions, admin)}
    assert logged[replayed.id].replay_of_id == original.id
    assert logged[replayed.id].status == DeliveryStatus.DELIVERED


async def test_another_organisation_can_neither_see_nor_replay_your_deliveries(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    admin = await new_organisation(sessions)
    other = await new_organisation(sessions, "Autre organisme")
    assert admin.organisation_id is not None
    subscription = await subscribe(sessions, admin, settings, receiver.url)
    await certificate_issued(sessions, registry, admin.organisation_id)
    await deliver_pending(sessions, settings)
    [original] = await deliveries(sessions, admin)
    # the other organisation's admin sees no delivery, no subscription, and cannot act
    assert await deliveries(sessions, other) == []
    with acting_as(other):
        async with sessions.begin() as session:
            assert await service.list_subscriptions(session, other) == []
            with pytest.raises(service.WebhookError) as replay:
                await service.replay(session, other, original.id)
            assert replay.value.code == service.WebhookErrorCode.NOT_FOUND
            with pytest.raises(service.WebhookError) as log:
                await service.list_deliveries(session, other, subscription.id, first=10, after=None)
            assert log.value.code == service.WebhookErrorCode.NOT_FOUND
            with pytest.raises(service.WebhookError):
                await service.delete_subscription(session, other, subscription.id)
    assert len(await deliveries(sessions, admin)) == 1


async def test_repeated_failures_set_deliveries_aside_then_disable_and_tell_the_admins(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    # given a receiver that answers 500 to everything
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    subscription = await subscribe(sessions, admin, settings, receiver.url)
    receiver.status = 500
    for n in range(DISABLE_AFTER):
        await certificate_issued(sessions, registry, admin.organisation_id, f"CLEA-2026-{n:06}")
    # when every delivery uses up its attempts
    now = utcnow()
    for attempt in range(1, RETRY.max_attempts + 1):
        await deliver_pending(sessions, settings, now=now)
        now += RETRY.backoff(attempt)
    # then each is set aside (dead) with the answer, and the subscription is disabled
    logged = await deliveries(sessions, admin)
    assert {(d.status, d.attempts, d.last_status_code) for d in logged} == {
        (DeliveryStatus.DEAD, RETRY.max_attempts, 500)
    }
    disabled = await reload(sessions, admin, subscription)
    assert not disabled.active
    assert disabled.disabled_at is not None
    assert len(receiver.received) == DISABLE_AFTER * RETRY.max_attempts
    # and the org admin is told by e-mail, through the mail outbox
    assert admin.email is not None
    [notice] = await mail_to(sessions, admin.email)
    assert "désactivé" in notice.subject
    assert receiver.url in notice.body
    # nothing more is sent while it is disabled; a replay is refused until re-enabled
    await certificate_issued(sessions, registry, admin.organisation_id)
    await deliver_pending(sessions, settings, now=now)
    assert len(receiver.received) == DISABLE_AFTER * RETRY.max_attempts
    with acting_as(admin):
        async with sessions.begin() as session:
            with pytest.raises(service.WebhookError) as refused:
                await service.replay(session, admin, logged[0].id)
            assert refused.value.code == service.WebhookErrorCode.DISABLED
    with acting_as(admin):
        async with sessions.begin() as session:
            await service.update_subscription(
                session,
                admin,
                settings,
                subscription.id,
                SubscriptionData(receiver.url, "ERP", EVENTS),
                active=True,
            )
            await service.replay(session, admin, logged[0].id)
    receiver.status = 200
    await deliver_pending(sessions, settings, now=now)
    assert (await reload(sessions, admin, subscription)).consecutive_failures == 0
    assert receiver.received[-1].body == logged[0].body


async def test_a_slow_receiver_is_cut_off_and_a_huge_answer_is_not_read(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    await subscribe(sessions, admin, settings, receiver.url)
    receiver.delay = 2.0
    await certificate_issued(sessions, registry, admin.organisation_id)
    await deliver_pending(sessions, settings, timeout=0.5)
    [slow] = await deliveries(sessions, admin)
    assert (slow.status, slow.attempts) == (DeliveryStatus.PENDING, 1)
    assert "0.5 s" in slow.last_error or "Timeout" in slow.last_error
    # a 10 MiB answer: the 2xx counts, only the first 64 KiB are read
    receiver.delay = 0.0
    receiver.huge_body = True
    await deliver_pending(sessions, settings, now=utcnow() + RETRY.backoff(1))
    [done] = await deliveries(sessions, admin)
    assert done.status == DeliveryStatus.DELIVERED


async def test_a_subscription_to_an_internal_address_is_refused_even_in_development(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    admin = await new_organisation(sessions)
    for url in (
        "http://169.254.169.254/latest/meta-data",  # metadata: not https, and link-local
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.8/hooks",
        "https://[fd00::1]/hooks",
        "http://exemple.fr/hooks",  # plain http outside localhost
    ):
        with acting_as(admin), pytest.raises(InvalidFormError) as refused:
            async with sessions.begin() as session:
                await service.create_subscription(
                    session, admin, settings, SubscriptionData(url, "", EVENTS)
                )
        assert [e.field for e in refused.value.errors] == ["url"], url


async def test_production_refuses_loopback_at_subscription_and_at_delivery(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    production = dataclasses.replace(settings, env="production")
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    # at subscription: http and loopback refused in production
    for url in (receiver.url, f"https://127.0.0.1:{receiver.port}/hooks", "https://localhost/"):
        with acting_as(admin), pytest.raises(InvalidFormError):
            async with sessions.begin() as session:
                await service.create_subscription(
                    session, admin, production, SubscriptionData(url, "", EVENTS)
                )
    # at delivery: a subscription saved while it was allowed (or a name that now
    # resolves to 127.0.0.1) is refused when sent, and set aside at once
    await subscribe(sessions, admin, settings, receiver.url)
    await certificate_issued(sessions, registry, admin.organisation_id)
    await deliver_pending(sessions, production)
    assert receiver.received == []
    [refused] = await deliveries(sessions, admin)
    assert refused.status == DeliveryStatus.DEAD
    assert "destination refusée" in refused.last_error


def test_the_loopback_allowance_follows_the_environment_only(settings: Settings) -> None:
    production = dataclasses.replace(settings, env="production")
    transport = delivery.http_client(production)._transport
    assert getattr(transport, "allow_loopback", None) is False
    assert getattr(delivery.http_client(settings)._transport, "allow_loopback", None) is True
