"""Webhook signing secrets are sealed at rest (encrypted under CLEA_SECRET_KEY), and
migration 0029 seals the secrets stored before it (its downgrade unseals them)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.migrate import downgrade, upgrade
from clea_platform.tenants.context import acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.webhooks import service, signing
from clea_platform.webhooks.models import WebhookSubscription
from tests.databases import ThrowawayDatabase
from tests.webhooks.conftest import Receiver, new_organisation


async def test_a_new_subscription_stores_its_secret_sealed_and_shows_it_once(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, receiver: Receiver
) -> None:
    admin = await new_organisation(sessions)
    with acting_as(admin):
        async with sessions.begin() as session:
            created = await service.create_subscription(
                session,
                admin,
                settings,
                service.SubscriptionData(receiver.url, "", ["certificate.issued"]),
            )
        async with sessions() as session:
            stored = await session.scalar(
                select(WebhookSubscription.secret).where(WebhookSubscription.id == created.id)
            )
    assert stored is not None
    plain = signing.unseal(stored, settings.secret_key)
    # what is stored is not the secret, and does not contain it nor its key bytes
    assert plain.startswith("whsec_")
    assert stored.startswith("sealed:v1:")
    assert plain not in stored
    assert plain.removeprefix("whsec_") not in stored
    # sealed afresh each time: the same secret never gives the same stored text
    assert signing.seal(plain, settings.secret_key) != stored
    # another CLEA_SECRET_KEY cannot unseal it
    with pytest.raises(ConfigurationError, match="CLEA_SECRET_KEY"):
        signing.unseal(stored, "une-autre-cle-secrete")


def test_migration_0029_seals_the_secrets_stored_before_it_and_its_downgrade_unseals_them(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings
) -> None:
    # Given a database just before 0029 with a subscription whose secret is plain text
    # (its revision before: downgrading further on SQLite would copy the organisation
    # table, which this subscription's row refers to)
    before = "0028"
    upgrade(fresh_settings, before)
    plain = signing.new_secret()
    organisation_id = uuid.uuid4()
    engine = create_sync_engine_for(fresh_database.admin_url)
    subscription = WebhookSubscription.__table__
    try:
        with engine.begin() as connection:
            connection.execute(
                Organisation.__table__.insert().values(
                    id=organisation_id,
                    slug=f"m29-{organisation_id.hex[:8]}",
                    name="M29",
                    kind="evaluator",
                )
            )
            connection.execute(
                subscription.insert().values(
                    organisation_id=organisation_id,
                    url="https://exemple.fr/hooks",
                    events=["certificate.issued"],
                    secret=plain,
                )
            )

        def stored() -> str:
            with engine.connect() as connection:
                value = connection.scalar(select(subscription.c.secret))
                assert isinstance(value, str)
                return value

        # When migrated to the head: sealed, and it unseals to the same secret
        upgrade(fresh_settings)
        sealed = stored()
        assert sealed.startswith("sealed:v1:")
        assert plain not in sealed
        assert signing.unseal(sealed, fresh_settings.secret_key) == plain
        # so a delivery signs with the secret the receiver holds
        headers = signing.signed_headers(
            signing.unseal(sealed, fresh_settings.secret_key), "msg_1", 1_700_000_000, "{}"
        )
        assert signing.verify(plain, headers, "{}", now=1_700_000_000)

        # And back down before 0029: plain text again
        downgrade(fresh_settings, before)
        assert stored() == plain
    finally:
        engine.dispose()
