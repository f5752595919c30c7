"""Reading dossiers and their timelines in batches: one query per call, no rule.

The API's DataLoaders and the contexts above (evaluations, training, the pathway's
lists and GDPR export) read dossiers through these functions.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import OPEN_STATUSES, DossierStatus
from clea_platform.referentiels.models import ReferentielVersion


async def dossiers_by_id(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Dossier]:
    rows = await session.scalars(select(Dossier).where(Dossier.id.in_(ids)))
    return {row.id: row for row in rows}


async def dossiers_of_candidate(session: AsyncSession, candidate_id: uuid.UUID) -> list[Dossier]:
    rows = await session.scalars(
        select(Dossier).where(Dossier.candidate_id == candidate_id).order_by(Dossier.id)
    )
    return list(rows)


async def open_dossier_count(session: AsyncSession, candidate_id: uuid.UUID) -> int:
    """How many of the candidate's dossiers are still open (not certified nor abandoned)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Dossier)
        .where(Dossier.candidate_id == candidate_id, Dossier.status.in_(OPEN_STATUSES))
    )
    return count or 0


async def events_by_dossier(
    session: AsyncSession, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[DossierEvent]]:
    """Each dossier's timeline, oldest first."""
    rows = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id.in_(dossier_ids))
        .order_by(DossierEvent.occurred_at, DossierEvent.id)
    )
    grouped: dict[uuid.UUID, list[DossierEvent]] = defaultdict(list)
    for row in rows:
        grouped[row.dossier_id].append(row)
    return grouped


async def pinned_versions(
    session: AsyncSession, version_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ReferentielVersion]:
    """The référentiel versions dossiers were opened with."""
    rows = await session.scalars(
        select(ReferentielVersion).where(ReferentielVersion.id.in_(version_ids))
    )
    return {row.id: row for row in rows}


#: Statuses in which a dossier waits for its adviser.
WAITING_ON_ADVISER = (
    DossierStatus.OPENED,
    DossierStatus.TRAINING,
    DossierStatus.NOT_CERTIFIED,
    DossierStatus.EXPIRED,
)


async def waiting_on_adviser(
    session: AsyncSession, adviser_id: uuid.UUID, limit: int = 50
) -> list[Dossier]:
    """The adviser's dossiers that need them, longest waiting first."""
    rows = await session.scalars(
        select(Dossier)
        .where(Dossier.adviser_id == adviser_id, Dossier.status.in_(WAITING_ON_ADVISER))
        .order_by(Dossier.status_changed_at)
        .limit(limit)
    )
    return list(rows)
