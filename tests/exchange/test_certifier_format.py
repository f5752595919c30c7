"""The certifier's exchange format (issue #17): Certif'Pro exports certified candidates in
the national platform's column layout, and the same file imports elsewhere as dossiers
« prêt pour le jury » (the Pix route for CléA numérique)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import Accreditation
from clea_platform.candidates.models import Candidate
from clea_platform.certificates.models import Certificate
from clea_platform.core.errors import AccessDeniedError
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.exchange import certifier, service
from clea_platform.exchange.models import ImportKind, ImportStatus
from clea_platform.identity.passwords import hash_password
from clea_platform.juries import issuance as jury_issuance
from clea_platform.juries.models import JuryMember
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import as_actor
from tests.certificates.conftest import issued_certificate
from tests.isolation.helpers import add_organisation, add_person, random_siret, unique
from tests.juries.conftest import dossier_status
from tests.juries.helpers import close, open_session, secretary_decides

#: The columns of the national platform's file, in order (issue #17).
NATIONAL_COLUMNS = [
    "SIREN de l'organisme", "Siret de l'établissement", "Statut à l'inscription",
    "Niveau d'instruction", "Origine de la démarche", "Financeur", "Civilité",
    "Nom de naissance", "Nom d'usage", "Prénom", "Email", "Téléphone", "Adresse",
    "Complément d'adresse", "Ville", "Code postal", "Date de naissance",
    "Né à l'étranger", "Zone géographique de naissance", "Né en collectivité d'outre-mer",
    "Ville de naissance", "Code postal de naissance", "Date de passage", "CCPI", "Statut",
    "Obtention après la première évaluation ?",
]  # fmt: skip

#: What the file says of a person, and the candidate must carry after a round trip.
PERSON_FIELDS = (
    "civility", "birth_name", "usage_name", "first_names", "birth_date", "birth_country",
    "birth_city", "birth_postal_code", "born_abroad", "email", "phone", "address_line",
    "postal_code", "city", "status_at_registration", "education_level",
)  # fmt: skip


async def export(session: AsyncSession, admin: Actor, registry: CertificationRegistry) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    async with as_actor(session, admin):
        async for row in certifier.export_rows(session, admin, registry):
            writer.writerow(row)
    return out.getvalue()


async def fresh_organisation(session: AsyncSession, code: str = "CLEA") -> Actor:
    """A new evaluator organisation, one site accredited for ``code``, and its adviser."""
    organisation = await add_organisation(session, "Centre Pix de Lille")
    assert organisation.siren is not None
    async with cross_tenant_reads(session, "tests"):
        site = Site(
            organisation_id=organisation.id,
            siret=random_siret(organisation.siren),
            name="Centre de Lille",
            address_line="1 place du Théâtre",
            postal_code="59000",
            city="Lille",
            departement="59",
            region="Hauts-de-France",
        )
        session.add(site)
        await session.flush()
        session.add(
            Accreditation(
                organisation_id=organisation.id,
                certification_code=code,
                site_id=site.id,
                valid_from=dt.date(2024, 1, 1),
                valid_until=dt.date(2030, 12, 31),
            )
        )
        user, _ = await add_person(
            session,
            f"{unique('conseil')}@pix-lille.fr",
            "Paul Conseil",
            hash_password("un mot de passe assez long"),
            memberships=[(organisation.id, ["adviser"])],
        )
        await session.flush()
    return Actor(
        label="Paul Conseil",
        user_id=user.id,
        organisation_id=organisation.id,
        roles=frozenset({"adviser"}),
    )


async def test_the_export_has_the_national_columns_in_order_and_the_certified_candidate(
    db_session: AsyncSession,
    greta: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
    greta_site: Site,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)

    lines = list(
        csv.reader(io.StringIO(await export(db_session, platform_admin, registry)), delimiter=";")
    )

    assert lines[0] == NATIONAL_COLUMNS
    mine = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    row = next(
        r
        for r in mine
        # The shared database may hold other certificates: ours is at our site.
        if r["Date de passage"] == "12/03/2026"
        and r["Nom de naissance"] == "Durand"
        and r["Siret de l'établissement"] == greta_site.siret
    )
    assert row["Siret de l'établissement"] == greta_site.siret
    assert row["Civilité"] == "Madame"
    assert row["Date de naissance"] == "12/04/1990"
    assert row["Né à l'étranger"] == "NON"
    assert row["Statut à l'inscription"] == "Demandeur d'emploi"
    assert row["CCPI"] == "CléA"
    assert row["Statut"] == "Certifié"
    assert certificate.decided_on == dt.date(2026, 3, 12)


async def test_only_certif_pro_exports(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    with pytest.raises(AccessDeniedError):
        await export(db_session, greta, registry)


async def test_the_exported_file_reimports_into_a_fresh_organisation_as_dossiers_ready_for_jury(
    db_session: AsyncSession,
    greta: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
    greta_site: Site,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    async with cross_tenant_reads(db_session, "tests"):
        original = await db_session.scalar(
            select(Candidate).where(Candidate.id == certificate.candidate_id)
        )
    assert original is not None
    lines = (await export(db_session, platform_admin, registry)).splitlines()
    ours = [
        line
        for line in lines[1:]
        if greta_site.siret in line and "12/03/2026" in line and original.birth_name in line
    ]
    exported = "\n".join([lines[0], ours[0]]) + "\n"
    pix = await fresh_organisation(db_session)

    async with as_actor(db_session, pix):
        batch = await service.upload(
            db_session,
            pix,
            registry,
            kind=ImportKind.CERTIFIER,
            filename="export-certifpro.csv",
            content=exported.encode(),
        )
        assert (batch.status, batch.problem_count) == (ImportStatus.VALIDATED, 0)
        await service.confirm(db_session, pix, registry, batch.id)
        imported = await db_session.scalar(select(Candidate))
        assert imported is not None
        dossier = await db_session.scalar(
            select(Dossier).where(Dossier.candidate_id == imported.id)
        )

    assert dossier is not None
    assert dossier.organisation_id == pix.organisation_id
    assert dossier.status == DossierStatus.READY_FOR_JURY
    assert dossier.certification_code == "CLEA"
    assert {f: getattr(imported, f) for f in PERSON_FIELDS} == {
        f: getattr(original, f) for f in PERSON_FIELDS
    }


async def test_a_result_that_is_not_a_success_is_reported(
    db_session: AsyncSession, registry: CertificationRegistry
) -> None:
    pix = await fresh_organisation(db_session, code="CLEA_NUMERIQUE")
    row = dict(certifier.EXAMPLE)
    row["Statut"] = "Non acquis"
    row["Nom de naissance"] = unique("Echec")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(certifier.CERTIFIER_HEADERS)
    writer.writerow([row.get(header, "") for header in certifier.CERTIFIER_HEADERS])

    async with as_actor(db_session, pix):
        batch = await service.upload(
            db_session, pix, registry, kind=ImportKind.CERTIFIER, filename="pix.csv",
            content=out.getvalue().encode(),
        )  # fmt: skip
        problems = await service.problems_of(db_session, pix, batch.id, limit=10)

    assert batch.status == ImportStatus.REJECTED
    assert [(p.row_number, p.column) for p in problems] == [(2, "Statut")]
    assert "Non acquis" in problems[0].reason


async def test_a_pix_results_file_becomes_certificates_after_a_jury_session(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    # A centre accredited for CléA (the demo jury roster sits for CléA) exports its results.
    pix = await fresh_organisation(db_session, code="CLEA")
    row = dict(certifier.EXAMPLE, **{"CCPI": "CléA", "Nom de naissance": unique("Pix")})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(certifier.CERTIFIER_HEADERS)
    writer.writerow([row.get(header, "") for header in certifier.CERTIFIER_HEADERS])
    async with as_actor(db_session, pix):
        batch = await service.upload(
            db_session, pix, registry, kind=ImportKind.CERTIFIER, filename="pix-lille.csv",
            content=out.getvalue().encode(),
        )  # fmt: skip
        await service.confirm(db_session, pix, registry, batch.id)
        dossier = await db_session.scalar(select(Dossier))
    assert dossier is not None
    assert dossier.status == DossierStatus.READY_FOR_JURY

    # Certif'Pro's paritaire jury decides it, closes the session, and the issuance runs.
    jury = await open_session(
        db_session, platform_admin, registry, list(members.values()), list(members.values()),
        [dossier],
    )  # fmt: skip
    await secretary_decides(db_session, platform_admin, jury, dossier, members["employeur1"])
    await close(db_session, platform_admin, registry, jury)
    async with as_actor(db_session, platform_admin):
        await jury_issuance.begin_issuance(db_session, platform_admin, jury.id)
        failures = await jury_issuance.issue_batch(
            db_session, platform_admin, registry, jury.id, [dossier.id]
        )
        async with cross_tenant_reads(db_session, "tests"):
            certificate = await db_session.scalar(
                select(Certificate).where(Certificate.dossier_id == dossier.id)
            )

    assert failures == []
    assert await dossier_status(db_session, dossier.id) == DossierStatus.CERTIFIED
    assert certificate is not None
    assert certificate.organisation_id == pix.organisation_id
    assert row["Nom de naissance"].upper() in certificate.holder_name.upper()
