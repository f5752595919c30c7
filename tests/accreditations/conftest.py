"""A rolled-back session with the demo data, Certif'Pro's admin and a new applicant."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import access_requests, campaigns
from clea_platform.accreditations.models import Campaign
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.core.config import Settings
from clea_platform.demo.data import load_demo
from clea_platform.identity.models import Membership, User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.storage.local import LocalFileStore
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.dossiers.conftest import greta, greta_site, pathway, sophie  # noqa: F401

TODAY = dt.date.today()
# A real-looking SIREN (Luhn-valid) and two SIRETs of it, for the new applicant.
NEW_SIREN = "732829320"
NEW_SIRET = "73282932000009"
OTHER_SIRET = "73282932000017"

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
async def platform_admin(db_session: AsyncSession, registry: CertificationRegistry) -> Actor:
    await load_demo(db_session, registry)
    async with cross_tenant_reads(db_session, "tests"):
        user = await db_session.scalar(select(User).where(User.email == "admin@certifpro.demo"))
    assert user is not None
    return Actor(
        label="Camille Certif <admin@certifpro.demo>",
        user_id=user.id,
        email=user.email,
        platform_roles=frozenset({"certifpro_admin"}),
    )


@pytest.fixture
async def campaign(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> Campaign:
    with acting_as(platform_admin):
        return await campaigns.create_campaign(
            db_session,
            platform_admin,
            registry,
            campaigns.CampaignInput(
                title="Campagne de test",
                certification_codes=["CLEA", "CLEA_NUMERIQUE"],
                opens_on=TODAY - dt.timedelta(days=1),
                closes_on=TODAY + dt.timedelta(days=30),
                accreditation_starts_on=TODAY - dt.timedelta(days=1),
                accreditation_ends_on=TODAY + dt.timedelta(days=3 * 365),
                required_documents=[campaigns.RequiredDocument("Certificat Qualiopi")],
                application_fee_cents=30000,
                site_fee_cents=15000,
                reviewer_ids=[platform_admin.user_id] if platform_admin.user_id else [],
            ),
        )


@pytest.fixture
async def applicant(db_session: AsyncSession, platform_admin: Actor) -> Actor:
    """The admin of a new organisation that asked for accreditation (pending)."""
    organisation = await access_requests.request_access(
        db_session,
        Actor(ip_address="192.0.2.10"),
        access_requests.AccessRequest(
            organisation_name="Formations du Rhône",
            siren=NEW_SIREN,
            admin_full_name="Inès Morel",
            admin_email="ines.morel@formations-rhone.fr",
        ),
        base_url="http://test",
    )
    # As if she had followed the invitation link.
    user = User(email="ines.morel@formations-rhone.fr", full_name="Inès Morel")
    db_session.add(user)
    await db_session.flush()
    async with cross_tenant_reads(db_session, "tests"):
        db_session.add(
            Membership(organisation_id=organisation.id, user_id=user.id, roles=["org_admin"])
        )
        await db_session.flush()
    actor = Actor(
        label="Inès Morel <ines.morel@formations-rhone.fr>",
        user_id=user.id,
        email=user.email,
        organisation_id=organisation.id,
        organisation_active=False,
        organisation_pending=True,
        roles=frozenset({"org_admin"}),
    )
    with acting_as(actor):
        await refresh_tenant(db_session)
    return actor


@pytest.fixture
def store(settings: Settings, tmp_path: object) -> DocumentStore:
    return DocumentStore(LocalFileStore(settings.data_dir / "documents-tests" / uuid.uuid4().hex))


@contextlib.asynccontextmanager
async def as_actor(session: AsyncSession, actor: Actor) -> AsyncIterator[Actor]:
    """Act as ``actor`` in the test's one transaction (each request has its own in the app)."""
    with acting_as(actor):
        await refresh_tenant(session)
        yield actor
    await refresh_tenant(session)


async def organisation_of(session: AsyncSession, actor: Actor) -> Organisation:
    organisation = await session.get(Organisation, actor.organisation_id)
    assert organisation is not None
    return organisation
