"""A factory of organisations, sites and people for the domain tests of tenants, identity, audit.

Everything is written in the test's rolled-back session with random, valid identifiers, so
the tests share the session database with every other suite. Writes go through an
explicit cross-tenant scope (set-up, not the behaviour under test); reads under test are
done as the actor, with :meth:`Factory.acting`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import Membership, User
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, OrganisationKind, OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.isolation.helpers import random_siren, random_siret, unique


@dataclass
class Factory:
    session: AsyncSession

    async def organisation(
        self,
        name: str | None = None,
        *,
        status: OrganisationStatus = OrganisationStatus.ACTIVE,
        kind: OrganisationKind = OrganisationKind.EVALUATOR,
    ) -> Organisation:
        async with cross_tenant_reads(self.session, "tests:factory"):
            organisation = Organisation(
                slug=unique("fabrique"),
                name=name or unique("Organisme"),
                kind=kind,
                status=status,
                siren=random_siren(),
                legal_form="Association",
            )
            self.session.add(organisation)
            await self.session.flush()
        return organisation

    async def site(self, organisation: Organisation, name: str | None = None) -> Site:
        assert organisation.siren is not None
        async with cross_tenant_reads(self.session, "tests:factory"):
            site = Site(
                organisation_id=organisation.id,
                siret=random_siret(organisation.siren),
                name=name or unique("Site"),
                address_line="1 rue de la Fabrique",
                postal_code="59000",
                city="Lille",
                departement="59",
                region="Hauts-de-France",
            )
            self.session.add(site)
            await self.session.flush()
        return site

    async def person(
        self,
        *,
        memberships: Iterable[tuple[Organisation, Iterable[str]]] = (),
        platform_roles: Iterable[str] = (),
        full_name: str = "Personne Fabriquée",
        password_hash: str | None = None,
    ) -> User:
        async with cross_tenant_reads(self.session, "tests:factory"):
            user = User(
                email=f"{unique('personne')}@fabrique.example",
                full_name=full_name,
                password_hash=password_hash,
                platform_roles=list(platform_roles),
            )
            self.session.add(user)
            await self.session.flush()
            for organisation, roles in memberships:
                self.session.add(
                    Membership(organisation_id=organisation.id, user_id=user.id, roles=list(roles))
                )
            await self.session.flush()
        return user

    def actor(self, user: User, organisation: Organisation | None = None, *roles: str) -> Actor:
        """``user`` acting for ``organisation`` with ``roles`` (platform roles from the account)."""
        return Actor(
            label=f"{user.full_name} <{user.email}>",
            user_id=user.id,
            email=user.email,
            platform_roles=frozenset(user.platform_roles),
            organisation_id=organisation.id if organisation else None,
            roles=frozenset(roles),
        )

    @contextlib.asynccontextmanager
    async def acting(self, actor: Actor) -> AsyncIterator[Actor]:
        """Run the block as ``actor``, on the session's transaction too (RLS on PostgreSQL)."""
        with acting_as(actor):
            await refresh_tenant(self.session)
            yield actor
        await refresh_tenant(self.session)


def other_id() -> uuid.UUID:
    """An identifier nothing in the database has."""
    return uuid.uuid4()


@pytest.fixture
def factory(db_session: AsyncSession) -> Factory:
    """A :class:`Factory` writing in the test's rolled-back session."""
    return Factory(db_session)
