"""Many certified dossiers, written directly (for concurrency tests and benchmarks)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import Civility, EducationLevel, RegistrationStatus
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
