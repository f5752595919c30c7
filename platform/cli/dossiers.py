"""``clea dossiers expire``: the daily task that marks lapsed dossiers expired;
``clea dossiers rebuild-counts``: the list's counts per status recomputed from the dossiers."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.cli.runtime import (
    for_each_organisation,
    rebuild_in_every_organisation,
    utc_today,
    with_session,
)
from clea_platform.dossiers import counts as dossier_counts
from clea_platform.dossiers.service import expire_lapsed
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor


def expire(args: argparse.Namespace) -> int:
    today: dt.date = args.today or utc_today()

    async def work(session: AsyncSession, registry: CertificationRegistry) -> list[tuple[str, int]]:
        async def expire_in(actor: Actor) -> int:
            return await expire_lapsed(session, actor, registry, today)

        return await for_each_organisation(
            session, "system:expire_dossiers", "système (clea dossiers expire)", expire_in
        )

    counts = asyncio.run(with_session(work))
    for name, count in counts:
        print(f"{name} : {count} dossier(s) expiré(s)")
    total = sum(count for _, count in counts)
    print(f"Total : {total} dossier(s) expiré(s) au {today:%d/%m/%Y}.")
    return 0


def rebuild_counts(args: argparse.Namespace) -> int:
    """Recompute ``dossier_status_count`` in every organisation (one transaction)."""
    return rebuild_in_every_organisation(
        "system:dossier_counts",
        "système (clea dossiers rebuild-counts)",
        dossier_counts.rebuild,
        "recompté(s)",
        "compteurs par statut recalculés.",
    )
