"""Organisations, candidates and their pathway written directly, and the candidate's mail.

The pathway's own rules are tested in their contexts; here the rows only need to be what
those contexts write: a dossier with a closed évaluation préalable, its sittings, a partial
attestation and, when certified, a certificate.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select, update

from clea_platform.candidates import persons
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import Civility, EducationLevel, RegistrationStatus
from clea_platform.certificates.models import Certificate
from clea_platform.db.base import utcnow
from clea_platform.documents.models import PartialAttestation
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import (
    Evaluation,
    EvaluationKind,
    EvaluationSession,
    EvaluationStatus,
)
from clea_platform.identity.passwords import hash_password
from clea_platform.mail.models import OutboxEmail
from clea_platform.referentiels.service import get_version, items_of_versions
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.isolation.helpers import (
    PASSWORD,
    add_organisation,
    add_person,
    logged_in_client,
    post,
    random_siret,
    unique,
)

_PASSWORD_HASH: list[str] = []

SIGN_IN = """
mutation ($token: String!) { signInCandidate(input: {token: $token}) {
  ok errors { code field message } } }
"""
REQUEST_LINK = """
mutation ($email: String!) { requestCandidateSignInLink(input: {email: $email}) {
  sent errors { code message } } }
"""
INVITE = """
mutation ($id: ID!) { inviteCandidateToSpace(input: {candidateId: $id}) {
  status { email invitedAt activatedAt } errors { code field message } } }
"""
STATUS = """
query ($id: ID!) { candidateSpaceStatus(candidateId: $id) { __typename
  ... on CandidateSpaceStatus { email invitedAt activatedAt } ... on NotFound { message } } }
"""
SPACE = """
query { candidateSpace { firstName dossiers {
  id organisationName certificationTitle status stepTitle stepNow stepNext adviserName
  siteName siteAddress sitePhone consentAt windowEndsOn daysLeft
  sittings { kindLabel day startsAt endsAt place }
  acquiredDomains
  training { organisationName startsOn endsOn daysDone }
  attestations { id reference downloadUrl }
  certificate { id number downloadUrl verifyPath paperRequestedAt paperSentAt paperAddress
    revoked }
} } }
"""


@dataclass
class Organisation:
    id: uuid.UUID
    name: str
    site_id: uuid.UUID
    adviser_id: uuid.UUID
    adviser: httpx.AsyncClient


@dataclass
class Seeded:
    organisation: Organisation
    candidate_id: uuid.UUID
    dossier_id: uuid.UUID
    attestation_id: uuid.UUID
    certificate_id: uuid.UUID | None
    verification_code: str
    email: str


async def seed_organisation(app: Any, label: str) -> Organisation:
    """An organisation, its site (with a phone) and an adviser logged in through the API."""
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(hash_password(PASSWORD))
    name = f"Organisme {label} {unique('espace')}"
    async with app.state.sessions.begin() as session:
        organisation = await add_organisation(session, name)
        email = f"{unique('conseil')}@{organisation.slug}.example"
        adviser, _ = await add_person(
            session,
            email,
            f"Sophie Conseil {label}",
            _PASSWORD_HASH[0],
            memberships=[(organisation.id, ["adviser"])],
        )
        assert organisation.siren is not None
        async with cross_tenant_reads(session, "tests:candidate_space"):
            site = Site(
                organisation_id=organisation.id,
                siret=random_siret(organisation.siren),
                name=f"Site {label}",
                address_line="3 place de la Mairie",
                postal_code="69002",
                city="Lyon",
                departement="69",
                region="Auvergne-Rhône-Alpes",
                contact_phone="04 72 00 00 00",
            )
            session.add(site)
            await session.flush()
    return Organisation(
        organisation.id, name, site.id, adviser.id, await logged_in_client(app, email)
    )


async def seed_candidate(
    app: Any,
    organisation: Organisation,
    *,
    first_names: str = "Léa",
    birth_name: str | None = None,
    birth_date: dt.date = dt.date(1990, 4, 2),
    email: str | None = None,
    certified: bool = False,
    address: str = "",
    phone: str = "",
) -> Seeded:
    """A candidate with a dossier after an évaluation préalable that left gaps (domain 1
    acquired), a sitting, a partial attestation and, when ``certified``, a certificate."""
    birth_name = birth_name or unique("Durand")
    email = email if email is not None else f"{unique('lea')}@candidats.example"
    now = utcnow()
    async with app.state.sessions.begin() as session:
        async with cross_tenant_reads(session, "tests:candidate_space"):
            version = await get_version(session, "CLEA")
            items = (await items_of_versions(session, [version.id]))[version.id]
            domains = [item for item in items if item.depth == 1]
            candidate = Candidate(
                organisation_id=organisation.id,
                civility=Civility.MADAME,
                birth_name=birth_name,
                first_names=first_names,
                birth_date=birth_date,
                birth_country="France",
                birth_city="Lyon",
                email=email,
                phone=phone,
                address_line=address,
                postal_code="69002" if address else "",
                city="Lyon" if address else "",
                status_at_registration=RegistrationStatus.JOBSEEKER,
                education_level=EducationLevel.CAP_BEP,
            )
            session.add(candidate)
            await session.flush()
        # Linked as the organisation links it: its own candidates only decide homonyms.
        with acting_as(Actor(organisation_id=organisation.id)):
            person = await persons.ensure_person(session, candidate)
        async with cross_tenant_reads(session, "tests:candidate_space"):
            dossier = Dossier(
                organisation_id=organisation.id,
                candidate_id=candidate.id,
                person_id=person.id,
                site_id=organisation.site_id,
                certification_code="CLEA",
                referentiel_version_id=version.id,
                adviser_id=organisation.adviser_id,
                prescriber_type=PrescriberType.FRANCE_TRAVAIL,
                financing=Financing.CPF,
                consent_at=now - dt.timedelta(days=30),
                status=DossierStatus.CERTIFIED if certified else DossierStatus.TRAINING,
                window_ends_on=(now + dt.timedelta(days=365 * 5 - 20)).date(),
            )
            session.add(dossier)
            await session.flush()
            evaluation = Evaluation(
                organisation_id=organisation.id,
                dossier_id=dossier.id,
                kind=EvaluationKind.INITIAL,
                status=EvaluationStatus.CLOSED,
                target_items=[],
                closed_at=now - dt.timedelta(days=20),
                outcome={
                    "eligible": False,
                    "gaps": [],
                    "mastery": {
                        domain.code: {"acquired": index == 0, "score": 1.0 if index == 0 else 0}
                        for index, domain in enumerate(domains)
                    },
                },
            )
            session.add(evaluation)
            await session.flush()
            session.add(
                EvaluationSession(
                    organisation_id=organisation.id,
                    evaluation_id=evaluation.id,
                    site_id=organisation.site_id,
                    evaluator_id=organisation.adviser_id,
                    day=(now - dt.timedelta(days=21)).date(),
                    starts_at=dt.time(9, 0),
                    ends_at=dt.time(12, 0),
                )
            )
            attestation = PartialAttestation(
                organisation_id=organisation.id,
                evaluation_id=evaluation.id,
                reference=f"AP-{secrets.token_hex(5).upper()}",
                snapshot={
                    "certification_code": "CLEA",
                    "certification_title": "CléA",
                    "referentiel_version": version.label,
                    "provisional": version.provisional,
                    "scoring": version.scoring,
                    "item_level": version.levels[-1],
                    "training_window": 5,
                    "organisation_name": organisation.name,
                    "candidate_name": f"{first_names} {birth_name}",
                    "birth_date": birth_date.isoformat(),
                    "evaluated_on": (now - dt.timedelta(days=20)).date().isoformat(),
                    "issued_on": now.date().isoformat(),
                    "acquired_domains": [{"code": domains[0].code, "title": domains[0].title}],
                    "acquired_items": [],
                },
            )
            session.add(attestation)
            certificate_id = None
            code = ""
            if certified:
                code = "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(10))
                certificate = Certificate(
                    organisation_id=organisation.id,
                    dossier_id=dossier.id,
                    candidate_id=candidate.id,
                    certification_code="CLEA",
                    year=now.year,
                    sequence=secrets.randbelow(10**6),
                    number=f"CLEA-{now.year}-{secrets.token_hex(4)}",
                    verification_code=code,
                    holder_name=f"{first_names} {birth_name}",
                    certification_title="CléA",
                    referentiel_version_id=version.id,
                    referentiel_version_label=version.label,
                    decided_on=now.date(),
                    jury_session_label="Jury de test",
                    organisation_name=organisation.name,
                    token="eyJhbGciOiJFZDI1NTE5In0.e30.c2lnbmF0dXJl",
                    kid="clea-tests",
                )
                session.add(certificate)
                await session.flush()
                certificate_id = certificate.id
            await session.flush()
    return Seeded(
        organisation, candidate.id, dossier.id, attestation.id, certificate_id, code, email
    )


async def mails_to(app: Any, email: str) -> list[OutboxEmail]:
    async with app.state.sessions() as session:
        return list(
            await session.scalars(
                select(OutboxEmail)
                .where(OutboxEmail.recipient == email)
                .order_by(OutboxEmail.created_at)
            )
        )


def link_token(mail: OutboxEmail) -> str:
    found = re.search(r"/espace-candidat/connexion\?jeton=(\S+)", mail.body)
    assert found, mail.body
    return found.group(1)


async def invited_candidate(app: Any, seeded: Seeded) -> httpx.AsyncClient:
    """The adviser invites the candidate, who signs in with the e-mailed link."""
    body = await post(seeded.organisation.adviser, INVITE, id=str(seeded.candidate_id))
    assert body["data"]["inviteCandidateToSpace"]["errors"] == [], body
    # The invitation wakes the outbox: let it deliver before the candidate's requests
    # (on SQLite a read-only request's audit commit loses to a concurrent writer).
    await app.state.mailer.drain()
    token = link_token((await mails_to(app, seeded.email))[-1])
    browser = new_client(app)
    body = await post(browser, SIGN_IN, token=token)
    assert body["data"]["signInCandidate"] == {"ok": True, "errors": []}, body
    return browser


async def revoke_certificate(app: Any, certificate_id: uuid.UUID) -> None:
    """Certif'Pro withdraws the certificate (for fraud), as the tests need it done."""
    async with (
        app.state.sessions.begin() as session,
        cross_tenant_reads(session, "tests:candidate_space"),
    ):
        await session.execute(
            update(Certificate)
            .where(Certificate.id == certificate_id)
            .values(revoked_at=dt.datetime.now(dt.UTC), revocation_reason="Fraude")
        )
