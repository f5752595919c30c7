"""Certified dossiers of the demo Greta and Certif'Pro's administrator (rolled back)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.service import create_candidate
from clea_platform.certificates import service, signing
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import as_actor, platform_admin  # noqa: F401
from tests.dossiers.conftest import greta, greta_site, interviewed  # noqa: F401
from tests.dossiers.test_dossier_service import LEA, TODAY, opening

DECIDED_ON = dt.date(2026, 3, 12)
SESSION_LABEL = "Jury de mars 2026 — Paris"


@pytest.fixture(autouse=True)
def signing_settings(settings: Settings) -> None:
    """Keys are encrypted with the test settings' secret (as the app does at start-up)."""
    signing.configure(settings)


async def certified_dossier(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    site: Site,
    *,
    first_names: str = "Léa",
    birth_name: str = "Durand",
    certification_code: str = "CLEA",
    address: bool = True,
) -> Dossier:
    """A Greta dossier the jury certified (moved there directly: the jury is not tested here)."""
    data = dataclasses.replace(
        LEA,
        first_names=first_names,
        birth_name=birth_name,
        address_line="12 rue des Lilas" if address else "",
        postal_code="75011" if address else "",
        city="Paris" if address else "",
    )
    candidate = await create_candidate(
        session, actor, data, today=TODAY, confirm_not_duplicate=True
    )
    await interviewed(session, actor, registry, candidate, (certification_code,))
    dossier = await dossiers.open_dossier(
        session, actor, registry, opening(candidate, site, certification_code=certification_code)
    )
    dossier.status = DossierStatus.CERTIFIED
    await session.flush()
    return dossier


async def issued_certificate(
    session: AsyncSession,
    organisation_actor: Actor,
    admin: Actor,
    registry: CertificationRegistry,
    site: Site,
) -> Certificate:
    """A certified dossier of ``organisation_actor``'s organisation and its certificate,
    issued by Certif'Pro's ``admin`` (the jury's part is not tested here)."""
    dossier = await certified_dossier(session, organisation_actor, registry, site)
    async with as_actor(session, admin), cross_tenant_reads(session, "tests"):
        return await service.issue_certificate(
            session,
            admin,
            registry,
            dossier=dossier,
            decided_on=DECIDED_ON,
            jury_session_id=None,
            jury_session_label=SESSION_LABEL,
        )
