"""``clea declarations submit``: the declaration batch of the certificates not declared yet,
then its transmission (``declarations/transmission.py``).

On PostgreSQL the workers do both by themselves (daily at 02:00 UTC, then the outbox); this
command is the way with SQLite (a daily cron job) or to run it now.
"""

from __future__ import annotations

import argparse
import asyncio

from clea_platform.cli.runtime import utc_today
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import check_connection
from clea_platform.declarations import transmission
from clea_platform.plugins.registry import installed_registry


def submit(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    check_connection(settings.database_url)
    today = args.today or utc_today()

    async def run() -> tuple[int, int, int]:
        engine = create_engine_for(settings)
        sessions = session_factory(engine)
        try:
            result = await transmission.declare_undeclared(sessions, installed_registry(), today)
            taken = await transmission.transmit_pending(sessions, settings)
            declared = result.batch.certificate_count if result.batch is not None else 0
            return declared, len(result.incomplete), taken
        finally:
            await engine.dispose()

    declared, incomplete, taken = asyncio.run(run())
    print(
        f"Déclarations du {today:%d/%m/%Y} : {declared} certificat(s) déclaré(s), "
        f"{incomplete} incomplet(s) laissé(s) de côté ; {taken} lot(s) transmis ou réessayé(s) "
        f"(fichiers dans {settings.data_dir / transmission.OUTGOING})."
    )
    return 0
