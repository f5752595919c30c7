"""Rules for organisations and their sites."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.core.pagination import Page, paginate
from clea_platform.core.text import ascii_fold
from clea_platform.db.base import utcnow
from clea_platform.identity.service import forget_credentials
from clea_platform.tenants.context import Actor
from clea_platform.tenants.errors import TenantError, TenantErrorCode
from clea_platform.tenants.geography import (
    departement_of,
    normalise_postal_code,
    postal_code_problem,
    region_problem,
)
from clea_platform.tenants.identifiers import normalise, siren_problem, siret_problem
from clea_platform.tenants.models import (
    NationalNetwork,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Site,
)


def slugify(name: str) -> str:
    ascii_name = ascii_fold(name)
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:50] or "organisme"


@dataclass(frozen=True, slots=True)
class OrganisationInput:
    name: str
    siren: str
    legal_form: str = ""
    network: NationalNetwork | None = None


async def create_organisation(
    session: AsyncSession, actor: Actor, data: OrganisationInput
) -> Organisation:
    """Certif'Pro registers an evaluator organisation (active at once)."""
    errors = []
    name = data.name.strip()
    if not name:
        errors.append(
            TenantError(TenantErrorCode.REQUIRED, "Le nom est obligatoire.", field="name")
        )
    siren = normalise(data.siren)
    if problem := siren_problem(siren):
        errors.append(TenantError(TenantErrorCode.INVALID_SIREN, problem, field="siren"))
    elif await session.scalar(select(Organisation.id).where(Organisation.siren == siren)):
        errors.append(
            TenantError(
                TenantErrorCode.DUPLICATE_SIREN,
                f"Un organisme avec le SIREN {siren} existe déjà.",
                field="siren",
            )
        )
    if errors:
        raise InvalidFormError(errors)
    organisation = Organisation(
        name=name,
        slug=await unique_slug(session, slugify(name)),
        kind=OrganisationKind.EVALUATOR,
        status=OrganisationStatus.ACTIVE,
        siren=siren,
        legal_form=data.legal_form.strip(),
        network=data.network,
    )
    session.add(organisation)
    await session.flush()
    audit.record(
        session, actor, "organisation.create", [organisation.id], organisation_id=organisation.id
    )
    return organisation


async def unique_slug(session: AsyncSession, base: str) -> str:
    taken = set(
        await session.scalars(select(Organisation.slug).where(Organisation.slug.like(f"{base}%")))
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


async def get_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation:
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise TenantError(TenantErrorCode.NOT_FOUND, "Organisme introuvable.", field="id")
    return organisation


async def update_organisation(
    session: AsyncSession,
    actor: Actor,
    organisation_id: uuid.UUID,
    *,
    name: str,
    legal_form: str,
    network: NationalNetwork | None,
) -> Organisation:
    organisation = await get_organisation(session, organisation_id)
    if not name.strip():
        raise TenantError(TenantErrorCode.REQUIRED, "Le nom est obligatoire.", field="name")
    organisation.name = name.strip()
    organisation.legal_form = legal_form.strip()
    organisation.network = network
    audit.record(
        session, actor, "organisation.update", [organisation.id], organisation_id=organisation.id
    )
    return organisation


async def suspend_organisation(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID, reason: str
) -> Organisation:
    organisation = await get_organisation(session, organisation_id)
    if not reason.strip():
        raise TenantError(
            TenantErrorCode.REQUIRED, "Indiquez le motif de la suspension.", field="reason"
        )
    if organisation.kind == OrganisationKind.OPERATOR:
        raise TenantError(
            TenantErrorCode.INVALID_STATE, "L'opérateur de la plateforme ne peut être suspendu."
        )
    if organisation.status == OrganisationStatus.SUSPENDED:
        raise TenantError(TenantErrorCode.INVALID_STATE, "Cet organisme est déjà suspendu.")
    organisation.status = OrganisationStatus.SUSPENDED
    organisation.suspension_reason = reason.strip()
    organisation.suspended_at = utcnow()
    forget_credentials(session, organisation_id=organisation.id)
    audit.record(
        session, actor, "organisation.suspend", [organisation.id], organisation_id=organisation.id
    )
    return organisation


async def reactivate_organisation(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID
) -> Organisation:
    organisation = await get_organisation(session, organisation_id)
    if organisation.status != OrganisationStatus.SUSPENDED:
        raise TenantError(TenantErrorCode.INVALID_STATE, "Cet organisme n'est pas suspendu.")
    organisation.status = OrganisationStatus.ACTIVE
    organisation.suspension_reason = ""
    organisation.suspended_at = None
    forget_credentials(session, organisation_id=organisation.id)
    audit.record(
        session,
        actor,
        "organisation.reactivate",
        [organisation.id],
        organisation_id=organisation.id,
    )
    return organisation


async def list_organisations(
    session: AsyncSession,
    *,
    search: str | None,
    status: OrganisationStatus | None,
    first: int | None,
    after: str | None,
) -> Page[Organisation]:
    query = select(Organisation)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(Organisation.name.ilike(pattern) | Organisation.siren.like(pattern))
    if status:
        query = query.where(Organisation.status == status)
    return await paginate(session, query, Organisation.id, first=first, after=after)


@dataclass(frozen=True, slots=True)
class SiteInput:
    name: str
    siret: str
    address_line: str
    postal_code: str
    city: str
    region: str


def _site_problems(
    data: SiteInput, organisation: Organisation
) -> tuple[list[TenantError], str, str]:
    errors: list[TenantError] = []
    for field, value in (
        ("name", data.name),
        ("addressLine", data.address_line),
        ("city", data.city),
    ):
        if not value.strip():
            errors.append(TenantError(TenantErrorCode.REQUIRED, "Champ obligatoire.", field=field))
    siret = normalise(data.siret)
    if problem := siret_problem(siret):
        errors.append(TenantError(TenantErrorCode.INVALID_SIRET, problem, field="siret"))
    elif problem := siret_problem(siret, organisation.siren or ""):
        errors.append(TenantError(TenantErrorCode.SIRET_NOT_IN_SIREN, problem, field="siret"))
    postal_code = normalise_postal_code(data.postal_code)
    if problem := postal_code_problem(postal_code):
        errors.append(TenantError(TenantErrorCode.INVALID_POSTAL_CODE, problem, field="postalCode"))
    if problem := region_problem(data.region):
        errors.append(TenantError(TenantErrorCode.INVALID_REGION, problem, field="region"))
    return errors, siret, postal_code


async def create_site(session: AsyncSession, actor: Actor, data: SiteInput) -> Site:
    """An organisation declares one of its establishments (its SIRET must match its SIREN)."""
    assert actor.organisation_id is not None
    organisation = await get_organisation(session, actor.organisation_id)
    errors, siret, postal_code = _site_problems(data, organisation)
    if not errors and await _siret_taken(session, siret):
        errors.append(
            TenantError(
                TenantErrorCode.DUPLICATE_SIRET,
                f"L'établissement {siret} est déjà déclaré.",
                field="siret",
            )
        )
    if errors:
        raise InvalidFormError(list(errors))
    site = Site(
        organisation_id=organisation.id,
        siret=siret,
        name=data.name.strip(),
        address_line=data.address_line.strip(),
        postal_code=postal_code,
        city=data.city.strip(),
        departement=departement_of(postal_code),
        region=data.region,
    )
    session.add(site)
    await session.flush()
    audit.record(session, actor, "site.create", [site.id])
    return site


async def _siret_taken(
    session: AsyncSession, siret: str, except_id: uuid.UUID | None = None
) -> bool:
    # SIRETs are unique across tenants: the check must see every organisation's sites.
    from clea_platform.tenants.scoping import cross_tenant_reads

    async with cross_tenant_reads(session, "system:siret_uniqueness"):
        query = select(Site.id).where(Site.siret == siret)
        if except_id is not None:
            query = query.where(Site.id != except_id)
        return (await session.scalar(query)) is not None


async def get_site(session: AsyncSession, site_id: uuid.UUID) -> Site:
    site = await session.scalar(select(Site).where(Site.id == site_id))
    if site is None:
        raise TenantError(TenantErrorCode.NOT_FOUND, "Site introuvable.", field="id")
    return site


async def update_site(
    session: AsyncSession, actor: Actor, site_id: uuid.UUID, data: SiteInput
) -> Site:
    site = await get_site(session, site_id)
    organisation = await get_organisation(session, site.organisation_id)
    errors, siret, postal_code = _site_problems(data, organisation)
    if not errors and await _siret_taken(session, siret, except_id=site.id):
        errors.append(
            TenantError(
                TenantErrorCode.DUPLICATE_SIRET,
                f"L'établissement {siret} est déjà déclaré.",
                field="siret",
            )
        )
    if errors:
        raise InvalidFormError(list(errors))
    site.siret = siret
    site.name = data.name.strip()
    site.address_line = data.address_line.strip()
    site.postal_code = postal_code
    site.city = data.city.strip()
    site.departement = departement_of(postal_code)
    site.region = data.region
    audit.record(session, actor, "site.update", [site.id])
    return site


async def list_sites(session: AsyncSession) -> list[Site]:
    return list(await session.scalars(select(Site).order_by(Site.name)))
