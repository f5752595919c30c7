"""Who an OIDC login is for: the organisation offering it, and its member with that email.

Both are read before anyone is logged in, under the named cross-tenant scope
:data:`CROSS_TENANT_SCOPE`. There is no provisioning: people join an organisation by
invitation, so a verified email without a membership is refused.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity import service as identity
from clea_platform.identity.models import Membership, OidcProvider, User
from clea_platform.identity.oidc_errors import OidcLoginError
from clea_platform.tenants.models import Organisation, OrganisationStatus
from clea_platform.tenants.scoping import cross_tenant_reads

CROSS_TENANT_SCOPE = "system:oidc_login"


async def organisation_with_provider(
    session: AsyncSession, *, slug: str | None = None, organisation_id: uuid.UUID | None = None
) -> tuple[Organisation, OidcProvider] | None:
    """The active organisation and its enabled provider; read before anyone is logged in."""
    query = (
        select(Organisation, OidcProvider)
        .join(OidcProvider, OidcProvider.organisation_id == Organisation.id)
        .where(OidcProvider.enabled.is_(True), Organisation.status == OrganisationStatus.ACTIVE)
    )
    if slug is not None:
        query = query.where(Organisation.slug == slug)
    if organisation_id is not None:
        query = query.where(Organisation.id == organisation_id)
    async with cross_tenant_reads(session, CROSS_TENANT_SCOPE):
        row = (await session.execute(query)).first()
    return None if row is None else (row[0], row[1])


def verified_email(claims: dict[str, Any]) -> str:
    """The normalised email the ID token vouches for."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise OidcLoginError(
            "Le fournisseur d'identité n'a pas transmis d'adresse e-mail : demandez à "
            "l'administrateur de votre organisme d'autoriser la portée « email ».",
            reason="no_email",
        )
    # Absent means the provider vouches for the addresses it issues; present, it must hold.
    verified = claims.get("email_verified", True)
    if verified not in (True, "true"):
        raise OidcLoginError(
            f"Votre fournisseur d'identité indique que l'adresse {email} n'est pas vérifiée : "
            "faites-la vérifier auprès de lui, puis recommencez.",
            reason="email_not_verified",
        )
    return identity.normalise_email(email)


async def member(session: AsyncSession, organisation: Organisation, email: str) -> User:
    """The enabled user with this email who is a member of ``organisation``."""
    user = await session.scalar(select(User).where(User.email == email))
    membership = None
    if user is not None:
        async with cross_tenant_reads(session, CROSS_TENANT_SCOPE):
            membership = await session.scalar(
                select(Membership.id).where(
                    Membership.user_id == user.id,
                    Membership.organisation_id == organisation.id,
                )
            )
    if user is None or membership is None:
        raise OidcLoginError(
            f"Aucun compte membre de {organisation.name} pour {email} : "
            "demandez une invitation à votre administrateur.",
            reason="not_a_member",
            status=403,
        )
    if user.disabled_at is not None:
        raise OidcLoginError(
            "Ce compte est désactivé : adressez-vous à l'administrateur de votre organisme.",
            reason="account_disabled",
            status=403,
        )
    return user
