"""``clea demo [--scale N]``: the demonstration data, and many more dossiers for benchmarks."""

from __future__ import annotations

import argparse
import asyncio
import sys

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import NullPool

from clea_platform.accreditations.storage import document_store
from clea_platform.cli.runtime import utc_today, with_session
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.demo.data import load_demo
from clea_platform.demo.living import load_living
from clea_platform.demo.scale import top_up
from clea_platform.plugins.registry import CertificationRegistry, installed_registry


def demo(args: argparse.Namespace) -> int:
    report = asyncio.run(with_session(load_demo))
    print(report, file=sys.stderr)
    if args.scale is not None:
        asyncio.run(_demo_scale(args.scale))
    elif not args.base:
        print(asyncio.run(with_session(_living)), file=sys.stderr)
    return 0


async def _living(session: AsyncSession, registry: CertificationRegistry) -> str:
    """The pathway's living demo, in a transaction of its own (after the base demo's)."""
    store = document_store(Settings.from_environ())
    return await load_living(session, registry, utc_today(), store)


async def _demo_scale(target: int) -> None:
    settings = Settings.from_environ()
    # A new connection per batch: PostgreSQL plans a connection's foreign-key checks once,
    # and plans made while the tables were nearly empty go on scanning them as they grow
    # (until ANALYZE, which autovacuum may not run during the load).
    engine = create_engine_for(settings, poolclass=NullPool)
    try:
        result = await top_up(
            session_factory(engine),
            installed_registry(),
            target,
            today=utc_today(),
            # PostgreSQL writes one batch while the next is generated; SQLite has one writer.
            writers=1 if settings.is_sqlite else 2,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
    finally:
        await engine.dispose()
    if result.added:
        print(
            f"Démo à grande échelle : {result.added} dossier(s) ajouté(s) en "
            f"{result.seconds:.1f} s, {result.total} dans les organisations de démonstration.",
            file=sys.stderr,
        )
    else:
        print(
            f"Démo à grande échelle : les organisations de démonstration ont déjà "
            f"{result.existing} dossier(s) (demandé : {target}) ; rien à ajouter.",
            file=sys.stderr,
        )
