"""Reading the audit log: an organisation's admin sees its events, Certif'Pro everyone's."""

from __future__ import annotations

from sqlalchemy import select

from clea_platform.audit import log
from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import unique
from tests.tenants.factories import Factory


async def record_in(factory: Factory, organisation: Organisation, operation: str) -> Actor:
    """An event of ``organisation``'s admin; returns that admin."""
    admin = factory.actor(
        await factory.person(memberships=[(organisation, ["org_admin"])]),
        organisation,
        "org_admin",
    )
    async with factory.acting(admin):
        audit.record(factory.session, admin, operation, ["objet"])
        await factory.session.flush()
    return admin


async def operations_seen(factory: Factory, actor: Actor, filters: log.AuditFilter) -> list[str]:
    async with factory.acting(actor):
        page = await log.list_events(factory.session, actor, filters, first=50, after=None)
    return [event.operation for event in page.items]


async def test_an_admin_reads_their_organisations_events_only_whatever_the_filter_says(
    factory: Factory,
) -> None:
    # Given an event in A and one in B
    marker = unique("test.audit")
    a = await factory.organisation()
    b = await factory.organisation()
    admin_a = await record_in(factory, a, f"{marker}.a")
    await record_in(factory, b, f"{marker}.b")

    # When A's admin reads the log, even asking for B's
    own = await operations_seen(factory, admin_a, log.AuditFilter(operation=marker))
    asked_for_b = await operations_seen(
        factory, admin_a, log.AuditFilter(operation=marker, organisation_id=b.id)
    )

    # Then they see A's event, never B's
    assert own == [f"{marker}.a"]
    assert asked_for_b == [f"{marker}.a"]


async def test_certif_pro_reads_every_organisations_events_and_that_read_is_recorded(
    factory: Factory,
) -> None:
    marker = unique("test.audit")
    a = await factory.organisation()
    b = await factory.organisation()
    await record_in(factory, a, f"{marker}.a")
    await record_in(factory, b, f"{marker}.b")
    admin = factory.actor(await factory.person(platform_roles=["certifpro_admin"]))

    everyone = await operations_seen(factory, admin, log.AuditFilter(operation=marker))
    only_b = await operations_seen(
        factory, admin, log.AuditFilter(operation=marker, organisation_id=b.id)
    )

    assert sorted(everyone) == [f"{marker}.a", f"{marker}.b"]
    assert only_b == [f"{marker}.b"]
    # What the unit of work does at commit: pending events join the session.
    factory.session.add_all(factory.session.info.pop(audit.PENDING, []))
    await factory.session.flush()
    async with cross_tenant_reads(factory.session, "tests"):
        reads = list(
            await factory.session.execute(
                select(AuditEvent.operation, AuditEvent.object_ids).where(
                    AuditEvent.actor_user_id == admin.user_id
                )
            )
        )
    # (Identifiers of events recorded in the same millisecond are in no particular order.)
    assert sorted(tuple(read) for read in reads) == sorted(
        [("audit_log.read_all", ["*"]), ("audit_log.read_all", [str(b.id)])]
    )


async def test_events_are_found_by_their_actors_email(factory: Factory) -> None:
    marker = unique("test.audit")
    a = await factory.organisation()
    first = await record_in(factory, a, f"{marker}.first")
    await record_in(factory, a, f"{marker}.second")

    found = await operations_seen(
        factory, first, log.AuditFilter(operation=marker, actor_email=f" {first.email} ".upper())
    )

    assert found == [f"{marker}.first"]
