"""The public « demander une habilitation » form: a new organisation (pending) and its admin.

Anyone may ask, so it is limited per address; the organisation is created pending and
its first administrator invited by e-mail (the link verifies the address).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode, error
from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.identity.members import invite
from clea_platform.identity.service import email_problem, normalise_email
from clea_platform.tenants.context import Actor
from clea_platform.tenants.identifiers import normalise, siren_problem
from clea_platform.tenants.models import (
    NationalNetwork,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.tenants.service import slugify, unique_slug

REQUEST_SCOPE = "public:accreditation_request"


@dataclass(frozen=True, slots=True)
class AccessRequest:
    """The public « demander une habilitation » form: a new organisation and its admin."""

    organisation_name: str
    siren: str
    admin_full_name: str
    admin_email: str
    legal_form: str = ""
    network: NationalNetwork | None = None


PUBLIC_REQUESTS_PER_HOUR = 5


async def request_access(
    session: AsyncSession, actor: Actor, data: AccessRequest, *, base_url: str
) -> Organisation:
    """Create a pending organisation and invite its first admin (the link verifies the e-mail)."""
    errors: list[AccreditationError] = []
    name = data.organisation_name.strip()
    if not name:
        errors.append(
            error(
                AccreditationErrorCode.REQUIRED,
                "Le nom de l'organisme est obligatoire.",
                "organisationName",
            )
        )
    siren = normalise(data.siren)
    if problem := siren_problem(siren):
        errors.append(error(AccreditationErrorCode.INVALID_SIREN, problem, "siren"))
    if not data.admin_full_name.strip():
        errors.append(
            error(
                AccreditationErrorCode.REQUIRED,
                "Indiquez le nom de l'administrateur.",
                "adminFullName",
            )
        )
    email = normalise_email(data.admin_email)
    if problem := email_problem(email):
        errors.append(error(AccreditationErrorCode.INVALID_EMAIL, problem, "adminEmail"))
    if errors:
        raise InvalidFormError(errors)
    async with cross_tenant_reads(session, REQUEST_SCOPE):
        if actor.ip_address:
            recent = await session.scalar(
                select(func.count()).where(
                    AuditEvent.operation == "organisation.request",
                    AuditEvent.ip_address == actor.ip_address,
                    AuditEvent.occurred_at >= utcnow() - dt.timedelta(hours=1),
                )
            )
            if (recent or 0) >= PUBLIC_REQUESTS_PER_HOUR:
                raise error(
                    AccreditationErrorCode.RATE_LIMITED,
                    "Trop de demandes depuis cette adresse : réessayez dans une heure.",
                )
        if await session.scalar(select(Organisation.id).where(Organisation.siren == siren)):
            raise error(
                AccreditationErrorCode.DUPLICATE_SIREN,
                f"Un organisme avec le SIREN {siren} est déjà inscrit : demandez à son "
                "administrateur de vous inviter.",
                "siren",
            )
        organisation = Organisation(
            name=name,
            slug=await unique_slug(session, slugify(name)),
            kind=OrganisationKind.EVALUATOR,
            status=OrganisationStatus.PENDING,
            siren=siren,
            legal_form=data.legal_form.strip(),
            network=data.network,
        )
        session.add(organisation)
        await session.flush()
        platform = Actor(
            label="Certif'Pro", ip_address=actor.ip_address, request_id=actor.request_id
        )
        await invite(session, platform, organisation.id, email, ["org_admin"], base_url)
        await session.flush()
        audit.record(
            session,
            actor,
            "organisation.request",
            [organisation.id],
            organisation_id=organisation.id,
        )
    return organisation
