"""The logins in progress: a single-use ``state`` with its ``nonce`` and PKCE verifier.

A state is stored when the browser leaves for the provider and consumed (deleted) when
it comes back, whether the rest of the login succeeds or not; abandoned ones are swept
when the next login starts. A state is valid :data:`LOGIN_STATE_VALIDITY`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from authlib.common.security import generate_token  # type: ignore[import-untyped]
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.db.base import utcnow
from clea_platform.identity import service as identity
from clea_platform.identity.models import OidcLoginState

LOGIN_STATE_VALIDITY = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class NewLogin:
    """The secrets of a login just started: ``state`` and ``nonce`` travel, the verifier stays."""

    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True, slots=True)
class PendingLogin:
    """What a consumed state held."""

    organisation_id: uuid.UUID
    nonce: str
    code_verifier: str
    issuer: str
    redirect_uri: str
    expired: bool


async def record_state(
    sessions: async_sessionmaker[AsyncSession],
    *,
    organisation_id: uuid.UUID,
    issuer: str,
    redirect_uri: str,
) -> NewLogin:
    """Store a new login in progress for this organisation's provider."""
    login = NewLogin(
        state=generate_token(48), nonce=generate_token(48), code_verifier=generate_token(64)
    )
    now = utcnow()
    async with sessions.begin() as session:
        # Abandoned logins are swept here: the table only ever holds recent ones.
        await session.execute(
            delete(OidcLoginState).where(OidcLoginState.created_at < now - LOGIN_STATE_VALIDITY)
        )
        session.add(
            OidcLoginState(
                state=login.state,
                organisation_id=organisation_id,
                nonce=login.nonce,
                code_verifier=login.code_verifier,
                created_at=now,
                extra={"issuer": issuer, "redirect_uri": redirect_uri},
            )
        )
    return login


async def consume_state(
    sessions: async_sessionmaker[AsyncSession], state: str
) -> PendingLogin | None:
    """Delete the state (single use, even when the rest fails) and return what it held."""
    if not state or len(state) > 64:
        return None
    async with sessions.begin() as session:
        row = await session.get(OidcLoginState, state)
        if row is None:
            return None
        result = await session.execute(delete(OidcLoginState).where(OidcLoginState.state == state))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None  # a concurrent callback took it first
        return PendingLogin(
            organisation_id=row.organisation_id,
            nonce=row.nonce,
            code_verifier=row.code_verifier,
            issuer=str(row.extra.get("issuer", "")),
            redirect_uri=str(row.extra.get("redirect_uri", "")),
            expired=identity.as_aware(row.created_at) + LOGIN_STATE_VALIDITY <= utcnow(),
        )
