"""Dossiers with a known history, written directly (the statistics read what happened).

Every timestamp is at noon UTC of the day given, so durations are whole days. The
opening years used here (2012, 2013) are far from today: the national figures of a
period then see only the dossiers a test wrote, whatever else the session database holds.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import Civility, EducationLevel, RegistrationStatus
from clea_platform.certificates.models import Certificate
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.service import get_version, sync_bundled_referentiels
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import add_organisation, random_siret, unique

S = DossierStatus


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@dataclass
class Person:
    """Who the candidate is (what the breakdowns count)."""

    civility: Civility = Civility.MADAME
    birth_date: dt.date = dt.date(1985, 6, 1)
    status: RegistrationStatus = RegistrationStatus.JOBSEEKER
    education: EducationLevel = EducationLevel.CAP_BEP
    sector: str | None = None


@dataclass
class History:
    """A dossier: opened on ``opened``, then each (day, from, to) move of its timeline."""

    opened: dt.date
    moves: Sequence[tuple[dt.date, DossierStatus, DossierStatus]] = ()
    certificate_on: dt.date | None = None
    person: Person = field(default_factory=Person)
    code: str = "CLEA"
    prescriber: PrescriberType = PrescriberType.FRANCE_TRAVAIL
    financing: Financing = Financing.CPF


async def add_site(
    session: AsyncSession, organisation: Organisation, *, region: str, departement: str
) -> Site:
    assert organisation.siren is not None
    site = Site(
        organisation_id=organisation.id,
        siret=random_siret(organisation.siren),
        name=f"Site de {region}",
        address_line="1 rue de la République",
        postal_code=f"{departement:0<5}"[:5],
        city="Ville",
        departement=departement,
        region=region,
    )
    async with cross_tenant_reads(session, "tests:seeding"):
        session.add(site)
        await session.flush()
    return site


async def new_organisation(
    session: AsyncSession, *, region: str = "Île-de-France", departement: str = "75"
) -> tuple[Organisation, Site]:
    organisation = await add_organisation(session, unique("Organisme statistiques"))
    return organisation, await add_site(
        session, organisation, region=region, departement=departement
    )


async def add_dossiers(
    session: AsyncSession,
    registry: CertificationRegistry,
    site: Site,
    histories: Sequence[History],
) -> list[uuid.UUID]:
    """Candidates, dossiers, their timelines and certificates (flushed, not committed)."""
    await sync_bundled_referentiels(session, registry)
    ids: list[uuid.UUID] = []
    async with cross_tenant_reads(session, "tests:seeding"):
        for history in histories:
            person = history.person
            candidate = Candidate(
                organisation_id=site.organisation_id,
                civility=person.civility,
                birth_name=unique("Nom"),
                first_names="Camille",
                birth_date=person.birth_date,
                birth_country="France",
                birth_city="Lyon",
                status_at_registration=person.status,
                education_level=person.education,
                professional_sector=person.sector,
            )
            session.add(candidate)
            await session.flush()
            version = await get_version(session, history.code)
            last = history.moves[-1][2] if history.moves else S.OPENED
            dossier = Dossier(
                organisation_id=site.organisation_id,
                candidate_id=candidate.id,
                site_id=site.id,
                certification_code=history.code,
                referentiel_version_id=version.id,
                prescriber_type=history.prescriber,
                financing=history.financing,
                consent_at=noon(history.opened),
                status=last,
                created_at=noon(history.opened),
            )
            session.add(dossier)
            await session.flush()
            events = [(history.opened, None, S.OPENED), *history.moves]
            session.add_all(
                DossierEvent(
                    organisation_id=site.organisation_id,
                    dossier_id=dossier.id,
                    occurred_at=noon(day),
                    actor_label="tests",
                    kind="status" if before is not None else "opened",
                    from_status=before,
                    to_status=after,
                )
                for day, before, after in events
            )
            if history.certificate_on is not None:
                session.add(
                    Certificate(
                        organisation_id=site.organisation_id,
                        dossier_id=dossier.id,
                        candidate_id=candidate.id,
                        certification_code=history.code,
                        year=history.certificate_on.year,
                        # Unique per certification and year across tests of that year.
                        sequence=secrets.randbelow(10**9),
                        number=unique("STAT"),
                        verification_code=unique("V")[:10],
                        holder_name="Camille",
                        certification_title="CléA",
                        referentiel_version_id=version.id,
                        referentiel_version_label="tests",
                        decided_on=history.certificate_on,
                        jury_session_label="Jury",
                        organisation_name="Organisme",
                        issued_at=noon(history.certificate_on),
                        token="t",
                        kid="k",
                    )
                )
            await session.flush()
            ids.append(dossier.id)
    return ids
