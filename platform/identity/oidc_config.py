"""An organisation's OpenID Connect provider settings; the client secret is encrypted."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.identity.errors import IdentityError, IdentityErrorCode
from clea_platform.identity.models import OidcProvider
from clea_platform.identity.outbound import url_problem
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, OrganisationStatus
from clea_platform.tenants.scoping import cross_tenant_reads


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(f"oidc-client-secret:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(secret_key: str, value: str) -> str:
    return _fernet(secret_key).encrypt(value.encode()).decode()


def decrypt_secret(secret_key: str, value: str) -> str:
    return _fernet(secret_key).decrypt(value.encode()).decode()


def issuer_problem(issuer: str, *, production: bool = False) -> str | None:
    """Why the server may not fetch ``issuer`` (French), or None (``outbound.url_problem``).

    Production: https to a public host only; development: also http to localhost.
    """
    return url_problem(issuer, production=production)


async def get_configuration(session: AsyncSession) -> OidcProvider | None:
    return await session.scalar(select(OidcProvider))


async def configure(
    session: AsyncSession,
    actor: Actor,
    secret_key: str,
    *,
    issuer: str,
    client_id: str,
    client_secret: str | None,
    enabled: bool,
    production: bool = False,
) -> OidcProvider:
    issuer = issuer.strip().rstrip("/")
    if problem := issuer_problem(issuer, production=production):
        raise IdentityError(IdentityErrorCode.INVALID_URL, problem, field="issuer")
    if not client_id.strip():
        raise IdentityError(
            IdentityErrorCode.REQUIRED, "Identifiant client obligatoire.", field="clientId"
        )
    provider = await get_configuration(session)
    if provider is None:
        if not client_secret:
            raise IdentityError(
                IdentityErrorCode.REQUIRED, "Secret client obligatoire.", field="clientSecret"
            )
        assert actor.organisation_id is not None
        provider = OidcProvider(organisation_id=actor.organisation_id)
        session.add(provider)
    provider.issuer = issuer
    provider.client_id = client_id.strip()
    if client_secret:
        provider.client_secret = encrypt_secret(secret_key, client_secret)
    provider.enabled = enabled
    await session.flush()
    audit.record(session, actor, "oidc.configure", [provider.id])
    return provider


async def login_options(session: AsyncSession) -> list[tuple[str, str]]:
    """(name, slug) of active organisations offering OIDC login: public information."""
    async with cross_tenant_reads(session, "system:login_options"):
        rows = await session.execute(
            select(Organisation.name, Organisation.slug)
            .join(OidcProvider, OidcProvider.organisation_id == Organisation.id)
            .where(OidcProvider.enabled.is_(True), Organisation.status == OrganisationStatus.ACTIVE)
            .order_by(Organisation.name)
        )
        return [(name, slug) for name, slug in rows]
