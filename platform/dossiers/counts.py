"""The dossiers' counts per status, read from ``dossier_status_count``.

Database triggers (migration 0033) keep the summary in the same transaction as every
insert, delete and change of a dossier's organisation, certification, site, adviser or
status, whichever code path makes it (the pathway's transitions, transfers, imports,
erasure, the demo's bulk loads). Reading the counts of an organisation is then a sum over
a few rows per adviser and site, whatever the number of dossiers.
:func:`rebuild` recomputes the summary from the dossiers (``clea dossiers rebuild-counts``).
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.models import NO_ADVISER, Dossier, DossierStatusCount
from clea_platform.dossiers.states import DossierStatus


async def summarised_counts(
    session: AsyncSession,
    *,
    certification_code: str | None = None,
    site_id: uuid.UUID | None = None,
    adviser_id: uuid.UUID | None = None,
) -> dict[DossierStatus, int]:
    """The current tenant's dossiers per status under these filters (absent: none)."""
    query = select(DossierStatusCount.status, func.sum(DossierStatusCount.dossier_count))
    if certification_code is not None:
        query = query.where(DossierStatusCount.certification_code == certification_code)
    if site_id is not None:
        query = query.where(DossierStatusCount.site_id == site_id)
    if adviser_id is not None:
        query = query.where(DossierStatusCount.adviser_key == adviser_id)
    rows = await session.execute(query.group_by(DossierStatusCount.status))
    return {DossierStatus(status): int(count) for status, count in rows if count}


async def live_counts(session: AsyncSession) -> dict[tuple[str, uuid.UUID, uuid.UUID, str], int]:
    """The current tenant's dossiers counted now, per summary key (what the summary holds)."""
    adviser = func.coalesce(
        Dossier.adviser_id, literal(NO_ADVISER, DossierStatusCount.adviser_key.type)
    )
    rows = await session.execute(
        select(
            Dossier.certification_code, Dossier.site_id, adviser, Dossier.status, func.count()
        ).group_by(Dossier.certification_code, Dossier.site_id, adviser, Dossier.status)
    )
    return {
        (code, site, key, DossierStatus(status).value): n for code, site, key, status, n in rows
    }


async def stored_counts(
    session: AsyncSession,
) -> dict[tuple[str, uuid.UUID, uuid.UUID, str], int]:
    """The current tenant's summary rows (zero counts left out), per key."""
    rows = await session.execute(
        select(
            DossierStatusCount.certification_code,
            DossierStatusCount.site_id,
            DossierStatusCount.adviser_key,
            DossierStatusCount.status,
            DossierStatusCount.dossier_count,
        ).where(DossierStatusCount.dossier_count != 0)
    )
    return {
        (code, site, key, DossierStatus(status).value): n for code, site, key, status, n in rows
    }


async def rebuild(session: AsyncSession, organisation_id: uuid.UUID) -> int:
    """Recompute the current tenant's summary from its dossiers; returns its dossier count.

    On PostgreSQL the dossiers are locked against changes (``SHARE``) until the
    transaction ends, so no transition slips between the count and the write.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE dossier IN SHARE MODE"))
    await session.execute(delete(DossierStatusCount))
    counts = await live_counts(session)
    if counts:
        await session.execute(
            insert(DossierStatusCount),
            [
                {
                    "organisation_id": organisation_id,
                    "certification_code": code,
                    "site_id": site,
                    "adviser_key": key,
                    "status": DossierStatus(status),
                    "dossier_count": n,
                }
                for (code, site, key, status), n in sorted(counts.items())
            ],
        )
    return sum(counts.values())
