"""Certificates issued in the session database (committed), for the API and route tests."""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from clea_platform.certificates import service
from clea_platform.certificates.models import Certificate
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL, certified_dossier
from tests.schema.identity.conftest import demo, logged_in  # noqa: F401
from tests.schema.pathway.operations import ACCREDITED_DEMO_SITES

Issue = Callable[..., Awaitable[Certificate]]


@pytest.fixture
def issue(app: Any, demo: None, registry: CertificationRegistry) -> Issue:  # noqa: F811
    """``await issue(slug="greta-demo-paris")`` → a committed certificate of a new candidate."""

    async def make(
        slug: str = "greta-demo-paris", *, address: bool = True, first_names: str = "Léa"
    ) -> Certificate:
        async with app.state.sessions() as session:
            async with cross_tenant_reads(session, "tests"):
                organisation = await session.scalar(
                    select(Organisation).where(Organisation.slug == slug)
                )
                admin = await session.scalar(
                    select(User).where(User.email == "admin@certifpro.demo")
                )
            assert organisation is not None
            assert admin is not None
            adviser = Actor(
                label="tests", organisation_id=organisation.id, roles=frozenset({"adviser"})
            )
            with acting_as(adviser):
                await refresh_tenant(session)
                site = await session.scalar(
                    select(Site).where(Site.siret.in_(ACCREDITED_DEMO_SITES))
                )
                assert site is not None
                dossier = await certified_dossier(
                    session,
                    adviser,
                    registry,
                    site,
                    first_names=first_names,
                    birth_name="Martin-"
                    + "".join(secrets.choice(string.ascii_lowercase) for _ in range(8)),
                    address=address,
                )
            certifpro = Actor(
                label="Certif'Pro", user_id=admin.id, platform_roles=frozenset({"certifpro_admin"})
            )
            with acting_as(certifpro):
                async with cross_tenant_reads(session, "tests"):
                    certificate = await service.issue_certificate(
                        session,
                        certifpro,
                        registry,
                        dossier=dossier,
                        decided_on=DECIDED_ON,
                        jury_session_id=None,
                        jury_session_label=SESSION_LABEL,
                    )
                await session.commit()
            return certificate

    return make
