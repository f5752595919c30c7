"""The outbox delivered by the jobs' workers (``clea worker``), several at once, and the
daily declaration batch.

Every outbound channel (mail, webhooks, declarations) is a table of rows claimed before
sending (``FOR UPDATE SKIP LOCKED`` on PostgreSQL): any number of processes may run
delivery rounds side by side, each row is sent by one of them (at least once: a process
that dies between the receiver's answer and the recorded outcome sends it again after its
backoff). This module makes the workers run those rounds:

- **PostgreSQL** — two procrastinate tasks on the ``outbox`` queue:

  * :data:`TICK_TASK`, periodic (every minute; procrastinate defers one job per minute
    whichever workers run): when something waits, it defers the drain jobs;
  * :data:`DRAIN_TASK`, one job per *slot* (:data:`SLOTS`, each with its queueing lock
    ``outbox:<slot>``, so at most one of each waits): rounds until nothing is due, or for
    :data:`BUDGET_SECONDS` then it defers itself again. Several workers therefore drain one
    burst together, one slot each.

  The certificates' issuance defers the drain jobs as soon as it has issued a session's
  certificates (:func:`kick`): their events leave at once, not at the next tick.

  * :data:`DECLARE_TASK`, periodic (daily, 02:00 UTC): the declaration batch of the
    certificates not declared yet (``declarations/transmission.py``), whose transmission
    the drain jobs then take like any other outbox row.
- **SQLite** (one process, ``make run``): ``clea serve``'s dispatcher (``mail/dispatcher.py``)
  runs the rounds after the commits that queue something and every minute;
  ``clea outbox deliver`` runs them from a command (a cron job, or beside a server).

``clea serve``'s dispatcher keeps running on PostgreSQL too (its rounds take only what
no worker has claimed): a replay asked from a screen leaves at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import procrastinate
from procrastinate import JobContext
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.declarations import transmission as declarations
from clea_platform.declarations.models import DeclarationBatch, Transmission
from clea_platform.mail import service as mail
from clea_platform.mail.models import OutboxEmail, OutboxStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import cross_tenant
from clea_platform.webhooks import delivery as webhooks
from clea_platform.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent

logger = logging.getLogger(__name__)

QUEUE = "outbox"
TICK_TASK = "outbox_tick"
DRAIN_TASK = "deliver_outbox"
DECLARE_TASK = "declare_certificates"
#: Drain jobs deferred at once: as many workers as this can drain one burst together.
SLOTS = 4
#: Deliveries one round claims (then sends, 8 at a time, and records in one transaction).
ROUND_LIMIT = 100
#: A drain job stops after this long and defers itself again (other queues get a turn).
BUDGET_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class Drained:
    """What :func:`drain` did."""

    rounds: int = 0
    delivered: int = 0
    mail_sent: int = 0
    finished: bool = True


async def has_work(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """Whether an event waits to be fanned out, or a delivery or an e-mail is due."""
    now = utcnow()
    with cross_tenant("system:outbox"):
        async with sessions() as session:
            for query in (
                select(WebhookEvent.id),
                select(WebhookDelivery.id).where(
                    WebhookDelivery.status == DeliveryStatus.PENDING,
                    or_(
                        WebhookDelivery.next_attempt_at.is_(None),
                        WebhookDelivery.next_attempt_at <= now,
                    ),
                ),
                select(OutboxEmail.id).where(
                    OutboxEmail.status == OutboxStatus.PENDING,
                    or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now),
                ),
                select(DeclarationBatch.id).where(
                    DeclarationBatch.transmission == Transmission.PENDING,
                    or_(
                        DeclarationBatch.next_attempt_at.is_(None),
                        DeclarationBatch.next_attempt_at <= now,
                    ),
                ),
            ):
                if await session.scalar(query.limit(1)) is not None:
                    return True
    return False


async def drain(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    budget: float = BUDGET_SECONDS,
    limit: int = ROUND_LIMIT,
    fanned_out: Callable[[], Awaitable[object]] | None = None,
) -> Drained:
    """Delivery rounds (mail, webhooks, declaration batches) until one finds nothing due,
    or ``budget`` seconds have passed (``finished`` is then false: something may still wait)."""
    started = time.monotonic()
    rounds = delivered = sent = 0
    while True:
        rounds += 1
        with cross_tenant("system:outbox"):
            mailed = await mail.deliver_pending(sessions, settings, limit=limit)
        done = await webhooks.deliver_round(sessions, settings, limit=limit)
        batches = await declarations.transmit_pending(sessions, settings)
        sent += mailed
        delivered += done.delivered
        if done.queued and fanned_out is not None:
            await fanned_out()  # new deliveries: let idle workers join in
        if done.idle and not mailed and not batches:
            return Drained(rounds, delivered, sent, finished=True)
        if time.monotonic() - started >= budget:
            return Drained(rounds, delivered, sent, finished=False)


# ------------------------------------------------------------------ procrastinate


async def kick(app: procrastinate.App, slots: int = SLOTS) -> int:
    """Defer the drain jobs (one per slot not already waiting); returns how many."""
    deferred = 0
    for slot in range(slots):
        deferred += await _defer(app, slot)
    return deferred


async def _defer(app: procrastinate.App, slot: int) -> bool:
    try:
        await app.configure_task(
            DRAIN_TASK, queue=QUEUE, queueing_lock=f"outbox:{slot}"
        ).defer_async(slot=slot)
    except AlreadyEnqueued:
        return False  # that slot's job waits already: it will find this work too
    return True


async def _tick(context: JobContext, timestamp: int) -> None:
    sessions: async_sessionmaker[AsyncSession] = context.additional_context["sessions"]
    if await has_work(sessions):
        await kick(context.app)


async def _drain_job(context: JobContext, slot: int) -> None:
    sessions: async_sessionmaker[AsyncSession] = context.additional_context["sessions"]
    settings: Settings = context.additional_context["settings"]

    async def call_the_others() -> None:
        await kick(context.app)

    done = await drain(sessions, settings, fanned_out=call_the_others)
    if done.delivered or done.mail_sent:
        logger.info(
            "outbox slot %s: %d webhook(s), %d e-mail(s) in %d round(s)",
            slot,
            done.delivered,
            done.mail_sent,
            done.rounds,
        )
    if not done.finished:
        await _defer(context.app, slot)  # the rest, in a job of its own


async def _declare(context: JobContext, timestamp: int) -> None:
    """Daily: the batch of the certificates not declared yet, queued for transmission."""
    sessions: async_sessionmaker[AsyncSession] = context.additional_context["sessions"]
    registry: CertificationRegistry = context.additional_context["registry"]
    today = dt.datetime.fromtimestamp(timestamp, dt.UTC).date()
    result = await declarations.declare_undeclared(sessions, registry, today)
    if result.batch is not None:
        await kick(context.app, slots=1)


def register(app: procrastinate.App) -> None:
    """Add the outbox's tasks to a procrastinate App (``jobs/queue.py``'s ``build_app``)."""
    app.task(name=DRAIN_TASK, queue=QUEUE, pass_context=True)(_drain_job)
    app.periodic(cron="* * * * *", periodic_id="outbox")(
        app.task(name=TICK_TASK, queue=QUEUE, pass_context=True)(_tick)
    )
    # Every day at 02:00 UTC: certificates are declared within a day of their issue.
    app.periodic(cron="0 2 * * *", periodic_id="declarations")(
        app.task(name=DECLARE_TASK, queue=QUEUE, pass_context=True)(_declare)
    )
