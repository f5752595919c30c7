"""Who sees which organisation, who may change it, and registering one with its first admin."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.core.errors import InvalidFormError
from clea_platform.identity.models import Invitation
from clea_platform.tenants import service
from clea_platform.tenants.errors import TenantError, TenantErrorCode
from clea_platform.tenants.models import NationalNetwork, Organisation, OrganisationKind
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import random_siren
from tests.tenants.factories import Factory, other_id

BASE_URL = "https://clea.example"


async def test_an_admin_sees_their_own_organisation(factory: Factory) -> None:
    a = await factory.organisation()
    admin = factory.actor(await factory.person(memberships=[(a, ["org_admin"])]), a, "org_admin")

    async with factory.acting(admin):
        found = await service.organisation_for(factory.session, admin, a.id)

    assert found is not None
    assert found.id == a.id


async def test_another_tenants_organisation_looks_exactly_like_a_missing_one(
    factory: Factory,
) -> None:
    # Given A, and the admin of B
    a = await factory.organisation()
    b = await factory.organisation()
    admin_b = factory.actor(await factory.person(memberships=[(b, ["org_admin"])]), b, "org_admin")

    # When B's admin asks for A, and for an organisation that does not exist
    async with factory.acting(admin_b):
        other_tenant = await service.organisation_for(factory.session, admin_b, a.id)
        missing = await service.organisation_for(factory.session, admin_b, other_id())

    # Then both answers are the same: nothing
    assert other_tenant is None
    assert missing is None


async def test_certif_pro_sees_any_organisation(factory: Factory) -> None:
    a = await factory.organisation()
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    async with factory.acting(admin):
        found = await service.organisation_for(factory.session, admin, a.id)

    assert found is not None
    assert found.name == a.name


async def test_the_admin_of_b_cannot_change_a_and_is_told_it_does_not_exist(
    factory: Factory,
) -> None:
    # Given A, and the admin of B
    a = await factory.organisation("Organisme A")
    b = await factory.organisation()
    admin_b = factory.actor(await factory.person(memberships=[(b, ["org_admin"])]), b, "org_admin")

    # When B's admin renames A
    async with factory.acting(admin_b):
        with pytest.raises(TenantError) as refused:
            await service.update_organisation(
                factory.session, admin_b, a.id, name="Pris", legal_form="", network=None
            )

    # Then it is the same refusal as for a missing organisation, and A keeps its name
    assert (refused.value.code, refused.value.field, refused.value.message) == (
        TenantErrorCode.NOT_FOUND,
        "id",
        "Organisme introuvable.",
    )
    assert a.name == "Organisme A"


async def test_certif_pro_changes_any_organisations_identity(factory: Factory) -> None:
    a = await factory.organisation("Organisme A")
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    async with factory.acting(admin):
        changed = await service.update_organisation(
            factory.session,
            admin,
            a.id,
            name=" Organisme A renommé ",
            legal_form="GIP",
            network=NationalNetwork.GRETA,
        )

    assert (changed.name, changed.legal_form, changed.network) == (
        "Organisme A renommé",
        "GIP",
        NationalNetwork.GRETA,
    )


async def count_siren(session: AsyncSession, siren: str) -> int:
    async with cross_tenant_reads(session, "tests"):
        count = await session.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.siren == siren)
        )
    return count or 0


async def test_an_invalid_first_admin_address_is_refused_before_anything_is_saved(
    factory: Factory,
) -> None:
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))
    siren = random_siren()

    async with factory.acting(admin):
        with pytest.raises(TenantError) as refused:
            await service.register_organisation(
                factory.session,
                admin,
                service.OrganisationInput(name="Organisme X", siren=siren),
                admin_email="pas-une-adresse",
                base_url=BASE_URL,
            )

    assert (refused.value.code, refused.value.field) == (
        TenantErrorCode.INVALID_EMAIL,
        "adminEmail",
    )
    assert await count_siren(factory.session, siren) == 0


async def test_registering_with_a_first_admin_invites_them_into_the_new_organisation(
    factory: Factory,
) -> None:
    # Given Certif'Pro's admin at platform level
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    # When they register an organisation with its first admin's address
    async with factory.acting(admin):
        organisation = await service.register_organisation(
            factory.session,
            admin,
            service.OrganisationInput(name="APP Nord", siren=random_siren()),
            admin_email="Direction@App-Nord.fr",
            base_url=BASE_URL,
        )
        await factory.session.flush()

    # Then the new tenant holds one pending invitation for an org admin, and both are audited
    async with cross_tenant_reads(factory.session, "tests"):
        invitations = list(
            await factory.session.scalars(
                select(Invitation).where(Invitation.organisation_id == organisation.id)
            )
        )
        operations = set(
            await factory.session.scalars(
                select(AuditEvent.operation).where(AuditEvent.organisation_id == organisation.id)
            )
        )
    assert [(i.email, i.roles) for i in invitations] == [("direction@app-nord.fr", ["org_admin"])]
    assert operations == {"organisation.create", "invitation.create"}


async def test_invalid_identity_fields_are_all_reported_at_once(factory: Factory) -> None:
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    async with factory.acting(admin):
        with pytest.raises(InvalidFormError) as refused:
            await service.register_organisation(
                factory.session,
                admin,
                service.OrganisationInput(name=" ", siren="123456789"),
                admin_email=None,
                base_url=BASE_URL,
            )

    assert [(e.code, e.field) for e in refused.value.errors] == [
        (TenantErrorCode.REQUIRED, "name"),
        (TenantErrorCode.INVALID_SIREN, "siren"),
    ]


async def test_platform_tasks_list_every_evaluator_organisation_but_not_the_operator(
    factory: Factory,
) -> None:
    a = await factory.organisation("Zèbre formation")
    b = await factory.organisation("Abeille formation")
    operator = await factory.organisation("Opérateur", kind=OrganisationKind.OPERATOR)

    listed = await service.evaluator_organisations(factory.session, "tests:evaluators")

    names = [name for _, name in listed]
    assert (b.id, b.name) in listed
    assert (a.id, a.name) in listed
    assert names.index(b.name) < names.index(a.name)
    assert operator.id not in [organisation_id for organisation_id, _ in listed]
