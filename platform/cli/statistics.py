"""``clea statistics rebuild``: the statistics' per-dossier summary recomputed from the
dossiers, their timelines and certificates."""

from __future__ import annotations

import argparse
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.cli.runtime import for_each_organisation, with_session
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import summary
from clea_platform.tenants.context import Actor


def rebuild(args: argparse.Namespace) -> int:
    """Recompute ``dossier_statistics`` in every organisation (one transaction)."""

    async def work(session: AsyncSession, registry: CertificationRegistry) -> list[tuple[str, int]]:
        async def rebuild_in(actor: Actor) -> int:
            assert actor.organisation_id is not None
            return await summary.rebuild(session, actor.organisation_id)

        return await for_each_organisation(
            session, "system:statistics", "système (clea statistics rebuild)", rebuild_in
        )

    counts = asyncio.run(with_session(work))
    for name, count in counts:
        print(f"{name} : {count} dossier(s) résumé(s)")
    print(
        f"Total : {sum(count for _, count in counts)} dossier(s) ; "
        "résumé des statistiques recalculé."
    )
    return 0
