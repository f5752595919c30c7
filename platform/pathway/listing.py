"""The dossier list: filters, keyset pages and counts per status.

It lives above the contexts it reads: candidates (the name search), dossiers, and
evaluations (the dossiers an evaluator sits on).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, intersect, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import (
    MIN_INDEXED_SUFFIX,
    Candidate,
    CandidateNameSuffix,
)
from clea_platform.candidates.service import search_text
from clea_platform.core.pagination import Page, paginate
from clea_platform.dossiers.counts import summarised_counts
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.loading import dossiers_evaluated_by
from clea_platform.training.loading import dossiers_trained_by


@dataclass(frozen=True, slots=True)
class DossierFilters:
    statuses: Sequence[DossierStatus] = ()
    certification_code: str | None = None
    site_id: uuid.UUID | None = None
    adviser_id: uuid.UUID | None = None
    evaluator_id: uuid.UUID | None = None
    #: The trainer named by the dossier's training plan (the trainer's « mes dossiers »).
    trainer_id: uuid.UUID | None = None
    search: str | None = None
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None


def _filtered(
    filters: DossierFilters, *, name_index: bool, with_status: bool = True
) -> Select[Dossier]:
    """The filtered dossiers; ``name_index``: search through ``CandidateNameSuffix``."""
    query = select(Dossier)
    if with_status and filters.statuses:
        query = query.where(Dossier.status.in_(filters.statuses))
    if filters.certification_code:
        query = query.where(Dossier.certification_code == filters.certification_code)
    if filters.site_id:
        query = query.where(Dossier.site_id == filters.site_id)
    if filters.adviser_id:
        query = query.where(Dossier.adviser_id == filters.adviser_id)
    if filters.evaluator_id:
        query = query.where(Dossier.id.in_(dossiers_evaluated_by(filters.evaluator_id)))
    if filters.trainer_id:
        query = query.where(Dossier.id.in_(dossiers_trained_by(filters.trainer_id)))
    if filters.opened_from:
        query = query.where(
            Dossier.consent_at >= dt.datetime.combine(filters.opened_from, dt.time())
        )
    if filters.opened_to:
        query = query.where(
            Dossier.consent_at
            < dt.datetime.combine(filters.opened_to + dt.timedelta(days=1), dt.time())
        )
    if filters.search and (words := search_text(filters.search).split()):
        # Each word is found inside the names; through the name index, a word starts a
        # suffix of one of the names: an index range per word (see CandidateNameSuffix).
        indexed = [w for w in words if name_index and len(w) >= MIN_INDEXED_SUFFIX]
        if indexed:
            ranges = [
                select(CandidateNameSuffix.candidate_id).where(
                    CandidateNameSuffix.suffix >= word.encode(),
                    CandidateNameSuffix.suffix < word.encode() + b"\xff",  # never in UTF-8
                )
                for word in indexed
            ]
            # Candidates with every word: one set operation, whatever the planner estimates.
            named = ranges[0] if len(ranges) == 1 else intersect(*ranges)
            query = query.where(Dossier.candidate_id.in_(named))
        if others := [w for w in words if w not in indexed]:
            matching = select(Candidate.id)
            for word in others:
                matching = matching.where(Candidate.search_text.contains(word))
            query = query.where(Dossier.candidate_id.in_(matching))
    return query


def _has_name_index(session: AsyncSession) -> bool:
    """The name index is kept by PostgreSQL triggers (see ``CandidateNameSuffix``)."""
    return session.get_bind().dialect.name == "postgresql"


@dataclass(frozen=True, slots=True)
class DossierList:
    page: Page[Dossier]
    #: Under every filter but the status one (the list's tabs).
    counts_by_status: dict[DossierStatus, int]


async def list_dossiers(
    session: AsyncSession,
    filters: DossierFilters,
    *,
    first: int | None,
    after: str | None,
    newest_first: bool = True,
) -> DossierList:
    """Ordered by opening (identifiers are time-ordered), newest first by default.

    The total is added up from the counts per status: the dossiers are counted once.
    """
    counts = await counts_by_status(session, filters)
    wanted = set(filters.statuses) or set(counts)
    page = await paginate(
        session,
        _filtered(filters, name_index=_has_name_index(session)),
        Dossier.id,
        first=first,
        after=after,
        newest_first=newest_first,
        total=sum(count for status, count in counts.items() if status in wanted),
    )
    return DossierList(page, counts)


async def counts_by_status(
    session: AsyncSession, filters: DossierFilters
) -> dict[DossierStatus, int]:
    """Counts per status under every filter but the status one (for the list's tabs).

    Under the certification, site and adviser filters alone (the adviser's and the
    manager's lists), from the summary the triggers keep (``dossiers.counts``): the cost
    does not grow with the organisation's dossiers. Other filters count the dossiers.
    """
    if _summarised(filters):
        return await summarised_counts(
            session,
            certification_code=filters.certification_code or None,
            site_id=filters.site_id,
            adviser_id=filters.adviser_id,
        )
    subquery = _filtered(filters, name_index=_has_name_index(session), with_status=False).subquery()
    rows = await session.execute(
        select(subquery.c.status, func.count()).group_by(subquery.c.status)
    )
    return {DossierStatus(status): count for status, count in rows}


def _summarised(filters: DossierFilters) -> bool:
    """Whether the summary answers these filters (only its own keys are filtered)."""
    return not (
        filters.evaluator_id
        or filters.trainer_id
        or (filters.search and search_text(filters.search).split())
        or filters.opened_from
        or filters.opened_to
    )
