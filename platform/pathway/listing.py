"""The dossier list: filters, keyset pages and counts per status.

It lives above the contexts it reads: candidates (the name search), dossiers, and
evaluations (the dossiers an evaluator sits on).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, case, func, intersect, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import (
    MIN_INDEXED_SUFFIX,
    Candidate,
    CandidateNameSuffix,
    CandidateRecord,
)
from clea_platform.candidates.service import search_text
from clea_platform.core.pagination import Page
from clea_platform.dossiers.counts import summarised_counts
from clea_platform.dossiers.models import Dossier, DossierRecord
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.loading import dossiers_evaluated_by, latest_progress
from clea_platform.pathway.sorting import SortKey, ValueKind, paginate_in_order
from clea_platform.tenants.context import Actor
from clea_platform.training.loading import dossiers_trained_by


class DossierSort(enum.Enum):
    """The list's orders: opening (the default, newest first), name, status, deadline."""

    NEWEST_FIRST = "newest_first"
    OLDEST_FIRST = "oldest_first"
    NAME_ASC = "name_asc"
    NAME_DESC = "name_desc"
    STATUS_ASC = "status_asc"
    STATUS_DESC = "status_desc"
    DEADLINE_ASC = "deadline_asc"
    DEADLINE_DESC = "deadline_desc"


#: Statuses in the order of the pathway (the status sort), not alphabetically.
PATHWAY_ORDER = {status: rank for rank, status in enumerate(DossierStatus)}


def _candidate_names() -> ColumnElement[str]:
    """The candidate's names as searched: birth name, usage name, first names, unaccented."""
    return (
        select(Candidate.search_text).where(Candidate.id == Dossier.candidate_id).scalar_subquery()
    )


def sort_key(sort: DossierSort, names: ColumnElement[str] | None = None) -> SortKey | None:
    """The key of a sort other than by opening (``None``: by identifier, time-ordered).

    ``names``: the candidate's names when the query joins the candidates (the export).
    A dossier without a deadline yet (before its évaluation préalable) comes last either way.
    """
    descending = sort.name.endswith("_DESC")
    if sort in (DossierSort.NAME_ASC, DossierSort.NAME_DESC):
        return SortKey(_candidate_names() if names is None else names, ValueKind.TEXT, descending)
    if sort in (DossierSort.STATUS_ASC, DossierSort.STATUS_DESC):
        rank = case(PATHWAY_ORDER, value=Dossier.status, else_=len(PATHWAY_ORDER))
        return SortKey(rank, ValueKind.NUMBER, descending)
    if sort in (DossierSort.DEADLINE_ASC, DossierSort.DEADLINE_DESC):
        missing = dt.date.min if descending else dt.date.max
        return SortKey(func.coalesce(Dossier.window_ends_on, missing), ValueKind.DATE, descending)
    return None


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


def candidates_named(search: str, *, name_index: bool) -> list[Any]:
    """Queries of candidate ids whose names hold every word of ``search`` (all must match).

    Each word is found inside the names; through the name index (PostgreSQL), a word starts
    a suffix of one of the names: an index range per word (see ``CandidateNameSuffix``).
    """
    words = search_text(search).split()
    indexed = [w for w in words if name_index and len(w) >= MIN_INDEXED_SUFFIX]
    found: list[Any] = []
    if indexed:
        ranges = [
            select(CandidateNameSuffix.candidate_id).where(
                CandidateNameSuffix.suffix >= word.encode(),
                CandidateNameSuffix.suffix < word.encode() + b"\xff",  # never in UTF-8
            )
            for word in indexed
        ]
        # Candidates with every word: one set operation, whatever the planner estimates.
        found.append(ranges[0] if len(ranges) == 1 else intersect(*ranges))
    if others := [w for w in words if w not in indexed]:
        # Never correlated: the dossier export joins the candidates around it.
        matching = select(Candidate.id).correlate(None)
        for word in others:
            matching = matching.where(Candidate.search_text.contains(word))
        found.append(matching)
    return found


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
    if filters.search and (named := candidates_named(filters.search, name_index=name_index)):
        for matching in named:
            query = query.where(Dossier.candidate_id.in_(matching))
    return query


def has_name_index(session: AsyncSession) -> bool:
    """The name index is kept by PostgreSQL triggers (see ``CandidateNameSuffix``)."""
    return session.get_bind().dialect.name == "postgresql"


DOSSIER_KEYS = DossierRecord._fields
CANDIDATE_KEYS = CandidateRecord._fields
_DOSSIER_COLUMNS = tuple(getattr(Dossier, key) for key in DOSSIER_KEYS)
# Flat columns, split into the two records afterwards: SQLAlchemy's bundles cost a third
# of the statement's time building nested rows.
_CANDIDATE_COLUMNS = tuple(
    getattr(Candidate, key).label(f"candidate__{key}") for key in CANDIDATE_KEYS
)
_CANDIDATE_ID_AT = len(DOSSIER_KEYS) + CANDIDATE_KEYS.index("id")
_WITH_ITS_CANDIDATE = and_(
    Candidate.organisation_id == Dossier.organisation_id, Candidate.id == Dossier.candidate_id
)


class ListedDossier(NamedTuple):
    """One dossier of the list's page and, when asked for, its candidate (None if absent
    or not readable) and its latest evaluation's progress (items with a result, items
    targeted)."""

    dossier: DossierRecord
    candidate: CandidateRecord | None = None
    progress: tuple[int, int] | None = None


def _listed(row: Any, with_candidate: bool, with_progress: bool) -> ListedDossier:
    at = len(DOSSIER_KEYS)
    dossier = DossierRecord._make(row[:at])
    candidate = None
    if with_candidate:
        if row[_CANDIDATE_ID_AT] is not None:
            candidate = CandidateRecord._make(row[at : at + len(CANDIDATE_KEYS)])
        at += len(CANDIDATE_KEYS)
    progress = (int(row[at]), int(row[at + 1])) if with_progress else None
    return ListedDossier(dossier, candidate, progress)


@dataclass(frozen=True, slots=True)
class DossierList:
    page: Page[ListedDossier]
    #: Under every filter but the status one (the list's tabs).
    counts_by_status: dict[DossierStatus, int]


async def list_dossiers(
    session: AsyncSession,
    filters: DossierFilters,
    *,
    first: int | None,
    after: str | None,
    sort: DossierSort = DossierSort.NEWEST_FIRST,
    candidates_read_by: Actor | None = None,
    with_progress: bool = False,
) -> DossierList:
    """Ordered by opening (identifiers are time-ordered), newest first by default, or by
    ``sort`` (then by identifier: every dossier has one place, pages never overlap).

    The total is added up from the counts per status: the dossiers are counted once.
    The page is read as plain rows and, with ``candidates_read_by``, their candidates in
    the same statement, a read audited as that actor's (as any read of candidates): the
    list is the API's busiest read, and building ORM objects for it, then reading the
    candidates apart, cost more than the database's own work. ``with_progress``: each
    dossier's latest evaluation's progress, in the same statement too.
    """
    counts = await counts_by_status(session, filters)
    wanted = set(filters.statuses) or set(counts)
    total = sum(count for status, count in counts.items() if status in wanted)
    query = _filtered(filters, name_index=has_name_index(session)).with_only_columns(
        *_DOSSIER_COLUMNS
    )
    with_candidates = candidates_read_by is not None
    if with_candidates:
        query = query.add_columns(*_CANDIDATE_COLUMNS).outerjoin_from(
            Dossier, Candidate, _WITH_ITS_CANDIDATE
        )
    if with_progress:
        dialect = session.get_bind().dialect.name
        evaluated, targeted = latest_progress(Dossier.id, Dossier.organisation_id, dialect=dialect)
        query = query.add_columns(
            evaluated.label("progress_evaluated"), targeted.label("progress_total")
        )
    # With the candidates joined, the name sort reads their names from the join.
    joined_names = Candidate.search_text.expression if with_candidates else None
    page = await paginate_in_order(
        session,
        query,
        Dossier.id,
        sort_key(sort, joined_names),
        first=first,
        after=after,
        newest_first=sort == DossierSort.NEWEST_FIRST,
        total=total,
        whole_rows=True,
    )
    listed = [_listed(row, with_candidates, with_progress) for row in page.items]
    # Sorted as text: the same order as the identifiers' (one format, lowercase hex).
    if candidates_read_by is not None and (
        read := sorted({str(row.candidate.id) for row in listed if row.candidate is not None})
    ):
        audit.record(session, candidates_read_by, "candidate.read", read)
    return DossierList(replace(page, items=listed), counts)


def sorted_query(
    filters: DossierFilters,
    sort: DossierSort,
    *,
    name_index: bool,
    names: ColumnElement[str] | None = None,
) -> Select[Dossier]:
    """Every filtered dossier in the list's order (the CSV export of the list)."""
    query = _filtered(filters, name_index=name_index)
    key = sort_key(sort, names)
    if key is None:
        newest = sort == DossierSort.NEWEST_FIRST
        return query.order_by(Dossier.id.desc() if newest else Dossier.id.asc())
    if key.descending:
        return query.order_by(key.expression.desc(), Dossier.id.desc())
    return query.order_by(key.expression.asc(), Dossier.id.asc())


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
    subquery = _filtered(filters, name_index=has_name_index(session), with_status=False).subquery()
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
