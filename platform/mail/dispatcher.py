"""Delivers the outbox in the background once a transaction that queued mail commits."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.mail.service import deliver_pending
from clea_platform.tenants.context import cross_tenant

logger = logging.getLogger(__name__)


class MailDispatcher:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def kick(self) -> None:
        """Ask for a delivery round; rounds never overlap."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            self._again = False
            try:
                with cross_tenant("system:outbox"):
                    await deliver_pending(self.sessions, self.settings)
            except Exception:
                logger.exception("outbox delivery failed")
            if not self._again:
                return

    async def drain(self) -> None:
        """Wait for the current round (tests and shutdown)."""
        while self._task is not None and not self._task.done():
            await self._task
