"""Given a jury session whose closing writes 20 certificates' events for an organisation with
10 subscriptions, when two worker processes deliver the outbox, then the real receiver gets
every (subscription, event) pair exactly once (nothing crashed: at-least-once allows no
repeat here), every signature checks out, and every delivery is recorded as delivered."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import acting_as
from clea_platform.webhooks import service, signing
from tests.webhooks.conftest import Receiver, new_organisation
from tests.webhooks.workers import kick, run_workers, session_closes, still_pending, tally

CERTIFICATES = 20
SUBSCRIPTIONS = 10


async def test_two_worker_processes_deliver_a_burst_with_no_loss_and_no_duplicate(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
    receiver: Receiver,
) -> None:
    admin = await new_organisation(sessions, "Organisme deux workers")
    secrets = {}
    for n in range(SUBSCRIPTIONS):
        with acting_as(admin):
            async with sessions.begin() as session:
                created = await service.create_subscription(
                    session,
                    admin,
                    settings,
                    service.SubscriptionData(f"{receiver.url}/{n}", "", ["certificate.issued"]),
                )
                secrets[f"/hooks/{n}"] = signing.unseal(created.secret, settings.secret_key)
    assert admin.organisation_id is not None
    await session_closes(sessions, registry, admin.organisation_id, CERTIFICATES)
    await kick(settings)

    expected = CERTIFICATES * SUBSCRIPTIONS
    run = run_workers(settings, receiver, expected, count=2, timeout=120)

    arrived = tally(receiver)
    assert len(arrived) == expected, run.outputs
    assert set(arrived.values()) == {1}
    assert {path for path, _ in arrived} == set(secrets)
    now = int(time.time())
    for request in receiver.received:
        assert signing.verify(secrets[request.path], request.headers, request.body, now=now)
    assert await still_pending(sessions, admin.organisation_id) == 0
