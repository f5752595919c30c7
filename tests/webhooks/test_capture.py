"""Events are captured in the transaction of the work that caused them (the durable outbox).

The domain services announce lifecycle events (``plugins/lifecycle.py``); the webhooks'
recorder adds one ``webhook_event`` row per announcement inside the same transaction, so
the event commits with the work or not at all — a savepoint rolled back included.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.webhooks.models import WebhookEvent
from tests.dossiers.conftest import open_clea


async def events_of(session: AsyncSession, actor: Actor) -> list[WebhookEvent]:
    await session.flush()
    async with cross_tenant_reads(session, "tests"):
        rows = await session.scalars(
            select(WebhookEvent)
            .where(WebhookEvent.organisation_id == actor.organisation_id)
            .order_by(WebhookEvent.id)
        )
        return list(rows)


async def test_opening_a_dossier_queues_its_status_change_in_the_same_transaction(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    before = len(await events_of(db_session, greta))
    dossier = await open_clea(db_session, greta, greta_site, registry)
    [*_, event] = await events_of(db_session, greta)
    assert len(await events_of(db_session, greta)) == before + 1
    assert event.event_type == "dossier.status_changed"
    assert event.data["dossier_id"] == str(dossier.id)
    assert (event.data["previous_status"], event.data["status"]) == (None, "opened")
    # identifiers and codes only: no personal data travels in a webhook
    assert set(event.data) == {
        "organisation_id",
        "dossier_id",
        "certification_code",
        "previous_status",
        "status",
    }


async def test_work_rolled_back_in_a_savepoint_queues_nothing(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    before = len(await events_of(db_session, greta))
    savepoint = await db_session.begin_nested()
    await open_clea(db_session, greta, greta_site, registry)
    await savepoint.rollback()
    assert len(await events_of(db_session, greta)) == before
