"""The per-dossier summary the statistics read (``dossier_statistics``).

Database triggers (migration 0037) keep one row per dossier in the transaction of every
write, whichever code path makes it (the pathway's transitions, juries, certificates and
their revocation, imports, erasure, the demo's bulk loads): a dossier inserted gets its
row, deleted loses it, its certification, opening, site, candidate, prescriber or financing
changed is copied; an event or a
certificate inserted, changed or deleted has its dossier's row recomputed from the
dossier's events and certificates. So a statistic reads one narrow row per dossier
instead of aggregating every dossier's timeline at each request.

:func:`rebuild` recomputes the current tenant's rows from the live tables (``clea
statistics rebuild``), after a partial restore or an edit of the database by hand.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import Certificate
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import DossierStatus as S
from clea_platform.statistics.models import DossierStatistics

#: The steps a dossier reached, as the statistics count them (from its timeline and its
#: certificates).
STEP_COLUMNS = (
    "initial_at",
    "direct_to_jury",
    "to_training",
    "final_completed",
    "submitted_at",
    "certified",
    "not_certified",
    "abandoned",
    "expired",
    "issued_at",
)
#: The summary's columns, in the order :func:`recomputed` selects them.
COLUMNS = (
    "organisation_id",
    "id",
    "certification_code",
    "opened_at",
    "site_id",
    "candidate_id",
    "prescriber_type",
    "financing",
    *STEP_COLUMNS,
)


def _reached(condition: ColumnElement[bool]) -> Any:
    return func.max(case((condition, 1), else_=0))


def recomputed(organisation_id: uuid.UUID) -> Any:
    """The rows of one organisation's dossiers computed from their events and certificates
    (what the triggers write)."""
    d, e = Dossier, DossierEvent
    issued = (
        select(func.min(Certificate.issued_at))
        .where(
            Certificate.organisation_id == d.organisation_id,
            Certificate.dossier_id == d.id,
            Certificate.revoked_at.is_(None),
        )
        .scalar_subquery()
    )
    initial_end = and_(
        e.from_status == S.INITIAL_EVALUATION, e.to_status.in_([S.READY_FOR_JURY, S.TRAINING])
    )
    return (
        select(
            d.organisation_id,
            d.id,
            d.certification_code,
            d.created_at,
            d.site_id,
            d.candidate_id,
            d.prescriber_type,
            d.financing,
            func.min(case((initial_end, e.occurred_at))),
            _reached(and_(e.from_status == S.INITIAL_EVALUATION, e.to_status == S.READY_FOR_JURY)),
            _reached(and_(e.from_status == S.INITIAL_EVALUATION, e.to_status == S.TRAINING)),
            _reached(
                and_(
                    e.from_status == S.FINAL_EVALUATION,
                    e.to_status.in_([S.READY_FOR_JURY, S.TRAINING]),
                )
            ),
            func.min(case((e.to_status == S.SUBMITTED_TO_JURY, e.occurred_at))),
            _reached(e.to_status == S.CERTIFIED),
            _reached(e.to_status == S.NOT_CERTIFIED),
            _reached(e.to_status == S.ABANDONED),
            _reached(e.to_status == S.EXPIRED),
            issued,
        )
        .select_from(d)
        .outerjoin(e, and_(e.organisation_id == d.organisation_id, e.dossier_id == d.id))
        .where(d.organisation_id == organisation_id)
        .group_by(
            d.organisation_id,
            d.id,
            d.certification_code,
            d.created_at,
            d.site_id,
            d.candidate_id,
            d.prescriber_type,
            d.financing,
        )
    )


async def stored(session: AsyncSession) -> dict[uuid.UUID, tuple[Any, ...]]:
    """The current tenant's summary, per dossier (its columns after the keys)."""
    columns = [getattr(DossierStatistics, name) for name in COLUMNS]
    rows = await session.execute(select(*columns))
    return {row[1]: tuple(row[2:]) for row in rows}


async def rebuild(session: AsyncSession, organisation_id: uuid.UUID) -> int:
    """Recompute the current tenant's summary from its dossiers, events and certificates;
    returns its number of dossiers.

    On PostgreSQL the three tables are locked against changes (``SHARE``) until the
    transaction ends, so no write slips between the reading and the writing.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE dossier, dossier_event, certificate IN SHARE MODE"))
    await session.execute(
        delete(DossierStatistics).where(DossierStatistics.organisation_id == organisation_id)
    )
    await session.execute(
        insert(DossierStatistics).from_select(list(COLUMNS), recomputed(organisation_id))
    )
    count = await session.scalar(
        select(func.count())
        .select_from(DossierStatistics)
        .where(DossierStatistics.organisation_id == organisation_id)
    )
    return int(count or 0)
