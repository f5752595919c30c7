"""Rules for organisations: registering, changing, suspending, and who may see which.

Sites have their own module (:mod:`clea_platform.tenants.sites`).
"""

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
from clea_platform.identity import members
from clea_platform.identity.roles import Role
from clea_platform.identity.service import email_problem, forget_credentials
from clea_platform.tenants.context import Actor
from clea_platform.tenants.errors import TenantError, TenantErrorCode
from clea_platform.tenants.identifiers import normalise, siren_problem
from clea_platform.tenants.models import (
    NETWORK_LABELS,
    NationalNetwork,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)
from clea_platform.tenants.scoping import cross_tenant_reads


def organisation_not_found() -> TenantError:
    """The one refusal for a missing organisation and one the actor may not see."""
    return TenantError(TenantErrorCode.NOT_FOUND, "Organisme introuvable.", field="id")


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


async def register_organisation(
    session: AsyncSession,
    actor: Actor,
    data: OrganisationInput,
    *,
    admin_email: str | None,
    base_url: str,
) -> Organisation:
    """Certif'Pro registers an organisation and, if given, invites its first administrator.

    The address is checked before anything is saved; the invitation is written into the
    new tenant through an explicit, audited scope.
    """
    if admin_email and (problem := email_problem(admin_email)):
        raise TenantError(TenantErrorCode.INVALID_EMAIL, problem, field="adminEmail")
    organisation = await create_organisation(session, actor, data)
    if admin_email:
        async with cross_tenant_reads(session, "certifpro_admin:first_admin"):
            await members.invite(
                session, actor, organisation.id, admin_email, [Role.ORG_ADMIN.value], base_url
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
        raise organisation_not_found()
    return organisation


async def organisation_for(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID
) -> Organisation | None:
    """The organisation, if the actor may see it: their active one, or any for Certif'Pro.

    A missing organisation and another tenant's look the same (None): nobody learns which
    identifiers exist elsewhere.
    """
    if not actor.is_platform_admin and organisation_id != actor.organisation_id:
        return None
    return await session.get(Organisation, organisation_id)


async def update_organisation(
    session: AsyncSession,
    actor: Actor,
    organisation_id: uuid.UUID,
    *,
    name: str,
    legal_form: str,
    network: NationalNetwork | None,
) -> Organisation:
    """An organisation's admin changes its identity, or Certif'Pro any organisation's."""
    organisation = await organisation_for(session, actor, organisation_id)
    if organisation is None:
        raise organisation_not_found()
    if not name.strip():
        raise TenantError(TenantErrorCode.REQUIRED, "Le nom est obligatoire.", field="name")
    if organisation.heads_network is not None and network != organisation.heads_network:
        label = NETWORK_LABELS[organisation.heads_network]
        raise TenantError(
            TenantErrorCode.NOT_NETWORK_MEMBER,
            f"Cet organisme est tête du réseau {label} : il reste membre de ce réseau tant "
            "qu'il en est la tête. Certif'Pro peut lui retirer ce rôle (Organismes, « Tête "
            "de réseau »).",
            field="network",
        )
    organisation.name = name.strip()
    organisation.legal_form = legal_form.strip()
    organisation.network = network
    audit.record(
        session, actor, "organisation.update", [organisation.id], organisation_id=organisation.id
    )
    return organisation


async def set_network_head(
    session: AsyncSession,
    actor: Actor,
    organisation_id: uuid.UUID,
    network: NationalNetwork | None,
) -> Organisation:
    """Certif'Pro makes an organisation the head of its national network, or removes it.

    Its administrators then see the figures of every organisation of that network
    (statistics, ``wholeNetwork``). The rules: one head per network (the current head
    must be removed first, so that no network silently changes hands); an organisation
    heads only the network it belongs to; the platform's operator heads none.
    """
    organisation = await get_organisation(session, organisation_id)
    if network == organisation.heads_network:
        return organisation
    if network is not None:
        label = NETWORK_LABELS[network]
        if organisation.kind == OrganisationKind.OPERATOR:
            raise TenantError(
                TenantErrorCode.INVALID_STATE,
                "L'opérateur de la plateforme ne peut être tête d'un réseau national.",
                field="network",
            )
        if organisation.network != network:
            raise TenantError(
                TenantErrorCode.NOT_NETWORK_MEMBER,
                f"{organisation.name} n'appartient pas au réseau {label} : indiquez d'abord "
                "ce réseau dans son identité, puis désignez-le tête de réseau.",
                field="network",
            )
        # The network's members are locked first, so that two administrators naming two
        # heads at once cannot both succeed on PostgreSQL: the second waits for the first
        # to commit, then finds its head.
        await session.execute(
            select(Organisation.id).where(Organisation.network == network).with_for_update()
        )
        current = (
            await session.execute(
                select(Organisation.id, Organisation.name).where(
                    Organisation.heads_network == network, Organisation.id != organisation.id
                )
            )
        ).first()
        if current is not None:
            raise TenantError(
                TenantErrorCode.NETWORK_HEAD_TAKEN,
                f"Le réseau {label} a déjà pour tête « {current.name} ». Retirez-lui d'abord "
                "ce rôle : un réseau n'a qu'une tête.",
                field="network",
            )
    previous = organisation.heads_network
    organisation.heads_network = network
    audit.record(
        session,
        actor,
        "organisation.network_head.set" if network else "organisation.network_head.remove",
        [organisation.id, network or previous],
        organisation_id=organisation.id,
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


async def evaluator_organisations(session: AsyncSession, scope: str) -> list[tuple[uuid.UUID, str]]:
    """Every evaluator organisation (identifier, name), by name: for platform-wide tasks.

    Read across tenants under ``scope``, the name of the task (e.g.
    ``system:expire_dossiers``): only the platform's own scheduled work calls it.
    """
    async with cross_tenant_reads(session, scope):
        rows = await session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.kind == OrganisationKind.EVALUATOR)
            .order_by(Organisation.name, Organisation.id)
        )
        return [(organisation_id, name) for organisation_id, name in rows]
