"""GraphQL types of organisations and sites, and the payloads of their mutations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.tenants.enums import (
    NationalNetwork,
    OrganisationKind,
    OrganisationStatus,
    TenantErrorCode,
)
from clea_platform.tenants.models import Organisation, Site


@strawberry.type(description="A problem with the input, to show next to the field.")
class TenantProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: TenantErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(name="Site", description="An establishment (SIRET) of an organisation.")
class SiteType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="Name of the establishment.")
    siret: str = strawberry.field(description="14-digit SIRET.")
    address_line: str = strawberry.field(description="Street address.")
    postal_code: str = strawberry.field(description="5-digit postal code.")
    city: str = strawberry.field(description="City.")
    departement: str = strawberry.field(description="Département code (e.g. 59, 2A, 974).")
    region: str = strawberry.field(description="Région.")

    @classmethod
    def from_model(cls, site: Site) -> SiteType:
        return cls(
            id=strawberry.ID(str(site.id)),
            name=site.name,
            siret=site.siret,
            address_line=site.address_line,
            postal_code=site.postal_code,
            city=site.city,
            departement=site.departement,
            region=site.region,
        )


@strawberry.type(name="Organisation", description="An evaluator organisation (a tenant).")
class OrganisationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="Legal name.")
    slug: str = strawberry.field(description="Short name used in URLs.")
    kind: OrganisationKind = strawberry.field(description="Operator or evaluator.")
    status: OrganisationStatus = strawberry.field(description="Pending, active or suspended.")
    siren: str | None = strawberry.field(description="9-digit SIREN.")
    legal_form: str = strawberry.field(description="Legal form, e.g. association, GIP.")
    network: NationalNetwork | None = strawberry.field(description="National network, if any.")
    heads_network: NationalNetwork | None = strawberry.field(
        description="The national network it heads, if any (its admins see its figures)."
    )
    suspension_reason: str = strawberry.field(description="Why it is suspended, if it is.")
    created_at: dt.datetime = strawberry.field(description="When it was registered.")
    organisation_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_model(cls, organisation: Organisation) -> OrganisationType:
        return cls(
            id=strawberry.ID(str(organisation.id)),
            name=organisation.name,
            slug=organisation.slug,
            kind=organisation.kind,
            status=organisation.status,
            siren=organisation.siren,
            legal_form=organisation.legal_form,
            network=organisation.network,
            heads_network=organisation.heads_network,
            suspension_reason=organisation.suspension_reason,
            created_at=organisation.created_at,
            organisation_id=organisation.id,
        )

    @strawberry.field(description="Its establishments (visible to its members and Certif'Pro).")
    async def sites(self, info: Info) -> list[SiteType]:
        loader = info.context.tenant_loaders.sites_by_organisation
        return [SiteType.from_model(site) for site in await loader.load(self.organisation_id)]


OrganisationResult = Annotated[
    OrganisationType | NotFound,
    strawberry.union(
        "OrganisationResult",
        description="The organisation, or NotFound when it does not exist or is not yours.",
    ),
]


@strawberry.type(description="Fields shared by the results of organisation changes.")
class OrganisationChange:
    error_type: ClassVar[type[TenantProblem]] = TenantProblem
    organisation: OrganisationType | None = strawberry.field(
        default=None, description="The organisation, when the change succeeded."
    )
    errors: list[TenantProblem] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )


@strawberry.type(description="Result of registering an organisation.")
class CreateOrganisationPayload(OrganisationChange):
    pass


@strawberry.type(description="Result of changing an organisation's identity.")
class UpdateOrganisationPayload(OrganisationChange):
    pass


@strawberry.type(description="Result of setting which network an organisation heads.")
class SetOrganisationNetworkHeadPayload(OrganisationChange):
    pass


@strawberry.type(description="Result of suspending an organisation.")
class SuspendOrganisationPayload(OrganisationChange):
    pass


@strawberry.type(description="Result of reactivating an organisation.")
class ReactivateOrganisationPayload(OrganisationChange):
    pass


@strawberry.type(description="Fields shared by the results of site changes.")
class SiteChange:
    error_type: ClassVar[type[TenantProblem]] = TenantProblem
    site: SiteType | None = strawberry.field(
        default=None, description="The site, when the change succeeded."
    )
    errors: list[TenantProblem] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )


@strawberry.type(description="Result of declaring a site.")
class CreateSitePayload(SiteChange):
    pass


@strawberry.type(description="Result of changing a site.")
class UpdateSitePayload(SiteChange):
    pass
