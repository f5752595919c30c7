"""API keys of an organisation: machine clients acting with one role."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.pagination import Page, paginate
from clea_platform.db.base import utcnow
from clea_platform.identity.errors import IdentityError, IdentityErrorCode
from clea_platform.identity.members import checked_roles
from clea_platform.identity.models import ApiKey
from clea_platform.identity.service import forget_credentials
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class IssuedApiKey:
    api_key: ApiKey
    secret: str


async def create_api_key(session: AsyncSession, actor: Actor, name: str, role: str) -> IssuedApiKey:
    if not name.strip():
        raise IdentityError(IdentityErrorCode.REQUIRED, "Donnez un nom à la clé.", field="name")
    checked_roles([role], field="role")
    assert actor.organisation_id is not None
    prefix = new_token(6)[:8].replace("_", "x").replace("-", "y")
    secret = f"clea_{prefix}_{new_token(32)}"
    api_key = ApiKey(
        organisation_id=actor.organisation_id,
        name=name.strip(),
        role=role,
        prefix=prefix,
        key_hash=hash_token(secret),
        created_by_id=actor.user_id,
    )
    session.add(api_key)
    await session.flush()
    audit.record(session, actor, "api_key.create", [api_key.id])
    return IssuedApiKey(api_key=api_key, secret=secret)


async def revoke_api_key(session: AsyncSession, actor: Actor, api_key_id: uuid.UUID) -> ApiKey:
    api_key = await session.scalar(select(ApiKey).where(ApiKey.id == api_key_id))
    if api_key is None:
        raise IdentityError(IdentityErrorCode.NOT_FOUND, "Clé d'API introuvable.", field="id")
    if api_key.revoked_at is not None:
        raise IdentityError(IdentityErrorCode.INVALID_STATE, "Cette clé est déjà révoquée.")
    api_key.revoked_at = utcnow()
    forget_credentials(session, api_key_id=api_key.id)
    audit.record(session, actor, "api_key.revoke", [api_key.id])
    return api_key


async def list_api_keys(
    session: AsyncSession, *, first: int | None, after: str | None
) -> Page[ApiKey]:
    return await paginate(session, select(ApiKey), ApiKey.id, first=first, after=after)
