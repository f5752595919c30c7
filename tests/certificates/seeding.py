"""Many certified dossiers, written directly (for concurrency tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import Civility, EducationLevel, RegistrationStatus
from clea_platform.certificates.models import Certificate
from clea_platform.db.base import utcnow
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.service import get_version, sync_bundled_referentiels
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import add_organisation, random_siret

FIRST_NAMES = ("Léa", "Hugo", "Inès", "Nathan", "Chloé", "Yanis", "Manon", "Karim")
LAST_NAMES = ("Durand", "Martin", "Bernard", "Petit", "Robert", "Richard", "Moreau", "Diallo")


async def seed_certified_dossiers(
    session: AsyncSession, registry: CertificationRegistry, count: int, *, code: str = "CLEA"
) -> list[Dossier]:
    """A new organisation with ``count`` certified dossiers of ``code`` (flushed, not committed)."""
    await sync_bundled_referentiels(session, registry)
    organisation = await add_organisation(session, "Organisme des certificats")
    async with cross_tenant_reads(session, "tests:seeding"):
        version = await get_version(session, code)
        assert organisation.siren is not None
        site = Site(
            organisation_id=organisation.id,
            siret=random_siret(organisation.siren),
            name="Site principal",
            address_line="1 rue de la Paix",
            postal_code="75002",
            city="Paris",
            departement="75",
            region="Île-de-France",
        )
        session.add(site)
        await session.flush()
        candidates = [
            Candidate(
                organisation_id=organisation.id,
                civility=Civility.MADAME,
                birth_name=LAST_NAMES[k % len(LAST_NAMES)],
                first_names=FIRST_NAMES[k % len(FIRST_NAMES)],
                birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=k),
                birth_country="France",
                birth_city="Lyon",
                status_at_registration=RegistrationStatus.JOBSEEKER,
                education_level=EducationLevel.CAP_BEP,
            )
            for k in range(count)
        ]
        session.add_all(candidates)
        await session.flush()
        dossiers = [
            Dossier(
                organisation_id=organisation.id,
                candidate_id=candidate.id,
                site_id=site.id,
                certification_code=code,
                referentiel_version_id=version.id,
                prescriber_type=PrescriberType.FRANCE_TRAVAIL,
                financing=Financing.CPF,
                consent_at=utcnow(),
                status=DossierStatus.CERTIFIED,
            )
            for candidate in candidates
        ]
        session.add_all(dossiers)
        await session.flush()
    return dossiers


def sample_certificate(registry: CertificationRegistry, code: str = "CLEA", **changes: Any) -> Any:
    """A certificate as issued (not stored: its PDF is rendered from the row alone)."""
    values: dict[str, Any] = {
        "organisation_id": uuid.uuid4(),
        "id": uuid.uuid4(),
        "dossier_id": uuid.uuid4(),
        "candidate_id": uuid.uuid4(),
        "certification_code": code,
        "year": 2026,
        "sequence": 123,
        "number": f"{code.replace('_', '-')}-2026-000123",
        "verification_code": "7K3M9QRTVW",
        "holder_name": "Léa Dupont-Moreau",
        "certification_title": registry.get(code).title,
        "referentiel_version_id": uuid.uuid4(),
        "referentiel_version_label": "2024-provisoire",
        "decided_on": dt.date(2026, 3, 12),
        "jury_session_id": uuid.uuid4(),
        "jury_session_label": "Jury de mars 2026 — Paris",
        "organisation_name": "Greta démo Paris Centre",
        "issued_at": dt.datetime(2026, 3, 13, 9, 30, tzinfo=dt.UTC),
        "token": "eyJhbGciOiJFZDI1NTE5In0.e30.c2lnbmF0dXJl",
        "kid": "clea-20260101-tests",
    }
    values.update(changes)
    return Certificate(**values)
