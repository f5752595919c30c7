"""``clea candidates purge``: the GDPR retention period, applied in every organisation."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.cli.runtime import for_each_organisation, utc_today, with_session
from clea_platform.core.config import Settings
from clea_platform.pathway.retention import PurgeResult, purge, retention_cutoff
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor


def purge_inactive(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    today: dt.date = args.today or utc_today()
    years = settings.retention_years

    async def work(
        session: AsyncSession, registry: CertificationRegistry
    ) -> list[tuple[str, PurgeResult]]:
        async def purge_in(actor: Actor) -> PurgeResult:
            return await purge(
                session, actor, today=today, retention_years=years, dry_run=args.dry_run
            )

        return await for_each_organisation(
            session, "system:retention_purge", "système (clea candidates purge)", purge_in
        )

    results = asyncio.run(with_session(work))
    for name, result in results:
        if args.dry_run:
            print(f"{name} : {result.eligible} candidat(s) à anonymiser")
        else:
            print(f"{name} : {result.anonymised} candidat(s) anonymisé(s)")
    cutoff = retention_cutoff(today, years)
    total = sum(r.eligible if args.dry_run else r.anonymised for _, r in results)
    verb = "à anonymiser" if args.dry_run else "anonymisé(s)"
    print(
        f"Total : {total} candidat(s) {verb} (aucune activité depuis le {cutoff:%d/%m/%Y}, "
        f"CLEA_RETENTION_YEARS = {years})."
    )
    if args.dry_run:
        print("Simulation (--dry-run) : rien n'a été modifié.")
    return 0
