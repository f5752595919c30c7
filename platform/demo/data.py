"""Demonstration data: Certif'Pro, two evaluator organisations with sites and people,
and the published référentiels.

Idempotent: loading twice changes nothing the second time. Every demo account uses
the password :data:`DEMO_PASSWORD` (documented in the README; demo data only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import (
    Accreditation,
    AccreditedEvaluator,
    Application,
    ApplicationStatus,
    Campaign,
)
from clea_platform.identity.models import Membership, User
from clea_platform.identity.passwords import hash_password
from clea_platform.juries.models import JuryMember, Side
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
    contact_email: str = ""
    contact_phone: str = ""


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
        "accueil@greta-demo.fr",
        "01 44 00 00 00",
    ),
    DemoSite(
        "afpa-demo-lille",
        "82404926600014",
        "Afpa démo — Lille Hellemmes",
        "4 rue Jean Jaurès",
        "59260",
        "Lille",
        "Hauts-de-France",
        "contact@afpa-demo.fr",
        "03 20 00 00 00",
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
    DemoPerson(
        "formateur@greta-demo.fr",
        "Julien Moreau",
        memberships=(("greta-demo-paris", ("trainer",)),),
    ),
)


@dataclass(frozen=True)
class DemoJuryMember:
    email: str
    full_name: str
    side: Side
    body: str
    affiliations: tuple[str, ...] = ()


# Certif'Pro's jury roster in Île-de-France: two of each side, so that a session can be
# paritaire; one employee representative works with the Greta (SIREN 130025265) and is
# recused for its candidates.
JURY_ROSTER = (
    DemoJuryMember("jury.employeur1@certifpro.demo", "Claire Dumont", Side.EMPLOYER, "MEDEF"),
    DemoJuryMember("jury.employeur2@certifpro.demo", "Patrick Lemaire", Side.EMPLOYER, "CPME"),
    DemoJuryMember("jury.salarie1@certifpro.demo", "Nadia Benkacem", Side.EMPLOYEE, "CFDT"),
    DemoJuryMember(
        "jury.salarie2@certifpro.demo",
        "Olivier Roussel",
        Side.EMPLOYEE,
        "CGT",
        affiliations=("130025265",),
    ),
)
JURY_REGION = "Île-de-France"


async def _load_jury_roster(
    session: AsyncSession, registry: CertificationRegistry, password_hash: str
) -> None:
    users = {u.email: u for u in await session.scalars(select(User))}
    on_roster = set(await session.scalars(select(JuryMember.user_id)))
    for demo in JURY_ROSTER:
        user = users.get(demo.email)
        if user is None:
            user = User(email=demo.email, full_name=demo.full_name, password_hash=password_hash)
            session.add(user)
            await session.flush()
        if user.id not in on_roster:
            session.add(
                JuryMember(
                    user_id=user.id,
                    side=demo.side,
                    body=demo.body,
                    region=JURY_REGION,
                    certification_codes=sorted(registry.codes()),
                    affiliations=list(demo.affiliations),
                )
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
                        contact_email=site.contact_email,
                        contact_phone=site.contact_phone,
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
        await _load_jury_roster(session, registry, password_hash)
        sync = await sync_bundled_referentiels(session, registry)
        await session.flush()
        await _load_campaigns(session, registry, organisations, dt.date.today())
        await session.flush()
    return (
        f"Démo chargée : {created} organisation(s) créée(s), "
        f"{len(sync.added)} référentiel(s) publié(s), "
        f"{len(registry)} certification(s) disponibles. "
        f"Comptes de démonstration : admin@certifpro.demo, admin@greta-demo.fr, "
        f"conseiller@greta-demo.fr… (mot de passe « {DEMO_PASSWORD} »)."
    )


PAST_CAMPAIGN = "Habilitation 2025-2029 (démonstration)"
OPEN_CAMPAIGN = "Campagne d'habilitation en cours (démonstration)"
DEMO_DOCUMENTS = [
    {
        "key": "extrait-sirene",
        "label": "Avis de situation SIRENE",
        "description": "Daté de moins de trois mois.",
        "mandatory": True,
    },
    {
        "key": "certificat-qualiopi",
        "label": "Certificat Qualiopi",
        "description": "En cours de validité.",
        "mandatory": True,
    },
    {
        "key": "cv-evaluateurs",
        "label": "CV des évaluateurs",
        "description": "Facultatif : un seul PDF pour tous.",
        "mandatory": False,
    },
]
DEMO_EVALUATOR = ("evaluatrice@greta-demo.fr", "Sophie Leroy", "Formatrice d'adultes, 8 ans")


async def _load_campaigns(
    session: AsyncSession,
    registry: CertificationRegistry,
    organisations: dict[str, Organisation],
    today: dt.date,
) -> None:
    """A past campaign that accredited both demo organisations, and one open now."""
    titles = set(await session.scalars(select(Campaign.title)))
    admin = await session.scalar(select(User.id).where(User.email == "admin@certifpro.demo"))
    if OPEN_CAMPAIGN not in titles:
        session.add(
            Campaign(
                title=OPEN_CAMPAIGN,
                certification_codes=registry.codes(),
                opens_on=today - dt.timedelta(days=30),
                closes_on=today + dt.timedelta(days=90),
                required_documents=DEMO_DOCUMENTS,
                application_fee_cents=30000,
                site_fee_cents=15000,
                accreditation_starts_on=today + dt.timedelta(days=120),
                accreditation_ends_on=today + dt.timedelta(days=120 + 3 * 365),
                reviewer_ids=[str(admin)] if admin else [],
                created_by_id=admin,
            )
        )
    if PAST_CAMPAIGN in titles:
        return
    campaign = Campaign(
        title=PAST_CAMPAIGN,
        certification_codes=registry.codes(),
        opens_on=dt.date(2025, 1, 6),
        closes_on=dt.date(2025, 3, 31),
        required_documents=DEMO_DOCUMENTS,
        application_fee_cents=30000,
        site_fee_cents=15000,
        accreditation_starts_on=dt.date(2025, 6, 1),
        accreditation_ends_on=max(dt.date(2029, 12, 31), today + dt.timedelta(days=365)),
        reviewer_ids=[str(admin)] if admin else [],
        created_by_id=admin,
    )
    session.add(campaign)
    await session.flush()
    decided = dt.datetime(2025, 5, 15, 10, 0, tzinfo=dt.UTC)
    for site in await session.scalars(select(Site).order_by(Site.siret)):
        organisation = next(o for o in organisations.values() if o.id == site.organisation_id)
        email, full_name, qualifications = DEMO_EVALUATOR
        application = Application(
            organisation_id=organisation.id,
            campaign_id=campaign.id,
            status=ApplicationStatus.ACCEPTED,
            content={
                "network": organisation.network.value if organisation.network else None,
                "sites": [
                    {
                        "siret": site.siret,
                        "name": site.name,
                        "address_line": site.address_line,
                        "postal_code": site.postal_code,
                        "city": site.city,
                        "region": site.region,
                        "contact_email": site.contact_email,
                        "contact_phone": site.contact_phone,
                        "evaluators": [
                            {
                                "full_name": full_name,
                                "email": email,
                                "qualifications": qualifications,
                            }
                        ],
                    }
                ],
                "declarations": [],
            },
            submitted_at=dt.datetime(2025, 3, 20, 9, 0, tzinfo=dt.UTC),
            decided_at=decided,
            reviewer_id=admin,
            decision={"sites": [site.siret], "evaluators": {site.siret: [email]}},
        )
        session.add(application)
        await session.flush()
        for code in campaign.certification_codes:
            accreditation = Accreditation(
                organisation_id=organisation.id,
                certification_code=code,
                site_id=site.id,
                campaign_id=campaign.id,
                application_id=application.id,
                valid_from=campaign.accreditation_starts_on,
                valid_until=campaign.accreditation_ends_on,
            )
            session.add(accreditation)
            await session.flush()
            session.add(
                AccreditedEvaluator(
                    organisation_id=organisation.id,
                    accreditation_id=accreditation.id,
                    email=email,
                    full_name=full_name,
                    qualifications=qualifications,
                )
            )


# Ingredients of `clea demo --scale` (platform/demo/scale/): common French names and
# places, so that generated candidates look like the people the platform serves.
FIRST_NAMES_FEMALE = (
    "Amandine", "Amina", "Anaïs", "Audrey", "Aurélie", "Camille", "Carole", "Céline",
    "Chloé", "Christine", "Claire", "Élodie", "Émilie", "Fatima", "Isabelle", "Jessica",
    "Julie", "Karine", "Laëtitia", "Laura", "Léa", "Lina", "Manon", "Marie", "Mélanie",
    "Nadia", "Nathalie", "Océane", "Pauline", "Sabrina", "Sandrine", "Sarah", "Sophie",
    "Stéphanie", "Valérie", "Virginie", "Yasmine", "Zoé",
)  # fmt: skip
FIRST_NAMES_MALE = (
    "Adrien", "Alexandre", "Anthony", "Antoine", "Bruno", "Cédric", "Christophe", "David",
    "Dylan", "Éric", "Fabien", "Franck", "Grégory", "Hugo", "Jérémy", "Jonathan", "Julien",
    "Karim", "Kevin", "Laurent", "Lucas", "Mamadou", "Mathieu", "Maxime", "Mehdi",
    "Mickaël", "Nicolas", "Olivier", "Pascal", "Patrick", "Romain", "Samir", "Sébastien",
    "Stéphane", "Thomas", "Thierry", "Yannick", "Youssef",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
    "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
    "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
    "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard",
    "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Diallo",
    "Benali", "Haddad", "Nguyen", "Da Silva", "Ferreira", "Traoré", "Mendy", "Kaya",
)  # fmt: skip
# (commune, postal code) of French births; foreign births as (country, city).
BIRTH_PLACES_FRANCE = (
    ("Paris", "75014"), ("Lille", "59000"), ("Roubaix", "59100"), ("Tourcoing", "59200"),
    ("Marseille", "13001"), ("Lyon", "69003"), ("Toulouse", "31000"), ("Nantes", "44000"),
    ("Amiens", "80000"), ("Rouen", "76000"), ("Saint-Denis", "93200"), ("Créteil", "94000"),
    ("Montreuil", "93100"), ("Argenteuil", "95100"), ("Valenciennes", "59300"),
    ("Lens", "62300"), ("Arras", "62000"), ("Dunkerque", "59140"), ("Reims", "51100"),
    ("Strasbourg", "67000"), ("Bordeaux", "33000"), ("Nice", "06000"), ("Metz", "57000"),
    ("Pointe-à-Pitre", "97110"), ("Fort-de-France", "97200"),
)  # fmt: skip
BIRTH_PLACES_ABROAD = (
    ("Maroc", "Casablanca"), ("Algérie", "Oran"), ("Algérie", "Alger"),
    ("Tunisie", "Tunis"), ("Portugal", "Porto"), ("Sénégal", "Dakar"), ("Mali", "Bamako"),
    ("Turquie", "Ankara"), ("Côte d'Ivoire", "Abidjan"), ("Roumanie", "Bucarest"),
    ("Cameroun", "Douala"), ("Haïti", "Port-au-Prince"),
)  # fmt: skip
# Where candidates live, by the region of the site they come to: (commune, postal code).
RESIDENCES = {
    "Île-de-France": (
        ("Paris", "75011"), ("Paris", "75018"), ("Paris", "75019"), ("Paris", "75020"),
        ("Paris", "75013"), ("Montreuil", "93100"), ("Saint-Denis", "93200"),
        ("Aubervilliers", "93300"), ("Pantin", "93500"), ("Vitry-sur-Seine", "94400"),
        ("Ivry-sur-Seine", "94200"), ("Créteil", "94000"), ("Nanterre", "92000"),
        ("Clichy", "92110"), ("Argenteuil", "95100"),
    ),
    "Hauts-de-France": (
        ("Lille", "59000"), ("Lille", "59800"), ("Roubaix", "59100"), ("Tourcoing", "59200"),
        ("Villeneuve-d'Ascq", "59650"), ("Lomme", "59160"), ("Hellemmes", "59260"),
        ("Wattrelos", "59150"), ("Armentières", "59280"), ("Lens", "62300"),
        ("Douai", "59500"), ("Seclin", "59113"),
    ),
}  # fmt: skip
STREETS = (
    "rue de la République", "rue Jean Jaurès", "avenue du Général de Gaulle",
    "rue Victor Hugo", "boulevard Gambetta", "rue Pasteur", "rue des Écoles",
    "rue de la Gare", "allée des Tilleuls", "rue Émile Zola", "place de la Mairie",
    "rue du Moulin", "avenue Salvador Allende", "rue Paul Vaillant-Couturier",
    "résidence Les Peupliers", "rue Nationale",
)  # fmt: skip
TRAINING_ORGANISATIONS = (
    "Centre de formation Horizon", "Atelier des savoirs", "Institut Compétences Plus",
    "Association Lire et Écrire", "Formation et Avenir",
)  # fmt: skip
PROFESSIONAL_PROJECTS = (
    "Agent de propreté et d'hygiène", "Préparateur de commandes", "Aide à domicile",
    "Agent de sécurité", "Employé libre-service", "Cariste", "Agent de restauration",
    "Auxiliaire de vie", "Employé administratif", "Conducteur livreur",
    "Agent de maintenance des bâtiments", "Vendeur en magasin", "",
)  # fmt: skip
ABANDON_REASONS = (
    "Reprise d'emploi à temps plein : plus disponible pour la formation.",
    "Déménagement hors de la région.",
    "Raisons de santé.",
    "Le candidat ne donne plus de nouvelles malgré trois relances.",
    "Entrée dans une formation qualifiante.",
    "Contraintes familiales (garde d'enfants).",
    "Financement de la formation refusé.",
)
JURY_REFUSALS = (
    "Le jury demande des preuves complémentaires sur le domaine 3.",
    "Évaluation finale jugée trop ancienne : le jury souhaite une nouvelle mise en situation.",
    "Le jury relève des incohérences dans le dossier ; à compléter avant nouvelle présentation.",
)
EMPLOYERS = (
    "Propreté Services Île-de-France", "Logistique du Nord", "Transports Delmotte",
    "Restauration collective Saveurs", "Aide à domicile Bien chez soi", "Hypermarché Grand Large",
    "Entreprise d'insertion Tremplin", "Sécurité Privée Vigilance", "Bâtiment Nord Rénovation",
)  # fmt: skip
OPCOS = ("AKTO", "OPCO EP", "Constructys", "OPCO Mobilités", "Uniformation")
