"""``clea reminders send``: the daily reminders, each sent once (platform/reminders)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.cli.runtime import utc_today, with_session
from clea_platform.core.config import Settings
from clea_platform.db.engine import begin_writing, create_engine_for, session_factory
from clea_platform.mail.service import deliver_pending
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.reminders.service import RemindersSent, send_due_reminders


def send(args: argparse.Namespace) -> int:
    today: dt.date = args.today or utc_today()
    settings = Settings.from_environ()

    async def work(session: AsyncSession, registry: CertificationRegistry) -> RemindersSent:
        # A writer from the start: on SQLite a concurrent run waits instead of failing.
        await begin_writing(session)
        return await send_due_reminders(session, registry, today, base_url=settings.base_url)

    async def deliver() -> int:
        engine = create_engine_for(settings)
        try:
            return await deliver_pending(session_factory(engine), settings)
        finally:
            await engine.dispose()

    sent = asyncio.run(with_session(work))
    delivered = asyncio.run(deliver())
    print(
        f"Rappels du {today:%d/%m/%Y} : {sent.dossier_window} délai(s) de formation, "
        f"{sent.evaluation_tomorrow} évaluation(s) demain, {sent.jury_next_week} jury(s) "
        f"la semaine prochaine, {sent.follow_up} questionnaire(s) de suivi des certifiés ; "
        f"{delivered} courriel(s) envoyé(s)."
    )
    return 0
