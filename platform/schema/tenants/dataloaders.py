"""DataLoaders of the tenants context."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.audit import service as audit
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads


class OrganisationByIdLoader(DataLoader[uuid.UUID, Organisation | None]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[Organisation | None]:
            rows = await session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
            found = {row.id: row for row in rows}
            return [found.get(key) for key in ids]

        super().__init__(load_fn=load)


class SitesByOrganisationLoader(DataLoader[str, list[Site]]):
    """Keyed by the organisation's GraphQL ID; tenant filtering applies to the rows."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[str]) -> list[list[Site]]:
            keys = [uuid.UUID(str(key)) for key in ids]
            rows = await session.scalars(
                select(Site).where(Site.organisation_id.in_(keys)).order_by(Site.name)
            )
            grouped: dict[uuid.UUID, list[Site]] = defaultdict(list)
            for row in rows:
                grouped[row.organisation_id].append(row)
            return [grouped.get(key, []) for key in keys]

        super().__init__(load_fn=load)


class PlatformSitesByOrganisationLoader(DataLoader[str, list[Site]]):
    """Certif'Pro reads organisations' sites through an audited cross-tenant scope."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        async def load(ids: Sequence[str]) -> list[list[Site]]:
            keys = [uuid.UUID(str(key)) for key in ids]
            async with cross_tenant_reads(session, "certifpro_admin:organisation_sites"):
                audit.record(session, actor, "organisation.read_sites", keys)
                rows = await session.scalars(
                    select(Site).where(Site.organisation_id.in_(keys)).order_by(Site.name)
                )
                grouped: dict[uuid.UUID, list[Site]] = defaultdict(list)
                for row in rows:
                    grouped[row.organisation_id].append(row)
            return [grouped.get(key, []) for key in keys]

        super().__init__(load_fn=load)


class TenantLoaders:
    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        self.organisation_by_id = OrganisationByIdLoader(session)
        self.sites_by_organisation = SitesByOrganisationLoader(session)
        self.platform_sites_by_organisation = PlatformSitesByOrganisationLoader(session, actor)
