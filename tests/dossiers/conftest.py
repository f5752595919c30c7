"""A rolled-back session with the demo data, acting as a Greta adviser."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.demo.data import load_demo
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant


@pytest.fixture
async def greta(db_session: AsyncSession, registry: CertificationRegistry) -> AsyncIterator[Actor]:
    """The Greta's adviser, acting in a session whose work is rolled back afterwards."""
    await load_demo(db_session, registry)
    async with cross_tenant_reads(db_session, "tests"):
        organisation = await db_session.scalar(
            select(Organisation).where(Organisation.slug == "greta-demo-paris")
        )
        user = await db_session.scalar(select(User).where(User.email == "conseiller@greta-demo.fr"))
    assert organisation is not None
    assert user is not None
    actor = Actor(
        label="Karim Benali <conseiller@greta-demo.fr>",
        user_id=user.id,
        organisation_id=organisation.id,
        roles=frozenset({"adviser"}),
    )
    with acting_as(actor):
        await refresh_tenant(db_session)
        yield actor
    await refresh_tenant(db_session)


@pytest.fixture
async def greta_site(db_session: AsyncSession, greta: Actor) -> Site:
    site = await db_session.scalar(select(Site))
    assert site is not None
    return site


@pytest.fixture
async def sophie(db_session: AsyncSession, greta: Actor) -> Actor:
    """The Greta's evaluator, named on its demo accreditations (she records results)."""
    async with cross_tenant_reads(db_session, "tests"):
        user_id = await db_session.scalar(
            select(User.id).where(User.email == "evaluatrice@greta-demo.fr")
        )
    assert user_id is not None
    return Actor(
        label="Sophie Leroy <evaluatrice@greta-demo.fr>",
        user_id=user_id,
        email="evaluatrice@greta-demo.fr",
        organisation_id=greta.organisation_id,
        roles=frozenset({"evaluator"}),
    )
