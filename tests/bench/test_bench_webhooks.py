"""A burst of webhook events delivered by two worker **processes**: no loss, duplicates
counted (the at-least-once rule), throughput and delay reported.

The issue's scale, and the default: a jury session closing with 500 certificates, each to 20
subscriptions — 10 000 deliveries (``CLEA_BENCH_WEBHOOK_CERTIFICATES``,
``CLEA_BENCH_WEBHOOK_SUBSCRIPTIONS`` for another size). The workers are two processes started
with the command line (``tests/webhooks/workers.py``): ``clea worker --queue outbox`` on
PostgreSQL (the drain jobs deferred as an issuance defers them), ``clea outbox deliver`` on
SQLite; the receiver is a real local HTTP server.

Reported in ``extra_info``: deliveries, duplicates, deliveries per second, the drain time
(workers started → the last expected request at the receiver, start-up of the processes
included) and the delay of
each delivery (its arrival at the receiver minus the event's timestamp: median, p95, max).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
from typing import Any

from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.tenants.context import acting_as
from clea_platform.webhooks import service
from tests.bench.conftest import AsgiDriver
from tests.mail.conftest import free_port
from tests.webhooks.conftest import Receiver, new_organisation
from tests.webhooks.workers import Run, kick, run_workers, session_closes, still_pending, tally

CERTIFICATES = int(os.environ.get("CLEA_BENCH_WEBHOOK_CERTIFICATES", "500"))
SUBSCRIPTIONS = int(os.environ.get("CLEA_BENCH_WEBHOOK_SUBSCRIPTIONS", "20"))


def test_bench_webhook_burst_two_worker_processes(benchmark: Any, asgi: AsgiDriver) -> None:
    settings = asgi.app.state.settings
    registry = asgi.app.state.registry
    receiver = Receiver(free_port())
    receiver.start()
    engine = create_engine_for(settings)
    sessions = session_factory(engine)

    async def prepare() -> Any:
        admin = await new_organisation(sessions, "Organisme banc webhooks")
        for n in range(SUBSCRIPTIONS):
            with acting_as(admin):
                async with sessions.begin() as session:
                    await service.create_subscription(
                        session,
                        admin,
                        settings,
                        service.SubscriptionData(f"{receiver.url}/{n}", "", ["certificate.issued"]),
                    )
        return admin

    admin = asgi.loop.run_until_complete(prepare())

    def burst() -> float:
        receiver.received.clear()
        asgi.loop.run_until_complete(
            session_closes(sessions, registry, admin.organisation_id, CERTIFICATES)
        )
        asgi.loop.run_until_complete(kick(settings))
        run = run_workers(settings, receiver, expected, count=2, timeout=280)
        runs.append(run)
        return run.seconds

    runs: list[Run] = []
    expected = CERTIFICATES * SUBSCRIPTIONS
    elapsed = benchmark.pedantic(burst, rounds=1, iterations=1)
    arrived = tally(receiver)
    # no loss: every (subscription, event) pair arrived; duplicates are reported, not hidden
    assert len(arrived) == expected
    assert asgi.loop.run_until_complete(still_pending(sessions, admin.organisation_id)) == 0
    delays = sorted(
        r.arrived_at - dt.datetime.fromisoformat(json.loads(r.body)["timestamp"]).timestamp()
        for r in receiver.received
    )
    benchmark.extra_info.update(
        {
            "engine": "sqlite" if settings.is_sqlite else "postgresql",
            "workers": 2,
            "delivered_by_each_worker": runs[0].delivered_by_each(),
            "deliveries": expected,
            "duplicates": sum(arrived.values()) - expected,
            "deliveries_per_second": round(expected / elapsed, 1),
            "drain_seconds": round(elapsed, 2),
            "delay_median_seconds": round(statistics.median(delays), 2),
            "delay_p95_seconds": round(delays[int(len(delays) * 0.95) - 1], 2),
            "delay_max_seconds": round(delays[-1], 2),
        }
    )
    receiver.stop()
    asgi.loop.run_until_complete(engine.dispose())
