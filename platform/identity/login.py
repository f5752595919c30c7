"""Logging in and out through the API: the browser session, the actor and the audit trail.

The caller (the GraphQL layer) only sets or clears the cookie with the token returned.
Logging in through an organisation's identity provider is in :mod:`.oidc_login`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.identity import members
from clea_platform.identity import service as identity
from clea_platform.identity.models import User
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class Client:
    """Where a request comes from, as recorded on the session and in the audit log."""

    ip_address: str
    user_agent: str
    request_id: str


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """The new session: who now acts, and the secret to hand the browser as its cookie."""

    actor: Actor
    token: str


async def log_in_with_password(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    email: str,
    password: str,
    client: Client,
) -> LoggedIn:
    """Check the password (rate-limited), open a session and record the login."""
    user = await identity.authenticate_password(
        session, sessions, email, password, client.ip_address
    )
    logged_in = await _open_session(session, user, "password", client)
    audit.record(session, logged_in.actor, "session.login", [user.id])
    return logged_in


async def accept_invitation(
    session: AsyncSession,
    actor: Actor,
    token: str,
    full_name: str,
    password: str,
    client: Client,
) -> LoggedIn:
    """Accept an invitation (creating the account if needed), then log in to that organisation."""
    user, organisation_id = await members.accept_invitation(
        session, actor, token, full_name, password
    )
    logged_in = await _open_session(session, user, "invitation", client)
    if logged_in.actor.organisation_id == organisation_id:
        return logged_in
    # A person already a member elsewhere lands in the organisation that invited them.
    switched = await identity.switch_organisation(session, logged_in.actor, organisation_id)
    return LoggedIn(switched, logged_in.token)


async def log_out(session: AsyncSession, actor: Actor) -> None:
    """End the actor's browser session, if the request has one (an API key has none)."""
    if actor.session_id is not None:
        await identity.revoke_session(session, actor, actor.session_id)


async def _open_session(session: AsyncSession, user: User, method: str, client: Client) -> LoggedIn:
    opened = await identity.open_session(
        session, user, ip_address=client.ip_address, user_agent=client.user_agent, method=method
    )
    actor = await identity.actor_for_user(
        session,
        user,
        opened.browser_session.active_organisation_id,
        session_id=opened.browser_session.id,
        request_id=client.request_id,
        ip_address=client.ip_address,
    )
    return LoggedIn(actor, opened.token)
