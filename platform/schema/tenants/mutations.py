"""Root mutations of the tenants context."""

from __future__ import annotations

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.tenants import inputs
from clea_platform.schema.tenants.types import (
    CreateOrganisationPayload,
    CreateSitePayload,
    OrganisationType,
    ReactivateOrganisationPayload,
    SetOrganisationNetworkHeadPayload,
    SiteType,
    SuspendOrganisationPayload,
    UpdateOrganisationPayload,
    UpdateSitePayload,
)
from clea_platform.tenants import service, sites


def _site_data(data: inputs.CreateSiteInput) -> sites.SiteInput:
    return sites.SiteInput(
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
    ) -> CreateOrganisationPayload:
        context = info.context
        organisation = await service.register_organisation(
            context.session,
            context.actor,
            service.OrganisationInput(
                name=input.name,
                siren=input.siren,
                legal_form=input.legal_form,
                network=input.network,
            ),
            admin_email=input.admin_email,
            base_url=context.settings.base_url,
        )
        return CreateOrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Change an organisation's identity.")
    async def update_organisation(
        self, info: Info, input: inputs.UpdateOrganisationInput
    ) -> UpdateOrganisationPayload:
        organisation = await service.update_organisation(
            info.context.session,
            info.context.actor,
            parse_id(input.id, service.organisation_not_found()),
            name=input.name,
            legal_form=input.legal_form,
            network=input.network,
        )
        return UpdateOrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(
        description="Make an organisation the head of its national network, or of none."
    )
    async def set_organisation_network_head(
        self, info: Info, input: inputs.SetOrganisationNetworkHeadInput
    ) -> SetOrganisationNetworkHeadPayload:
        organisation = await service.set_network_head(
            info.context.session,
            info.context.actor,
            parse_id(input.organisation_id, service.organisation_not_found()),
            input.network,
        )
        return SetOrganisationNetworkHeadPayload(
            organisation=OrganisationType.from_model(organisation)
        )

    @strawberry.mutation(description="Suspend an organisation: its users can only read.")
    async def suspend_organisation(
        self, info: Info, input: inputs.SuspendOrganisationInput
    ) -> SuspendOrganisationPayload:
        organisation = await service.suspend_organisation(
            info.context.session,
            info.context.actor,
            parse_id(input.id, service.organisation_not_found()),
            input.reason,
        )
        return SuspendOrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Reactivate a suspended organisation.")
    async def reactivate_organisation(
        self, info: Info, input: inputs.ReactivateOrganisationInput
    ) -> ReactivateOrganisationPayload:
        organisation = await service.reactivate_organisation(
            info.context.session,
            info.context.actor,
            parse_id(input.id, service.organisation_not_found()),
        )
        return ReactivateOrganisationPayload(organisation=OrganisationType.from_model(organisation))

    @strawberry.mutation(description="Declare an establishment of the active organisation.")
    async def create_site(self, info: Info, input: inputs.CreateSiteInput) -> CreateSitePayload:
        site = await sites.create_site(info.context.session, info.context.actor, _site_data(input))
        return CreateSitePayload(site=SiteType.from_model(site))

    @strawberry.mutation(description="Change a site of the active organisation.")
    async def update_site(self, info: Info, input: inputs.UpdateSiteInput) -> UpdateSitePayload:
        site = await sites.update_site(
            info.context.session,
            info.context.actor,
            parse_id(input.id, sites.site_not_found()),
            _site_data(input),
        )
        return UpdateSitePayload(site=SiteType.from_model(site))
