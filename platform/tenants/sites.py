"""Rules for an organisation's sites (establishments, identified by their SIRET)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.tenants.context import Actor
from clea_platform.tenants.errors import TenantError, TenantErrorCode
from clea_platform.tenants.geography import (
    departement_of,
    normalise_postal_code,
    postal_code_problem,
    region_problem,
)
from clea_platform.tenants.identifiers import normalise, siret_problem
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.tenants.service import get_organisation


def site_not_found() -> TenantError:
    return TenantError(TenantErrorCode.NOT_FOUND, "Site introuvable.", field="id")


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
    async with cross_tenant_reads(session, "system:siret_uniqueness"):
        query = select(Site.id).where(Site.siret == siret)
        if except_id is not None:
            query = query.where(Site.id != except_id)
        return (await session.scalar(query)) is not None


async def get_site(session: AsyncSession, site_id: uuid.UUID) -> Site:
    site = await session.scalar(select(Site).where(Site.id == site_id))
    if site is None:
        raise site_not_found()
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
