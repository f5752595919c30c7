"""Transmitting declaration batches, and producing them on a schedule.

A batch (``declaration_batch``) is the outbox row of its own transmission, with the same
rules as mail and webhooks (``core/retry.py``): :func:`transmit_pending` claims the due
batches (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), counts the attempt and pushes the next
one back *before* handing the file to the transmitter, then records the outcome —
transmitted, retried with exponential backoff, or set aside (``dead``) after
:data:`RETRY.max_attempts` (or at once for a :class:`TransmissionError` marked permanent).

**The transmitter is pluggable** (:class:`Transmitter`): :class:`OutgoingFolder`, the
default, writes the file into ``<data dir>/declarations/outgoing/`` (written aside, then
renamed: a reader never sees half a file), where an operator or a transfer job picks it up.
The national system's client plugs in here: a class with
``transmit(batch_id, file_name, document)``
that submits the file and returns the receipt's reference (raising
:class:`TransmissionError` on a refusal, ``permanent=True`` when retrying cannot help),
installed with :func:`use_transmitter` at start-up.

:func:`declare_undeclared` is the scheduled part: the batch of every certificate issued in
the last year and not declared yet (the 3-month deadline is long past for older ones:
``pendingDeclarations`` lists them), produced by ``create_batch`` as the system on
Certif'Pro's behalf (audited), queued for transmission in the same transaction. The
workers run it daily (``jobs/outbox.py``); ``clea declarations submit`` runs it by hand or
from cron (SQLite).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.core.retry import RetryPolicy
from clea_platform.db.base import utcnow
from clea_platform.db.engine import begin_writing
from clea_platform.declarations import service
from clea_platform.declarations.models import DeclarationBatch, Transmission
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor

logger = logging.getLogger(__name__)

RETRY = RetryPolicy(dt.timedelta(minutes=5), factor=4, max_attempts=6)
OUTGOING = Path("declarations") / "outgoing"
#: The scheduled batch covers certificates issued in the last year (create_batch's limit).
LOOK_BACK_DAYS = 364
SYSTEM = Actor(
    label="système (déclaration automatique)", platform_roles=frozenset({"certifpro_admin"})
)


class TransmissionError(Exception):
    """The transmitter could not hand the file over; ``permanent``: retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transmitter(Protocol):
    """Hands a batch's file to the national system; returns a reference of the receipt."""

    def transmit(self, batch_id: uuid.UUID, file_name: str, document: str) -> str: ...


@dataclass(frozen=True, slots=True)
class OutgoingFolder:
    """The default transmitter: the file in ``<data dir>/declarations/outgoing/``."""

    data_dir: Path

    def transmit(self, batch_id: uuid.UUID, file_name: str, document: str) -> str:
        folder = self.data_dir / OUTGOING
        folder.mkdir(parents=True, exist_ok=True)
        # One file per batch: sent again (at least once), it is the same file again.
        target = folder / f"{batch_id}-{file_name}"
        partial = folder / f".{target.name}.{os.getpid()}.part"
        partial.write_text(document, encoding="utf-8")
        partial.replace(target)
        return str(target.relative_to(self.data_dir))


TransmitterFactory = Callable[[Settings], Transmitter]
_factory: TransmitterFactory = lambda settings: OutgoingFolder(settings.data_dir)  # noqa: E731


def use_transmitter(factory: TransmitterFactory) -> None:
    """Install the transmitter (at start-up; tests)."""
    global _factory
    _factory = factory


def transmitter(settings: Settings) -> Transmitter:
    return _factory(settings)


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: uuid.UUID
    file_name: str
    document: str


def _is_due(now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        DeclarationBatch.transmission == Transmission.PENDING,
        or_(DeclarationBatch.next_attempt_at.is_(None), DeclarationBatch.next_attempt_at <= now),
    )


async def _claim(
    sessions: async_sessionmaker[AsyncSession], now: dt.datetime, limit: int
) -> list[_Claimed]:
    async with sessions() as session:
        if await session.scalar(select(DeclarationBatch.id).where(_is_due(now)).limit(1)) is None:
            return []  # nothing due (most rounds): never take the writer
    async with sessions.begin() as session:
        await begin_writing(session)
        batches = list(
            await session.scalars(
                select(DeclarationBatch)
                .where(_is_due(now))
                .order_by(DeclarationBatch.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        for batch in batches:
            batch.attempts += 1
            batch.next_attempt_at = now + RETRY.backoff(batch.attempts)
        return [_Claimed(b.id, b.file_name, b.document) for b in batches]


async def transmit_pending(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    limit: int = 20,
) -> int:
    """One round: hand the due batches to the transmitter; returns how many were taken."""
    now = now or utcnow()
    claimed = await _claim(sessions, now, limit)
    if not claimed:
        return 0
    sender = transmitter(settings)
    outcomes: list[tuple[_Claimed, str, TransmissionError | None]] = []
    for item in claimed:
        try:
            reference = await asyncio.to_thread(
                sender.transmit, item.id, item.file_name, item.document
            )
        except TransmissionError as exc:
            outcomes.append((item, "", exc))
        except Exception as exc:  # whatever breaks in one transmission is recorded on it
            outcomes.append((item, "", TransmissionError(f"{type(exc).__name__}: {exc}")))
        else:
            outcomes.append((item, reference, None))
    async with sessions.begin() as session:
        await begin_writing(session)
        for item, reference, error in outcomes:
            batch = await session.get(DeclarationBatch, item.id)
            if batch is None:
                continue
            if error is None:
                batch.transmission = Transmission.TRANSMITTED
                batch.transmitted_at = now
                batch.next_attempt_at = None
                batch.last_error = ""
                batch.transmission_reference = reference[:500]
                continue
            batch.last_error = str(error)[:500]
            if error.permanent or RETRY.exhausted(batch.attempts):
                batch.transmission = Transmission.DEAD
                batch.dead_at = now
                batch.next_attempt_at = None
                logger.warning("declaration batch %s set aside: %s", batch.id, batch.last_error)
    return len(claimed)


async def declare_undeclared(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    today: dt.date,
) -> service.BatchResult:
    """The scheduled batch: the certificates of the last year not declared yet, queued."""
    async with sessions.begin() as session:
        await begin_writing(session)
        return await service.create_batch(
            session, SYSTEM, registry, today - dt.timedelta(days=LOOK_BACK_DAYS), today
        )
