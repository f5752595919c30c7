"""GraphQL types of organisations and sites."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import strawberry

from clea_platform.core.errors import DomainError
from clea_platform.schema.context import Info
from clea_platform.schema.tenants.enums import (
    NationalNetwork,
    OrganisationKind,
    OrganisationStatus,
    TenantErrorCode,
)
from clea_platform.tenants.models import Organisation, Site


@strawberry.type(description="A problem with the input, to show next to the field.")
class TenantError:
    code: TenantErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")

    @classmethod
    def from_domain(cls, error: DomainError) -> TenantError:
        return cls(code=error.code, field=error.field, message=error.message)


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
    suspension_reason: str = strawberry.field(description="Why it is suspended, if it is.")
    created_at: dt.datetime = strawberry.field(description="When it was registered.")

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
            suspension_reason=organisation.suspension_reason,
            created_at=organisation.created_at,
        )

    @strawberry.field(description="Its establishments (visible to its members and Certif'Pro).")
    async def sites(self, info: Info) -> list[SiteType]:
        context = info.context
        loaders = context.tenant_loaders
        if context.actor.organisation_id is None and context.actor.is_platform_admin:
            sites = await loaders.platform_sites_by_organisation.load(self.id)
        else:
            sites = await loaders.sites_by_organisation.load(self.id)
        return [SiteType.from_model(site) for site in sites]


@strawberry.type(description="Result of an organisation change.")
class OrganisationPayload:
    error_type: ClassVar[type[TenantError]] = TenantError
    organisation: OrganisationType | None = strawberry.field(
        default=None, description="The organisation, when the change succeeded."
    )
    errors: list[TenantError] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )


@strawberry.type(description="Result of a site change.")
class SitePayload:
    error_type: ClassVar[type[TenantError]] = TenantError
    site: SiteType | None = strawberry.field(
        default=None, description="The site, when the change succeeded."
    )
    errors: list[TenantError] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )
