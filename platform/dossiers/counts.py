"""The dossiers' counts per status, read from ``dossier_status_count``.

Database triggers (migration 0033) append to the summary, in the same transaction, the
changes of every insert, delete and change of a dossier's organisation, certification,
site, adviser or status, whichever code path makes it (the pathway's transitions,
transfers, imports, erasure, the demo's bulk loads). Appending updates no shared row:
concurrent writers never wait for each other or deadlock on it. :func:`compact` folds the
rows of each key into one (every minute, from each app process: :func:`compact_round`),
so reading an organisation's counts is a sum over a few rows per adviser and site,
whatever the number of dossiers. :func:`rebuild` recomputes the summary from the dossiers
(``clea dossiers rebuild-counts``).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter

from sqlalchemy import delete, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.dossiers.models import NO_ADVISER, Dossier, DossierStatusCount
from clea_platform.dossiers.states import DossierStatus
from clea_platform.tenants.context import cross_tenant

Key = tuple[uuid.UUID, str, uuid.UUID, uuid.UUID, str]
#: Seconds between two foldings of the summary by one process.
COMPACT_EVERY_SECONDS = 60.0
_last_compaction = 0.0


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
    """The current tenant's summary added up per key (zero counts left out)."""
    keys = (
        DossierStatusCount.certification_code,
        DossierStatusCount.site_id,
        DossierStatusCount.adviser_key,
        DossierStatusCount.status,
    )
    rows = await session.execute(
        select(*keys, func.sum(DossierStatusCount.dossier_count)).group_by(*keys)
    )
    return {
        (code, site, key, DossierStatus(status).value): int(n)
        for code, site, key, status, n in rows
        if n
    }


async def compact(session: AsyncSession) -> int:
    """Fold the summary's rows (those this session sees) into one per key; returns how
    many rows were removed.

    ``DELETE … RETURNING`` sums exactly the rows this transaction removed: rows appended
    meanwhile stay as they are, and a concurrent folding removes (and sums) the others,
    so the totals never change.
    """
    removed = await session.execute(
        delete(DossierStatusCount).returning(
            DossierStatusCount.organisation_id,
            DossierStatusCount.certification_code,
            DossierStatusCount.site_id,
            DossierStatusCount.adviser_key,
            DossierStatusCount.status,
            DossierStatusCount.dossier_count,
        )
    )
    totals: Counter[Key] = Counter()
    count = 0
    for organisation, code, site, adviser, status, n in removed:
        totals[(organisation, code, site, adviser, DossierStatus(status).value)] += n
        count += 1
    kept = [(key, n) for key, n in sorted(totals.items()) if n]
    if kept:
        await session.execute(
            insert(DossierStatusCount),
            [
                {
                    "organisation_id": organisation,
                    "certification_code": code,
                    "site_id": site,
                    "adviser_key": adviser,
                    "status": DossierStatus(status),
                    "dossier_count": n,
                }
                for (organisation, code, site, adviser, status), n in kept
            ],
        )
    return count - len(kept)


async def compact_round(sessions: async_sessionmaker[AsyncSession], settings: Settings) -> int:
    """Fold every organisation's summary, at most every ``COMPACT_EVERY_SECONDS`` per
    process (a round of the background dispatcher: after commits that queued mail, and
    every minute)."""
    global _last_compaction
    now = time.monotonic()
    if now - _last_compaction < COMPACT_EVERY_SECONDS:
        return 0
    _last_compaction = now
    with cross_tenant("system:dossier_counts"):
        async with sessions.begin() as session:
            return await compact(session)


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
