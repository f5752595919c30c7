"""Root queries of the tenants context."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Connection, connection
from clea_platform.schema.tenants.enums import OrganisationStatus
from clea_platform.schema.tenants.types import OrganisationResult, OrganisationType, SiteType
from clea_platform.tenants import service, sites

ORGANISATION_NOT_FOUND = "Organisme introuvable."


@strawberry.type
class TenantQueries:
    @strawberry.field(description="Organisations registered on the platform (Certif'Pro).")
    async def organisations(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Part of the name or SIREN.")
        ] = None,
        status: Annotated[
            OrganisationStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
    ) -> Connection[OrganisationType]:
        page = await service.list_organisations(
            info.context.session, search=search, status=status, first=first, after=after
        )
        return connection(page, OrganisationType.from_model)

    @strawberry.field(
        description="One organisation: the active one for its admins, any for Certif'Pro."
    )
    async def organisation(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> OrganisationResult:
        organisation_id = optional_id(id)
        organisation = (
            None
            if organisation_id is None
            else await service.organisation_for(
                info.context.session, info.context.actor, organisation_id
            )
        )
        if organisation is None:
            return NotFound.of(ORGANISATION_NOT_FOUND, id)
        return OrganisationType.from_model(organisation)

    @strawberry.field(description="Sites of the active organisation.")
    async def sites(self, info: Info) -> list[SiteType]:
        return [SiteType.from_model(site) for site in await sites.list_sites(info.context.session)]
