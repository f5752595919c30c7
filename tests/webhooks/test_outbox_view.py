"""Certif'Pro sees mail and webhooks in one outbox view, and queues a delivery set aside
again — the same rule as for mail (``retryEmail``): back to the queue, fresh attempts."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.core.errors import AccessDeniedError
from clea_platform.db.base import utcnow
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.webhooks import outbox
from clea_platform.webhooks.delivery import RETRY, deliver_pending
from clea_platform.webhooks.errors import WebhookError, WebhookErrorCode
from clea_platform.webhooks.models import DeliveryStatus
from tests.webhooks.conftest import Receiver, certificate_issued, new_organisation
from tests.webhooks.test_delivery import deliveries, subscribe

CERTIFPRO = Actor(label="Certif'Pro", platform_roles=frozenset({"certifpro_admin"}))


async def test_certifpro_sees_a_delivery_set_aside_and_queues_it_again(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    # given a delivery set aside after its last attempt (the receiver answered 503)
    admin = await new_organisation(sessions)
    assert admin.organisation_id is not None
    await subscribe(sessions, admin, settings, receiver.url)
    receiver.status = 503
    await certificate_issued(sessions, registry, admin.organisation_id)
    now = utcnow()
    for attempt in range(1, RETRY.max_attempts + 1):
        await deliver_pending(sessions, settings, now=now)
        now += RETRY.backoff(attempt)
    [dead] = await deliveries(sessions, admin)
    assert dead.status == DeliveryStatus.DEAD
    # when Certif'Pro looks at the outbox
    async with sessions.begin() as session:
        channels = {c.channel: c for c in await outbox.summary(session, CERTIFPRO)}
        page = await outbox.dead_deliveries(session, CERTIFPRO, first=100, after=None)
    # then every channel is there, and the delivery among those set aside
    assert set(channels) == {"mail", "webhooks", "declarations"}
    assert channels["webhooks"].dead >= 1
    assert dead.id in [d.id for d in page.items]
    # an organisation's admin may not look (nor retry)
    async with sessions.begin() as session:
        with pytest.raises(AccessDeniedError):
            await outbox.summary(session, admin)
        with pytest.raises(AccessDeniedError):
            await outbox.retry_delivery(session, admin, dead.id)
    # Certif'Pro queues it again once the receiver is fixed: delivered
    async with sessions.begin() as session:
        await outbox.retry_delivery(session, CERTIFPRO, dead.id)
    receiver.status = 200
    await deliver_pending(sessions, settings, now=now)
    [delivered] = await deliveries(sessions, admin)
    assert (delivered.status, delivered.attempts) == (DeliveryStatus.DELIVERED, 1)
    # a delivery that was not set aside cannot be "retried"
    async with sessions.begin() as session:
        with pytest.raises(WebhookError) as refused:
            await outbox.retry_delivery(session, CERTIFPRO, dead.id)
    assert refused.value.code == WebhookErrorCode.INVALID_STATE
