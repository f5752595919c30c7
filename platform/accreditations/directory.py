"""« Trouver un organisme évaluateur »: the public list of accredited sites.

Public data by nature (the pathway starts with a candidate choosing an accredited
organisation), read across tenants under a named scope; only what a candidate needs is
exposed: organisation, site address and contact, certifications.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import Accreditation, AccreditationStatus
from clea_platform.core.pagination import Page, paginate
from clea_platform.tenants.models import Organisation, OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads

DIRECTORY_SCOPE = "public:evaluator_directory"


@dataclass(frozen=True, slots=True)
class DirectoryFilter:
    certification_code: str | None = None
    region: str | None = None
    departement: str | None = None
    postal_code: str | None = None


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    site: Site
    organisation: Organisation
    certification_codes: list[str]
    valid_until: dt.date


def _valid(today: dt.date, certification_code: str | None) -> Select[Any]:
    query = select(Accreditation.site_id).where(
        Accreditation.organisation_id == Site.organisation_id,
        Accreditation.site_id == Site.id,
        Accreditation.status == AccreditationStatus.ACTIVE,
        Accreditation.valid_from <= today,
        Accreditation.valid_until >= today,
    )
    if certification_code:
        query = query.where(Accreditation.certification_code == certification_code)
    return query


async def search(
    session: AsyncSession,
    filters: DirectoryFilter,
    *,
    today: dt.date,
    first: int | None,
    after: str | None,
) -> Page[DirectoryEntry]:
    query = (
        select(Site)
        .join(Organisation, Organisation.id == Site.organisation_id)
        .where(
            Organisation.status == OrganisationStatus.ACTIVE,
            exists(_valid(today, filters.certification_code)),
        )
    )
    if filters.region:
        query = query.where(Site.region == filters.region)
    if filters.departement:
        query = query.where(Site.departement == filters.departement.strip().upper())
    if filters.postal_code:
        query = query.where(Site.postal_code.startswith(filters.postal_code.strip()))
    async with cross_tenant_reads(session, DIRECTORY_SCOPE):
        page = await paginate(session, query, Site.id, first=first, after=after)
        sites: list[Site] = list(page.items)
        organisations = {
            o.id: o
            for o in await session.scalars(
                select(Organisation).where(
                    Organisation.id.in_({site.organisation_id for site in sites})
                )
            )
        }
        codes: dict[uuid.UUID, set[str]] = {site.id: set() for site in sites}
        until: dict[uuid.UUID, dt.date] = {}
        rows = await session.execute(
            select(
                Accreditation.site_id, Accreditation.certification_code, Accreditation.valid_until
            ).where(
                Accreditation.site_id.in_(list(codes)),
                Accreditation.status == AccreditationStatus.ACTIVE,
                Accreditation.valid_from <= today,
                Accreditation.valid_until >= today,
            )
        )
        for site_id, code, valid_until in rows:
            codes[site_id].add(code)
            until[site_id] = max(until.get(site_id, valid_until), valid_until)
    entries = [
        DirectoryEntry(
            site=site,
            organisation=organisations[site.organisation_id],
            certification_codes=sorted(codes[site.id]),
            valid_until=until[site.id],
        )
        for site in sites
    ]
    return Page(
        items=entries,
        has_next_page=page.has_next_page,
        end_cursor=page.end_cursor,
        total_count=page.total_count,
    )
