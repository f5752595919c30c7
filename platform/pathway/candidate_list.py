"""The organisation's candidates, searched, sorted and paged, each with their dossiers.

Two uses: the advisers' candidate list (`/candidats`), and the opening wizard's look-up
before registering someone (names and birth date, or e-mail), so that a person already
registered is reused instead of created twice. Candidates are personal data: each page read
is audited (``candidate.read``, the page's identifiers), like every other read. Erased
(anonymised) candidates are not listed.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.core.pagination import Page
from clea_platform.dossiers.models import Dossier
from clea_platform.pathway.listing import candidates_named, has_name_index
from clea_platform.pathway.sorting import SortKey, ValueKind, paginate_in_order
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import ADVISERS


class CandidateSort(enum.Enum):
    """The candidate list's orders."""

    NAME_ASC = "name_asc"
    NAME_DESC = "name_desc"
    NEWEST_FIRST = "newest_first"
    OLDEST_FIRST = "oldest_first"


@dataclass(frozen=True, slots=True)
class CandidateFilters:
    #: Words found in the names (birth, usage, first names), accents and case ignored.
    search: str | None = None
    birth_date: dt.date | None = None
    #: The whole address, case ignored.
    email: str | None = None


@dataclass(frozen=True, slots=True)
class CandidateEntry:
    candidate: Candidate
    #: The candidate's dossiers in this organisation, oldest first.
    dossiers: Sequence[Dossier]


def filtered(filters: CandidateFilters, *, name_index: bool) -> Select[Candidate]:
    query = select(Candidate).where(Candidate.anonymised_at.is_(None))
    if filters.search:
        for matching in candidates_named(filters.search, name_index=name_index):
            query = query.where(Candidate.id.in_(matching))
    if filters.birth_date is not None:
        query = query.where(Candidate.birth_date == filters.birth_date)
    if filters.email and filters.email.strip():
        query = query.where(Candidate.email == filters.email.strip().lower())
    return query


def sort_key(sort: CandidateSort) -> SortKey | None:
    """By names (as searched: birth name first, unaccented), else by registration."""
    if sort in (CandidateSort.NAME_ASC, CandidateSort.NAME_DESC):
        names: ColumnElement[str] = Candidate.search_text  # type: ignore[assignment]
        return SortKey(names, ValueKind.TEXT, sort == CandidateSort.NAME_DESC)
    return None


async def dossiers_of(
    session: AsyncSession, candidate_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Dossier]]:
    """The dossiers of these candidates, in one query."""
    found: dict[uuid.UUID, list[Dossier]] = defaultdict(list)
    if candidate_ids:
        rows = await session.scalars(
            select(Dossier).where(Dossier.candidate_id.in_(candidate_ids)).order_by(Dossier.id)
        )
        for dossier in rows:
            found[dossier.candidate_id].append(dossier)
    return found


async def list_candidates(
    session: AsyncSession,
    actor: Actor,
    filters: CandidateFilters,
    *,
    first: int | None,
    after: str | None,
    sort: CandidateSort = CandidateSort.NAME_ASC,
) -> Page[CandidateEntry]:
    """One page of the active organisation's candidates (org admins and advisers)."""
    ADVISERS.check(actor)
    query = filtered(filters, name_index=has_name_index(session))
    total = await session.scalar(
        select(func.count()).select_from(query.with_only_columns(Candidate.id).subquery())
    )
    page = await paginate_in_order(
        session,
        query,
        Candidate.id,
        sort_key(sort),
        first=first,
        after=after,
        newest_first=sort == CandidateSort.NEWEST_FIRST,
        total=total or 0,
    )
    ids = [candidate.id for candidate in page.items]
    if ids:
        audit.record(session, actor, "candidate.read", sorted(ids))
    dossiers = await dossiers_of(session, ids)
    return Page(
        items=[CandidateEntry(c, dossiers.get(c.id, [])) for c in page.items],
        has_next_page=page.has_next_page,
        end_cursor=page.end_cursor,
        total_count=page.total_count,
    )
