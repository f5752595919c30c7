"""The batched reads behind the DataLoaders: each tenant reads its own, Certif'Pro audited."""

from __future__ import annotations

from clea_platform.audit import service as audit
from clea_platform.tenants import loading
from tests.tenants.factories import Factory, other_id


async def test_a_member_gets_the_sites_of_their_organisation_and_none_of_anothers(
    factory: Factory,
) -> None:
    # Given A and B with a site each, and an adviser of B
    a = await factory.organisation()
    b = await factory.organisation()
    await factory.site(a, "Site de A")
    await factory.site(b, "Site de B")
    adviser_b = factory.actor(await factory.person(memberships=[(b, ["adviser"])]), b, "adviser")

    # When B's adviser asks for the sites of both in one batch
    async with factory.acting(adviser_b):
        sites = await loading.sites_by_organisation(factory.session, adviser_b, [a.id, b.id])

    # Then B's are there, A's are not
    assert [site.name for site in sites[b.id]] == ["Site de B"]
    assert sites.get(a.id, []) == []


async def test_certif_pro_reads_every_organisations_sites_and_the_read_is_audited(
    factory: Factory,
) -> None:
    a = await factory.organisation()
    b = await factory.organisation()
    await factory.site(a, "Site 2 de A")
    await factory.site(a, "Site 1 de A")
    await factory.site(b, "Site de B")
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    async with factory.acting(admin):
        sites = await loading.sites_by_organisation(factory.session, admin, [a.id, b.id])

    assert [site.name for site in sites[a.id]] == ["Site 1 de A", "Site 2 de A"]
    assert [site.name for site in sites[b.id]] == ["Site de B"]
    recorded = factory.session.info[audit.PENDING][-1]
    assert (recorded.operation, recorded.actor_user_id) == (
        "organisation.read_sites",
        admin.user_id,
    )
    assert recorded.object_ids == [str(a.id), str(b.id)]


async def test_certif_pro_acting_in_an_organisation_reads_as_its_member(factory: Factory) -> None:
    # A Certif'Pro admin who is also a member of B and acts for B reads like any member of B.
    a = await factory.organisation()
    b = await factory.organisation()
    await factory.site(a, "Site de A")
    user = await factory.person(
        memberships=[(b, ["org_admin"])], platform_roles=["certifpro_admin"]
    )
    actor = factory.actor(user, b, "org_admin")

    async with factory.acting(actor):
        sites = await loading.sites_by_organisation(factory.session, actor, [a.id])

    assert sites.get(a.id, []) == []
    assert audit.PENDING not in factory.session.info


async def test_a_batch_of_organisations_answers_for_those_that_exist(factory: Factory) -> None:
    a = await factory.organisation()
    b = await factory.organisation()
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    async with factory.acting(admin):
        found = await loading.organisations_by_id(factory.session, [a.id, b.id, other_id()])

    assert {organisation.id for organisation in found.values()} == {a.id, b.id}
