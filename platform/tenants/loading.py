"""Batched reads of organisations and sites, one statement per batch (the DataLoaders' work).

Each function takes the keys of one batch and answers for all of them; the GraphQL
DataLoaders only call these. Who may read what is decided here: a tenant's members read
their own sites, Certif'Pro reads any organisation's through an audited scope.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads


async def organisations_by_id(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Organisation]:
    rows = await session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    return {row.id: row for row in rows}


async def sites_by_organisation(
    session: AsyncSession, actor: Actor, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Site]]:
    """The sites of each organisation, by name, as far as ``actor`` may see them.

    Certif'Pro at platform level (no active organisation) reads them across tenants, and
    the read is audited; anyone else gets the tenant filter: their own organisation's sites,
    nothing of another's.
    """
    if actor.organisation_id is None and actor.is_platform_admin:
        async with cross_tenant_reads(session, "certifpro_admin:organisation_sites"):
            audit.record(session, actor, "organisation.read_sites", organisation_ids)
            return await _sites_of(session, organisation_ids)
    return await _sites_of(session, organisation_ids)


async def _sites_of(
    session: AsyncSession, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Site]]:
    rows = await session.scalars(
        select(Site).where(Site.organisation_id.in_(organisation_ids)).order_by(Site.name)
    )
    grouped: dict[uuid.UUID, list[Site]] = defaultdict(list)
    for row in rows:
        grouped[row.organisation_id].append(row)
    return grouped
