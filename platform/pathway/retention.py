"""GDPR retention: erasing the personal data of candidates nobody has worked with for years.

A candidate is due for erasure when every dossier of theirs is closed (certified or
abandoned, :data:`~clea_platform.dossiers.states.CLOSED_STATUSES`) or they have none,
and their last activity (the latest status change of their dossiers, or their
registration when they have no dossier) is older than the retention period
(``CLEA_RETENTION_YEARS``, 5 years by default). Erasure is
:func:`~clea_platform.candidates.service.anonymise`: statistics survive, the person
does not. Everything here works inside the current actor's organisation. It reads
candidates and their dossiers, so it lives above both.

Example:
    >>> retention_cutoff(dt.date(2031, 3, 1), 5)
    datetime.datetime(2026, 3, 1, 0, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import anonymise
from clea_platform.dossiers import interviews
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import OPEN_STATUSES
from clea_platform.tenants.context import Actor

# Candidates loaded and anonymised per flush: memory stays bounded on large tenants.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What a purge found (``eligible``) and erased (``anonymised``: 0 on a dry run)."""

    cutoff: dt.datetime
    eligible: int
    anonymised: int


def retention_cutoff(today: dt.date, retention_years: int) -> dt.datetime:
    """Midnight UTC, ``retention_years`` before ``today``: older activity is past retention."""
    try:
        day = today.replace(year=today.year - retention_years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - retention_years, day=28)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


async def eligible_candidates(
    session: AsyncSession, *, today: dt.date, retention_years: int
) -> list[uuid.UUID]:
    """Identifiers of the organisation's candidates due for erasure, oldest activity first."""
    cutoff = retention_cutoff(today, retention_years)
    # One aggregate per candidate, joined once: no correlated subquery per candidate row.
    activity = (
        select(
            Dossier.organisation_id,
            Dossier.candidate_id,
            func.max(Dossier.status_changed_at).label("last_activity"),
            func.sum(case((Dossier.status.in_(OPEN_STATUSES), 1), else_=0)).label("open_count"),
        )
        .group_by(Dossier.organisation_id, Dossier.candidate_id)
        .subquery()
    )
    last_activity = func.coalesce(activity.c.last_activity, Candidate.created_at)
    rows = await session.scalars(
        select(Candidate.id)
        .outerjoin(
            activity,
            and_(
                activity.c.organisation_id == Candidate.organisation_id,
                activity.c.candidate_id == Candidate.id,
            ),
        )
        .where(
            Candidate.anonymised_at.is_(None),
            func.coalesce(activity.c.open_count, 0) == 0,
            last_activity < cutoff,
        )
        .order_by(last_activity, Candidate.id)
    )
    return list(rows)


async def purge(
    session: AsyncSession,
    actor: Actor,
    *,
    today: dt.date,
    retention_years: int,
    dry_run: bool = False,
) -> PurgeResult:
    """Anonymise every candidate of the actor's organisation past retention.

    Each erasure is audited by :func:`anonymise`, the run itself as
    ``candidate.retention_purge``. A dry run only counts: it changes and records nothing.
    """
    cutoff = retention_cutoff(today, retention_years)
    ids = await eligible_candidates(session, today=today, retention_years=retention_years)
    if dry_run or not ids:
        return PurgeResult(cutoff=cutoff, eligible=len(ids), anonymised=0)
    # Recorded first, so that it joins the first flush with the erasures it explains.
    audit.record(session, actor, "candidate.retention_purge", [])
    for start in range(0, len(ids), CHUNK):
        await _anonymise_all(session, actor, ids[start : start + CHUNK])
    return PurgeResult(cutoff=cutoff, eligible=len(ids), anonymised=len(ids))


async def _anonymise_all(session: AsyncSession, actor: Actor, ids: Sequence[uuid.UUID]) -> None:
    for candidate in await session.scalars(select(Candidate).where(Candidate.id.in_(ids))):
        await anonymise(session, actor, candidate)
    # Their closed dossiers forget the person too, as on an erasure on request.
    await session.execute(
        update(Dossier).where(Dossier.candidate_id.in_(ids)).values(person_id=None)
    )
    await session.flush()
    await interviews.erase_notes(session, ids)
