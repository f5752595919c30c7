"""Demonstration data: Certif'Pro, two evaluator organisations with sites and people,
and the published référentiels.

Idempotent: loading twice changes nothing the second time. Every demo account uses
the password :data:`DEMO_PASSWORD` (documented in the README; demo data only).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import Membership, User
from clea_platform.identity.passwords import hash_password
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.service import sync_bundled_referentiels
from clea_platform.tenants.geography import departement_of
from clea_platform.tenants.models import (
    NationalNetwork,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Site,
)
from clea_platform.tenants.scoping import cross_tenant_reads

DEMO_PASSWORD = "Plateforme-CleA-demo"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: OrganisationKind
    siren: str | None = None
    network: NationalNetwork | None = None
    legal_form: str = ""


@dataclass(frozen=True)
class DemoSite:
    organisation: str
    siret: str
    name: str
    address_line: str
    postal_code: str
    city: str
    region: str


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    platform_roles: tuple[str, ...] = ()
    memberships: tuple[tuple[str, tuple[str, ...]], ...] = ()


ORGANISATIONS = (
    DemoOrganisation("certif-pro", "Certif'Pro", OrganisationKind.OPERATOR),
    DemoOrganisation(
        "greta-demo-paris",
        "Greta démo Paris Centre",
        OrganisationKind.EVALUATOR,
        siren="130025265",
        network=NationalNetwork.GRETA,
        legal_form="Groupement d'établissements publics",
    ),
    DemoOrganisation(
        "afpa-demo-lille",
        "Afpa démo Lille",
        OrganisationKind.EVALUATOR,
        siren="824049266",
        network=NationalNetwork.AFPA,
        legal_form="EPIC",
    ),
)

SITES = (
    DemoSite(
        "greta-demo-paris",
        "13002526500013",
        "Greta démo — site République",
        "12 rue du Temple",
        "75003",
        "Paris",
        "Île-de-France",
    ),
    DemoSite(
        "afpa-demo-lille",
        "82404926600014",
        "Afpa démo — Lille Hellemmes",
        "4 rue Jean Jaurès",
        "59260",
        "Lille",
        "Hauts-de-France",
    ),
)

PEOPLE = (
    DemoPerson("admin@certifpro.demo", "Camille Certif", platform_roles=("certifpro_admin",)),
    DemoPerson(
        "admin@greta-demo.fr", "Alice Martin", memberships=(("greta-demo-paris", ("org_admin",)),)
    ),
    DemoPerson(
        "conseiller@greta-demo.fr",
        "Karim Benali",
        memberships=(("greta-demo-paris", ("adviser",)),),
    ),
    DemoPerson(
        "evaluatrice@greta-demo.fr",
        "Sophie Leroy",
        memberships=(("greta-demo-paris", ("evaluator",)), ("afpa-demo-lille", ("evaluator",))),
    ),
    DemoPerson(
        "admin@afpa-demo.fr", "Bruno Petit", memberships=(("afpa-demo-lille", ("org_admin",)),)
    ),
)


async def load_demo(session: AsyncSession, registry: CertificationRegistry) -> str:
    """Load the demo data; returns a French one-line report."""
    created = 0
    async with cross_tenant_reads(session, "demo:load"):
        organisations = {o.slug: o for o in await session.scalars(select(Organisation))}
        for demo in ORGANISATIONS:
            if demo.slug not in organisations:
                organisation = Organisation(
                    slug=demo.slug,
                    name=demo.name,
                    kind=demo.kind,
                    status=OrganisationStatus.ACTIVE,
                    siren=demo.siren,
                    network=demo.network,
                    legal_form=demo.legal_form,
                )
                session.add(organisation)
                organisations[demo.slug] = organisation
                created += 1
        await session.flush()
        sirets = set(await session.scalars(select(Site.siret)))
        for site in SITES:
            if site.siret not in sirets:
                session.add(
                    Site(
                        organisation_id=organisations[site.organisation].id,
                        siret=site.siret,
                        name=site.name,
                        address_line=site.address_line,
                        postal_code=site.postal_code,
                        city=site.city,
                        departement=departement_of(site.postal_code),
                        region=site.region,
                    )
                )
        users = {u.email: u for u in await session.scalars(select(User))}
        password_hash = hash_password(DEMO_PASSWORD)
        for person in PEOPLE:
            user = users.get(person.email)
            if user is None:
                user = User(
                    email=person.email,
                    full_name=person.full_name,
                    password_hash=password_hash,
                    platform_roles=list(person.platform_roles),
                )
                session.add(user)
                await session.flush()
            for slug, roles in person.memberships:
                organisation_id = organisations[slug].id
                exists = await session.scalar(
                    select(Membership.id).where(
                        Membership.user_id == user.id, Membership.organisation_id == organisation_id
                    )
                )
                if exists is None:
                    session.add(
                        Membership(
                            organisation_id=organisation_id, user_id=user.id, roles=list(roles)
                        )
                    )
        sync = await sync_bundled_referentiels(session, registry)
        await session.flush()
    return (
        f"Démo chargée : {created} organisation(s) créée(s), "
        f"{len(sync.added)} référentiel(s) publié(s), "
        f"{len(registry)} certification(s) disponibles. "
        f"Comptes de démonstration : admin@certifpro.demo, admin@greta-demo.fr, "
        f"conseiller@greta-demo.fr… (mot de passe « {DEMO_PASSWORD} »)."
    )
