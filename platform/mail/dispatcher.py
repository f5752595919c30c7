"""Delivers the outbox in the background: when a transaction that queued mail (or a
webhook event) commits, and every minute for the retries whose backoff has passed (and
rounds that failed).

A round runs each channel in turn — mail, then whatever else the application passes as
``rounds`` (the webhooks' ``deliver_pending``); a channel that fails does not stop the
others."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.mail.service import deliver_pending
from clea_platform.tenants.context import cross_tenant

logger = logging.getLogger(__name__)

POLL_SECONDS = 60.0
Round = Callable[[async_sessionmaker[AsyncSession], Settings], Awaitable[int]]


class MailDispatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        poll_seconds: float = POLL_SECONDS,
        rounds: Sequence[Round] = (),
    ) -> None:
        self.sessions = sessions
        self.rounds: tuple[Round, ...] = tuple(rounds)
        self.settings = settings
        self.poll_seconds = poll_seconds
        self._task: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._again = False

    def start(self) -> None:
        """Start the periodic rounds (at application start-up)."""
        if self._poller is None:
            self._poller = asyncio.get_running_loop().create_task(self._poll())

    def kick(self) -> None:
        """Ask for a delivery round; rounds never overlap."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            self.kick()

    async def _run(self) -> None:
        while True:
            self._again = False
            try:
                with cross_tenant("system:outbox"):
                    await deliver_pending(self.sessions, self.settings)
            except Exception:
                # The messages stay queued: the next round (at the latest the periodic
                # one) takes them again.
                logger.exception("outbox delivery failed")
            for channel in self.rounds:
                try:
                    await channel(self.sessions, self.settings)
                except Exception:
                    logger.exception("outbox delivery failed (%s)", channel.__module__)
            if not self._again:
                return

    async def drain(self) -> None:
        """Wait for the current round (tests and shutdown)."""
        while self._task is not None and not self._task.done():
            await self._task

    async def stop(self) -> None:
        """Stop the periodic rounds and wait for the current one (at shutdown)."""
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        await self.drain()
