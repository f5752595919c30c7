"""DataLoaders of the tenants context: they batch keys and call :mod:`tenants.loading`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.tenants import loading
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site


class OrganisationByIdLoader(DataLoader[uuid.UUID, Organisation | None]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[Organisation | None]:
            found = await loading.organisations_by_id(session, ids)
            return [found.get(key) for key in ids]

        super().__init__(load_fn=load)


class SitesByOrganisationLoader(DataLoader[uuid.UUID, list[Site]]):
    """The sites the request's actor may see, per organisation."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[Site]]:
            grouped = await loading.sites_by_organisation(session, actor, ids)
            return [grouped.get(key, []) for key in ids]

        super().__init__(load_fn=load)


class TenantLoaders:
    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        self.organisation_by_id = OrganisationByIdLoader(session)
        self.sites_by_organisation = SitesByOrganisationLoader(session, actor)
