"""Worker processes delivering a burst of webhook events to a real local receiver.

Shared by the small test in ``make test`` (``test_worker_processes.py``) and the opt-in bench
at the issue's scale (``tests/bench/test_bench_webhooks.py``). The workers are real
processes started with the command line: ``clea worker --until-empty --queue outbox`` on
PostgreSQL (procrastinate jobs, deferred by :func:`kick` as an issuance defers them), and
``clea outbox deliver --until-empty`` on SQLite (the single-process fallback, here twice at
once: claims then wait for the single writer instead of skipping locked rows).
"""

from __future__ import annotations

import collections
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.jobs import outbox
from clea_platform.jobs.queue import build_app
from clea_platform.plugins import lifecycle
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import cross_tenant
from clea_platform.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.webhooks.conftest import Receiver


async def session_closes(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    organisation_id: uuid.UUID,
    certificates: int,
) -> None:
    """What a jury session's issuance announces for ``certificates`` certificates, in one
    transaction (the events a closing with that many certificates writes)."""
    with cross_tenant("tests"):
        async with sessions.begin() as session:
            for n in range(certificates):
                lifecycle.announce(
                    session,
                    registry.plugin_manager,
                    "clea_certificate_issued",
                    organisation_id=organisation_id,
                    dossier_id=uuid.uuid4(),
                    certificate_id=uuid.uuid4(),
                    certification_code="CLEA",
                    number=f"CLEA-BURST-{n:06}",
                    verification_code="ABCDE-FGHJK",
                )


async def kick(settings: Settings) -> None:
    """PostgreSQL: defer the outbox's drain jobs, as the issuance job does once it is done."""
    if settings.is_sqlite:
        return
    app = build_app(settings.database_url)
    async with app.open_async():
        await outbox.kick(app)


def environ(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "CLEA_ENV": "development",
        "CLEA_DATABASE_URL": settings.database_url,
        "CLEA_MIGRATION_DATABASE_URL": settings.migration_database_url,
        "CLEA_DATA_DIR": str(settings.data_dir),
        "CLEA_SECRET_KEY": settings.secret_key,
    }


def command(settings: Settings) -> list[str]:
    clea = [sys.executable, "-m", "clea_platform.cli.main"]
    if settings.is_sqlite:
        return [*clea, "outbox", "deliver"]
    return [*clea, "worker", "--queue", "outbox"]


@dataclass(frozen=True)
class Run:
    seconds: float
    """From the start of the processes to the last expected request at the receiver."""
    outputs: list[str]

    def delivered_by_each(self) -> list[int]:
        """How many webhooks each process says it delivered (its log or its summary line)."""
        return [
            sum(int(n) for n in re.findall(r"(\d+) webhook\(s\)", output))
            for output in self.outputs
        ]


def run_workers(
    settings: Settings, receiver: Receiver, expected: int, count: int = 2, timeout: float = 280.0
) -> Run:
    """Start ``count`` worker processes at once (waiting for work, as in production), wait
    until the receiver got ``expected`` distinct (subscription, event) pairs, then stop them
    with SIGTERM (each finishes its round, outcomes recorded) and wait for them."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            command(settings),
            env=environ(settings),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(count)
    ]
    deadline = started + timeout
    while len(tally(receiver)) < expected and time.perf_counter() < deadline:
        if any(process.poll() is not None for process in processes):
            break  # one stopped by itself: the assertions below say why
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    outputs = []
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            output, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        outputs.append(output)
        assert process.returncode == 0, output
    return Run(seconds, outputs)


async def still_pending(
    sessions: async_sessionmaker[AsyncSession], organisation_id: uuid.UUID
) -> int:
    with cross_tenant("tests"):
        async with sessions() as session:
            return (
                await session.scalar(
                    select(func.count())
                    .select_from(WebhookDelivery)
                    .where(
                        WebhookDelivery.organisation_id == organisation_id,
                        WebhookDelivery.status != DeliveryStatus.DELIVERED,
                    )
                )
                or 0
            )


def tally(receiver: Receiver) -> collections.Counter[tuple[str, str]]:
    """How many times each (subscription's path, ``webhook-id``) pair arrived."""
    return collections.Counter((r.path, r.headers["webhook-id"]) for r in receiver.received)
