"""Actors of the statistics tests: an organisation's administrator, Certif'Pro's."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.tenants.context import Actor
from tests.isolation.helpers import add_person, unique


@pytest.fixture
async def certifpro_admin(db_session: AsyncSession) -> Actor:
    user, _ = await add_person(
        db_session, f"{unique('stats')}@certifpro.test", "Camille Certif", "x",
        platform_roles=["certifpro_admin"],
    )  # fmt: skip
    return Actor(
        label="Camille Certif",
        user_id=user.id,
        email=user.email,
        platform_roles=frozenset({"certifpro_admin"}),
    )


async def org_admin_of(session: AsyncSession, organisation_id: uuid.UUID) -> Actor:
    user, _ = await add_person(
        session,
        f"{unique('admin')}@organisme.test",
        "Alex Admin",
        "x",
        memberships=[(organisation_id, ["org_admin"])],
    )
    return Actor(
        label="Alex Admin",
        user_id=user.id,
        email=user.email,
        organisation_id=organisation_id,
        roles=frozenset({"org_admin"}),
    )
