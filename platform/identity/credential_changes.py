"""Credential changes shared between app processes, through the database.

Each process keeps resolved credentials for a few seconds (``service._credentials``). A
change that affects them (logout, revocation, role change, suspension, organisation
switch) forgets them at once in the process that made it, and is written to
``credential_change`` in the same transaction. Every process reads the recent rows about
once a second (:class:`CredentialSync`, on its own connection, off the request path) and
forgets the same credentials: a session revoked through one node stops working on every
node within about a second, instead of the cache's lifetime.

Forgetting twice is harmless, so the poll reads a window that overlaps the previous one
(a change committed late, with an earlier timestamp, is still seen).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.db.base import utcnow
from clea_platform.identity.models import CredentialChange

logger = logging.getLogger(__name__)

SYNC_SECONDS = 1.0
#: How far back each poll reads: commits land later than the timestamp they carry.
OVERLAP = dt.timedelta(seconds=30)
#: Rows older than this are deleted (every process has long read them).
KEEP = dt.timedelta(minutes=10)

Forget = Callable[..., None]


def record(session: AsyncSession, ids: dict[str, uuid.UUID | None]) -> None:
    """Announce a change to the other processes (in the caller's transaction)."""
    session.add(CredentialChange(changed_at=utcnow(), **ids))


async def catch_up(session: AsyncSession, since: dt.datetime, forget: Forget) -> int:
    """Forget what the changes since ``since`` name; returns how many were read."""
    rows = (
        await session.execute(
            select(
                CredentialChange.user_id,
                CredentialChange.session_id,
                CredentialChange.api_key_id,
                CredentialChange.organisation_id,
            ).where(CredentialChange.changed_at >= since)
        )
    ).all()
    for row in rows:
        forget(
            user_id=row.user_id,
            session_id=row.session_id,
            api_key_id=row.api_key_id,
            organisation_id=row.organisation_id,
        )
    return len(rows)


class CredentialSync:
    """The poll of one process (started and stopped with the app)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], forget: Forget) -> None:
        self.sessions = sessions
        self.forget = forget
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="clea credential sync")

    async def stop(self) -> None:
        # Never cancelled in the middle of a poll: a connection abandoned mid-query is
        # not given back to its pool (aiosqlite warns when it is collected).
        self._stopping.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        polls = 0
        while not self._stopping.is_set():
            started = utcnow()
            try:
                async with self.sessions.begin() as session:
                    await catch_up(session, started - OVERLAP, self.forget)
                    if polls and polls % 60 == 0:
                        await session.execute(
                            delete(CredentialChange).where(
                                CredentialChange.changed_at < started - KEEP
                            )
                        )
            # A database hiccup must not end the loop: the next poll tries again.
            except Exception:
                logger.exception("credential sync: poll failed")
            polls += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), SYNC_SECONDS)
