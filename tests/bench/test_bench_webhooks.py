"""A burst of webhook events delivered by two concurrent workers: no loss, duplicates
counted (the at-least-once rule), throughput and delay reported.

The issue's scale is a jury session closing with 500 certificates, each to 20
subscriptions (10 000 deliveries): ``CLEA_BENCH_WEBHOOK_CERTIFICATES=500
CLEA_BENCH_WEBHOOK_SUBSCRIPTIONS=20 make bench``. By default a small burst (50 × 4). The two
workers are two delivery loops with engines of their own in one process (separate
connections and transactions, as two processes would have); the receiver is a real local
HTTP server.
"""

from __future__ import annotations

import asyncio
import collections
import os
import time
from typing import Any

from sqlalchemy import func, select

from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.tenants.context import acting_as, cross_tenant
from clea_platform.webhooks import delivery, service
from clea_platform.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from tests.bench.conftest import AsgiDriver
from tests.mail.conftest import free_port
from tests.webhooks.conftest import Receiver, certificate_issued, new_organisation

CERTIFICATES = int(os.environ.get("CLEA_BENCH_WEBHOOK_CERTIFICATES", "50"))
SUBSCRIPTIONS = int(os.environ.get("CLEA_BENCH_WEBHOOK_SUBSCRIPTIONS", "4"))


def test_bench_webhook_burst_two_workers(benchmark: Any, asgi: AsgiDriver) -> None:
    settings = asgi.app.state.settings
    registry = asgi.app.state.registry
    receiver = Receiver(free_port())
    receiver.start()
    engines = [create_engine_for(settings) for _ in range(3)]
    sessions = [session_factory(engine) for engine in engines]

    async def prepare() -> Any:
        admin = await new_organisation(sessions[0], "Organisme banc webhooks")
        for n in range(SUBSCRIPTIONS):
            with acting_as(admin):
                async with sessions[0].begin() as session:
                    await service.create_subscription(
                        session,
                        admin,
                        settings,
                        service.SubscriptionData(f"{receiver.url}/{n}", "", ["certificate.issued"]),
                    )
        return admin

    async def worker(factory: Any) -> None:
        while True:
            await delivery.deliver_pending(factory, settings, limit=200)
            with cross_tenant("bench"):
                async with factory() as session:
                    waiting = (
                        await session.scalar(select(func.count()).select_from(WebhookEvent)) or 0
                    )
                    waiting += (
                        await session.scalar(
                            select(func.count())
                            .select_from(WebhookDelivery)
                            .where(
                                WebhookDelivery.organisation_id == admin.organisation_id,
                                WebhookDelivery.status == DeliveryStatus.PENDING,
                            )
                        )
                        or 0
                    )
            if waiting == 0:
                return

    admin = asgi.loop.run_until_complete(prepare())

    def burst() -> dict[str, float]:
        receiver.received.clear()

        async def run() -> float:
            for n in range(CERTIFICATES):
                await certificate_issued(
                    sessions[0], registry, admin.organisation_id, f"BENCH-{n:06}"
                )
            started = time.perf_counter()
            await asyncio.gather(worker(sessions[1]), worker(sessions[2]))
            return time.perf_counter() - started

        elapsed = asgi.loop.run_until_complete(run())
        return {"elapsed": elapsed}

    result = benchmark.pedantic(burst, rounds=1, iterations=1)
    expected = CERTIFICATES * SUBSCRIPTIONS
    per_delivery = collections.Counter((r.path, r.headers["webhook-id"]) for r in receiver.received)
    # no loss: every (subscription, event) pair arrived; duplicates are reported, not hidden
    assert len(per_delivery) == expected
    benchmark.extra_info.update(
        {
            "deliveries": expected,
            "duplicates": sum(per_delivery.values()) - expected,
            "deliveries_per_second": round(expected / result["elapsed"], 1),
            "drain_seconds": round(result["elapsed"], 2),
        }
    )
    receiver.stop()
    for engine in engines:
        asgi.loop.run_until_complete(engine.dispose())
