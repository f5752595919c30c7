"""``clea outbox deliver``: delivery rounds of the outbox (mail, webhooks) from a command.

The single-process way (SQLite, or a cron job): on PostgreSQL the workers deliver the
outbox by themselves (``jobs/outbox.py``), and this command may run beside them (rows
are claimed before sending: each is sent by one process).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.jobs.outbox import Drained, drain

POLL_SECONDS = 5.0


def deliver(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()

    async def run() -> Drained:
        # Ctrl+C or SIGTERM: the round under way ends (its outcomes recorded), then it stops.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        engine = create_engine_for(settings)
        sessions = session_factory(engine)
        total = Drained(finished=False)
        try:
            while not stop.is_set():
                done = await drain(sessions, settings)
                total = Drained(
                    total.rounds + done.rounds,
                    total.delivered + done.delivered,
                    total.mail_sent + done.mail_sent,
                    finished=done.finished,
                )
                if args.until_empty and done.finished:
                    break
                if done.finished:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), POLL_SECONDS)
            return total
        finally:
            await engine.dispose()

    if not args.until_empty:
        print("Envois sortants : Ctrl+C pour arrêter.", file=sys.stderr)
    total = asyncio.run(run())
    print(
        f"Envois sortants : {total.delivered} webhook(s) livré(s), "
        f"{total.mail_sent} courriel(s) envoyé(s)."
    )
    return 0
