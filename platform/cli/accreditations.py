"""``clea accreditations remind``: the daily reminders of accreditations about to expire."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.service import send_expiry_reminders
from clea_platform.cli.runtime import utc_today, with_session
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.mail.service import deliver_pending
from clea_platform.plugins.registry import CertificationRegistry


def remind(args: argparse.Namespace) -> int:
    today: dt.date = args.today or utc_today()
    settings = Settings.from_environ()

    async def work(session: AsyncSession, registry: CertificationRegistry) -> int:
        return await send_expiry_reminders(session, today)

    async def deliver() -> int:
        # Each message in a transaction of its own (one undeliverable blocks no other).
        engine = create_engine_for(settings)
        try:
            return await deliver_pending(session_factory(engine), settings)
        finally:
            await engine.dispose()

    reminded = asyncio.run(with_session(work))
    delivered = asyncio.run(deliver())
    print(
        f"{reminded} habilitation(s) rappelée(s) au {today:%d/%m/%Y} ; "
        f"{delivered} courriel(s) envoyé(s)."
    )
    return 0
