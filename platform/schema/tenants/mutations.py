"""Root mutations of the tenants context."""

from __future__ import annotations

import strawberry

from clea_platform.identity import members
from clea_platform.identity.roles import Role
from clea_platform.identity.service import email_problem
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.tenants import inputs
from clea_platform.schema.tenants.types import (
    OrganisationPayload,
    OrganisationType,
    SitePayload,
    SiteType,
)
from clea_platform.tenants import service
from clea_platform.tenants.errors import TenantError, TenantErrorCode
from clea_platform.tenants.scoping import cross_tenant_reads

ORGANISATION_NOT_FOUND = TenantError(
    TenantErrorCode.NOT_FOUND, "Organisme introuvable.", field="id"
)
SITE_NOT_FOUND = TenantError(TenantErrorCode.NOT_FOUND, "Site introuvable.", field="id")


def _site_data(data: inputs.SiteInput) -> service.SiteInput:
    return service.SiteInput(
        name=data.name,
        siret=data.siret,
        address_line=data.address_line,
        postal_code=data.postal_code,
        city=data.city,
        region=data.region,
    )


@strawberry.type
class TenantMutations:
    @strawberry.mutation(description="Register an evaluator organisation.")
    async def create_organisation(
        self, info: Info, input: inputs.CreateOrganisationInput
    ) -> OrganisationPayload:
        context = info.context
        if input.admin_email and (problem := email_problem(input.admin_email)):
            raise TenantError(TenantErrorCode.INVALID_EMAIL, problem, field="adminEmail")
        organisation = await service.create_organisation(
            context.session,
            context.actor,
            service.OrganisationInput(
                name=input.name,
                siren=input.siren,
                legal_form=input.legal_form,
                network=input.network,
            ),
        )
        if input.admin_email:
            # Certif'Pro writes into the new tenant: an explicit, audited scope.
            async with cross_tenant_reads(context.session, "certifpro_admin:first_admin"):
                await members.invite(
                    context.session,
                    context.actor,
                    organisation.id,
                    input.admin_email,
                    [Role.ORG_ADMIN.value],
                    context.settings.base_url,
                )
        return OrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Change an organisation's identity.")
    async def update_organisation(
        self, info: Info, input: inputs.UpdateOrganisationInput
    ) -> OrganisationPayload:
        context = info.context
        organisation_id = parse_id(input.id, ORGANISATION_NOT_FOUND)
        if not context.actor.is_platform_admin and organisation_id != context.actor.organisation_id:
            raise ORGANISATION_NOT_FOUND
        organisation = await service.update_organisation(
            context.session,
            context.actor,
            organisation_id,
            name=input.name,
            legal_form=input.legal_form,
            network=input.network,
        )
        return OrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Suspend an organisation: its users can only read.")
    async def suspend_organisation(
        self, info: Info, input: inputs.SuspendOrganisationInput
    ) -> OrganisationPayload:
        organisation = await service.suspend_organisation(
            info.context.session,
            info.context.actor,
            parse_id(input.id, ORGANISATION_NOT_FOUND),
            input.reason,
        )
        return OrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Reactivate a suspended organisation.")
    async def reactivate_organisation(
        self, info: Info, input: inputs.ReactivateOrganisationInput
    ) -> OrganisationPayload:
        organisation = await service.reactivate_organisation(
            info.context.session, info.context.actor, parse_id(input.id, ORGANISATION_NOT_FOUND)
        )
        return OrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Declare an establishment of the active organisation.")
    async def create_site(self, info: Info, input: inputs.SiteInput) -> SitePayload:
        site = await service.create_site(
            info.context.session, info.context.actor, _site_data(input)
        )
        return SitePayload(site=SiteType.from_model(site))

    @strawberry.mutation(description="Change a site of the active organisation.")
    async def update_site(self, info: Info, input: inputs.UpdateSiteInput) -> SitePayload:
        site = await service.update_site(
            info.context.session,
            info.context.actor,
            parse_id(input.id, SITE_NOT_FOUND),
            _site_data(input),
        )
        return SitePayload(site=SiteType.from_model(site))
