"""What is wrong in an application's draft (refused even in a draft), and what a submission
still lacks (each naming the field to complete)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.drafts import (
    DECLARATIONS,
    SITE_SCOPES,
    ApplicationDraft,
    SiteDraft,
    scope_covers,
)
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode, error
from clea_platform.accreditations.models import ApplicationDocument, Campaign
from clea_platform.core.digits import phone_problem
from clea_platform.identity.service import email_problem
from clea_platform.tenants.geography import postal_code_problem, region_problem
from clea_platform.tenants.identifiers import siret_problem
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads

SIRET_UNIQUENESS_SCOPE = "system:siret_uniqueness"


def _siret_problem(
    site: SiteDraft, where: str, organisation: Organisation, sirets: list[str]
) -> AccreditationError | None:
    if problem := siret_problem(site.siret):
        return error(AccreditationErrorCode.INVALID_SIRET, problem, f"{where}.siret")
    if problem := siret_problem(site.siret, organisation.siren or ""):
        return error(AccreditationErrorCode.SIRET_NOT_IN_SIREN, problem, f"{where}.siret")
    if site.siret in sirets:
        return error(
            AccreditationErrorCode.INVALID,
            f"L'établissement {site.siret} figure deux fois.",
            f"{where}.siret",
        )
    return None


def _scope_problem(
    site: SiteDraft, where: str, accepted_scopes: Sequence[str]
) -> AccreditationError | None:
    if site.scope not in SITE_SCOPES:
        return error(
            AccreditationErrorCode.INVALID,
            "Choisissez l'habilitation demandée : évaluation, formation, ou les deux.",
            f"{where}.scope",
        )
    refused = [wanted for wanted in ("evaluation", "training") if scope_covers(site.scope, wanted)]
    if any(wanted not in accepted_scopes for wanted in refused):
        accepted = " et ".join(
            {"evaluation": "l'évaluation", "training": "la formation"}[s] for s in accepted_scopes
        )
        return error(
            AccreditationErrorCode.INVALID,
            f"Cette campagne n'habilite que pour {accepted} : changez l'habilitation demandée.",
            f"{where}.scope",
        )
    return None


def _site_problems(
    site: SiteDraft, where: str, accepted_scopes: Sequence[str]
) -> list[AccreditationError]:
    """What is wrong in a site's fields other than its SIRET."""
    errors: list[AccreditationError] = []
    if scope_error := _scope_problem(site, where, accepted_scopes):
        errors.append(scope_error)
    if site.postal_code and (problem := postal_code_problem(site.postal_code)):
        errors.append(
            error(AccreditationErrorCode.INVALID_POSTAL_CODE, problem, f"{where}.postalCode")
        )
    if site.contact_phone and (problem := phone_problem(site.contact_phone)):
        errors.append(error(AccreditationErrorCode.INVALID_PHONE, problem, f"{where}.contactPhone"))
    if site.contact_email and (problem := email_problem(site.contact_email)):
        errors.append(error(AccreditationErrorCode.INVALID_EMAIL, problem, f"{where}.contactEmail"))
    if site.region and (problem := region_problem(site.region)):
        errors.append(error(AccreditationErrorCode.INVALID_REGION, problem, f"{where}.region"))
    for people, key in ((site.evaluators, "evaluators"), (site.trainers, "trainers")):
        for position, person in enumerate(people):
            if person.email and (problem := email_problem(person.email)):
                errors.append(
                    error(
                        AccreditationErrorCode.INVALID_EMAIL,
                        problem,
                        f"{where}.{key}[{position}].email",
                    )
                )
    return errors


async def _sirets_taken(
    session: AsyncSession, organisation: Organisation, sirets: list[str]
) -> list[AccreditationError]:
    """SIRETs another organisation already declared (a system check across tenants)."""
    errors: list[AccreditationError] = []
    async with cross_tenant_reads(session, SIRET_UNIQUENESS_SCOPE):
        elsewhere = await session.scalars(
            select(Site.siret).where(
                Site.siret.in_(sirets), Site.organisation_id != organisation.id
            )
        )
        for siret in elsewhere:
            errors.append(
                error(
                    AccreditationErrorCode.SIRET_TAKEN,
                    f"L'établissement {siret} est déclaré par un autre organisme.",
                    f"sites[{sirets.index(siret)}].siret",
                )
            )
    return errors


async def draft_problems(
    session: AsyncSession,
    organisation: Organisation,
    draft: ApplicationDraft,
    accepted_scopes: Sequence[str] = ("evaluation", "training"),
) -> list[AccreditationError]:
    """What is wrong (not merely missing) in a draft: refused even when saving a draft.

    ``accepted_scopes``: the campaign's; a site asking for another scope is refused.
    """
    errors: list[AccreditationError] = []
    sirets: list[str] = []
    for index, site in enumerate(draft.sites):
        where = f"sites[{index}]"
        if site.siret:
            if problem := _siret_problem(site, where, organisation, sirets):
                errors.append(problem)
            sirets.append(site.siret)
        errors += _site_problems(site, where, accepted_scopes)
    unknown = [key for key in draft.declarations if key not in DECLARATIONS]
    if unknown:
        errors.append(
            error(
                AccreditationErrorCode.INVALID,
                f"Déclaration inconnue : {', '.join(unknown)}.",
                "declarations",
            )
        )
    if sirets:
        errors += await _sirets_taken(session, organisation, sirets)
    return errors


def _lack(message: str, where: str) -> AccreditationError:
    return error(AccreditationErrorCode.INCOMPLETE, message, where)


def _site_missing(site: SiteDraft, index: int) -> list[AccreditationError]:
    where = f"sites[{index}]"
    label = site.name or site.siret or f"n° {index + 1}"
    missing = [
        _lack(f"Établissement {label} : indiquez {text}.", f"{where}.{key}")
        for key, value, text in (
            ("siret", site.siret, "le SIRET"),
            ("name", site.name, "le nom"),
            ("addressLine", site.address_line, "l'adresse"),
            ("postalCode", site.postal_code, "le code postal"),
            ("city", site.city, "la commune"),
            ("region", site.region, "la région"),
            ("contactEmail", site.contact_email, "l'adresse électronique de contact"),
        )
        if not value
    ]
    # The evidence each scope needs: named evaluators to evaluate, named trainers to train.
    for wanted, people, field_name, noun in (
        ("evaluation", site.evaluators, "evaluators", "évaluateur"),
        ("training", site.trainers, "trainers", "formateur"),
    ):
        if not scope_covers(site.scope, wanted):
            continue
        if not people:
            missing.append(
                _lack(
                    f"Établissement {label} : désignez au moins un {noun}.",
                    f"{where}.{field_name}",
                )
            )
        for position, person in enumerate(people):
            missing += [
                _lack(
                    f"Établissement {label}, {noun} n° {position + 1} : indiquez {text}.",
                    f"{where}.{field_name}[{position}].{key}",
                )
                for key, value, text in (
                    ("fullName", person.full_name, "le nom"),
                    ("email", person.email, "l'adresse électronique"),
                    ("qualifications", person.qualifications, "les qualifications"),
                )
                if not value
            ]
    return missing


def missing_items(
    campaign: Campaign,
    organisation: Organisation,
    draft: ApplicationDraft,
    documents: Sequence[ApplicationDocument],
) -> list[AccreditationError]:
    """What a submission still lacks, each naming the field to complete."""
    missing: list[AccreditationError] = []
    if not organisation.siren:
        missing.append(_lack("Le SIREN de l'organisme est obligatoire.", "siren"))
    if not draft.sites:
        missing.append(_lack("Déclarez au moins un établissement à habiliter.", "sites"))
    for index, site in enumerate(draft.sites):
        missing += _site_missing(site, index)
    uploaded = {document.requirement_key for document in documents}
    asked = {
        wanted
        for site in draft.sites
        for wanted in ("evaluation", "training")
        if scope_covers(site.scope, wanted)
    }
    for requirement in campaign.required_documents:
        # A document of one scope is evidence for that scope only.
        if requirement.get("scope") and requirement["scope"] not in asked:
            continue
        if requirement["mandatory"] and requirement["key"] not in uploaded:
            missing.append(
                _lack(
                    f"Pièce manquante : {requirement['label']}.", f"documents.{requirement['key']}"
                )
            )
    for key, text in DECLARATIONS.items():
        if key not in draft.declarations:
            missing.append(
                _lack(f"Déclaration sur l'honneur à cocher : « {text} »", f"declarations.{key}")
            )
    return missing
