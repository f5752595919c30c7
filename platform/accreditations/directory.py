"""« Trouver un organisme habilité »: the public list of accredited sites, for evaluation,
for training, or both.

Public data by nature (the pathway starts with a candidate choosing an accredited
organisation), read across tenants under a named scope; only what a candidate needs is
exposed: organisation, site address and contact, certifications.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import (
    EVALUATING_SCOPES,
    TRAINING_SCOPES,
    Accreditation,
    AccreditationScope,
    AccreditationStatus,
)
from clea_platform.core.digits import fold_digits, is_ascii_digits
from clea_platform.core.pagination import Page, decode_cursor, page_size
from clea_platform.tenants.models import Organisation, OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads

DIRECTORY_SCOPE = "public:evaluator_directory"


@dataclass(frozen=True, slots=True)
class DirectoryFilter:
    certification_code: str | None = None
    region: str | None = None
    departement: str | None = None
    postal_code: str | None = None
    #: EVALUATION: sites accredited to evaluate (alone or with training); TRAINING: to
    #: train; BOTH: to do both (one accreditation for both, or one of each); None: any.
    scope: AccreditationScope | None = None


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    site: Site
    organisation: Organisation
    certification_codes: list[str]
    valid_until: dt.date
    #: What the site is accredited for today, over the certifications shown.
    scope: AccreditationScope = AccreditationScope.EVALUATION


def _scope_of(evaluates: bool, trains: bool) -> AccreditationScope:
    if evaluates and trains:
        return AccreditationScope.BOTH
    return AccreditationScope.TRAINING if trains else AccreditationScope.EVALUATION


def _valid_on(today: dt.date) -> tuple[ColumnElement[bool], ...]:
    """An accreditation usable today (active or its procedure's suspension over, within
    its validity)."""
    return (
        or_(
            Accreditation.status == AccreditationStatus.ACTIVE,
            and_(
                Accreditation.status == AccreditationStatus.SUSPENDED,
                Accreditation.suspended_until < today,
            ),
        ),
        Accreditation.valid_from <= today,
        Accreditation.valid_until >= today,
    )


def _valid(
    today: dt.date,
    certification_code: str | None,
    scopes: tuple[AccreditationScope, ...] | None = None,
) -> Select[Any]:
    query = select(Accreditation.site_id).where(
        Accreditation.organisation_id == Site.organisation_id,
        Accreditation.site_id == Site.id,
        *_valid_on(today),
    )
    if certification_code:
        query = query.where(Accreditation.certification_code == certification_code)
    if scopes is not None:
        query = query.where(Accreditation.scope.in_(scopes))
    return query


def _scope_conditions(filters: DirectoryFilter, today: dt.date) -> list[ColumnElement[bool]]:
    code = filters.certification_code
    if filters.scope == AccreditationScope.EVALUATION:
        return [exists(_valid(today, code, EVALUATING_SCOPES))]
    if filters.scope == AccreditationScope.TRAINING:
        return [exists(_valid(today, code, TRAINING_SCOPES))]
    if filters.scope == AccreditationScope.BOTH:
        return [
            exists(_valid(today, code, EVALUATING_SCOPES)),
            exists(_valid(today, code, TRAINING_SCOPES)),
        ]
    return [exists(_valid(today, code))]


def postal_code_range(prefix: str) -> tuple[str, str | None] | None:
    """The postal codes starting with ``prefix``, as a range ``[low, high)``.

    A range rather than ``LIKE 'prefix%'``: under row-level security PostgreSQL only
    uses an index for leakproof operators, and ``LIKE`` is not one (``>=`` and ``<``
    on text are). Postal codes are digits, so the range is the same in any collation.
    None when ``prefix`` cannot begin a postal code (nothing matches).

        >>> postal_code_range("69"), postal_code_range("099"), postal_code_range("99")
        (('69', '70'), ('099', '100'), ('99', None))
    """
    prefix = fold_digits(prefix)
    if not (is_ascii_digits(prefix) and len(prefix) <= 5):
        return None
    following = int(prefix) + 1
    if len(str(following)) > len(prefix):
        return prefix, None
    return prefix, str(following).zfill(len(prefix))


async def search(
    session: AsyncSession,
    filters: DirectoryFilter,
    *,
    today: dt.date,
    first: int | None,
    after: str | None,
) -> Page[DirectoryEntry]:
    size = page_size(first)
    cursor = decode_cursor(after)
    conditions = [
        Organisation.status == OrganisationStatus.ACTIVE,
        *_scope_conditions(filters, today),
    ]
    if filters.region:
        conditions.append(Site.region == filters.region)
    if filters.departement:
        conditions.append(Site.departement == filters.departement.strip().upper())
    if filters.postal_code:
        bounds = postal_code_range(filters.postal_code)
        if bounds is None:
            return Page(items=[], has_next_page=False, end_cursor=None, total_count=0)
        low, high = bounds
        conditions.append(Site.postal_code >= low)
        if high is not None:
            conditions.append(Site.postal_code < high)
    matching = (
        select(Site, Organisation)
        .join(Organisation, Organisation.id == Site.organisation_id)
        .where(*conditions)
    )
    async with cross_tenant_reads(session, DIRECTORY_SCOPE):
        if cursor is None:
            # The first page (most searches) counts the matches in the same statement.
            rows = (
                await session.execute(
                    matching.add_columns(func.count().over()).order_by(Site.id).limit(size + 1)
                )
            ).all()
            total = rows[0][2] if rows else 0
        else:
            total = (
                await session.scalar(
                    select(func.count()).select_from(matching.with_only_columns(Site.id).subquery())
                )
                or 0
            )
            rows = (
                await session.execute(
                    matching.where(Site.id > cursor).order_by(Site.id).limit(size + 1)
                )
            ).all()
        has_next = len(rows) > size
        found = [(row[0], row[1]) for row in rows[:size]]
        codes: dict[uuid.UUID, set[str]] = {site.id: set() for site, _ in found}
        until: dict[uuid.UUID, dt.date] = {}
        scopes: dict[uuid.UUID, set[AccreditationScope]] = {site.id: set() for site, _ in found}
        if found:
            accreditations = await session.execute(
                select(
                    Accreditation.site_id,
                    Accreditation.certification_code,
                    Accreditation.valid_until,
                    Accreditation.scope,
                ).where(
                    # organisation_id leads the accreditation indexes.
                    Accreditation.organisation_id.in_({site.organisation_id for site, _ in found}),
                    Accreditation.site_id.in_(list(codes)),
                    *_valid_on(today),
                )
            )
            for site_id, code, valid_until, scope in accreditations:
                codes[site_id].add(code)
                scopes[site_id].add(scope)
                until[site_id] = max(until.get(site_id, valid_until), valid_until)
    entries = [
        DirectoryEntry(
            site=site,
            organisation=organisation,
            certification_codes=sorted(codes[site.id]),
            valid_until=until[site.id],
            scope=_scope_of(
                any(scope.evaluates for scope in scopes[site.id]),
                any(scope.trains for scope in scopes[site.id]),
            ),
        )
        for site, organisation in found
    ]
    return Page(
        items=entries,
        has_next_page=has_next,
        end_cursor=str(found[-1][0].id) if found else None,
        total_count=total,
    )
