"""The stored credentials of people and machine clients, read only when checking them.

The ORM never loads ``User.password_hash`` nor ``ApiKey.key_hash`` (credential
columns); on PostgreSQL the runtime role cannot even select them. These two readers
are the only way, each inside a credential scope (see
:func:`clea_platform.tenants.scoping.read_credential`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import ApiKey, User
from clea_platform.tenants.scoping import read_credential


async def password_hash(session: AsyncSession, user: User) -> str | None:
    """The account's argon2 hash, or None (an account without a password)."""
    return await read_credential(
        session,
        "identity:password_check",
        select(User.password_hash).where(User.id == user.id),
        "password_hash",
        user.id,
    )


async def api_key_hash(session: AsyncSession, api_key: ApiKey) -> str | None:
    """The SHA-256 of the key's secret (the row must be visible to the session)."""
    return await read_credential(
        session,
        "identity:api_key_check",
        select(ApiKey.key_hash).where(
            ApiKey.organisation_id == api_key.organisation_id, ApiKey.id == api_key.id
        ),
        "api_key_hash",
        api_key.organisation_id,
        api_key.id,
    )
