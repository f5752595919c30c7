"""Logging in, browser sessions, API-key authentication and passwords.

Authentication lookups run before the tenant is known: they read only the
credential tables and the user's own memberships.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import String, cast, event, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.identity import credential_changes, credentials, ratelimit
from clea_platform.identity.errors import IdentityError, IdentityErrorCode
from clea_platform.identity.models import (
    ApiKey,
    BrowserSession,
    Membership,
    PasswordResetToken,
    User,
)
from clea_platform.identity.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from clea_platform.identity.ratelimit import Limit
from clea_platform.identity.roles import PlatformRole
from clea_platform.identity.tokens import hash_token, new_token, same_hash
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, OrganisationStatus
from clea_platform.tenants.scoping import cross_tenant_reads

SESSION_IDLE_TIMEOUT = dt.timedelta(hours=8)
SESSION_MAX_AGE = dt.timedelta(days=14)
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=1)
RESET_TOKEN_VALIDITY = dt.timedelta(hours=1)
RATE_WINDOW = dt.timedelta(minutes=15)
API_KEY_PREFIX = "clea_"

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    if len(email) > 254 or not EMAIL.match(email):
        return "Adresse e-mail invalide (exemple : prenom.nom@organisme.fr)."
    return None


def as_aware(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# ---------------------------------------------------------------- rate limiting

# A stranger who knows an address must not be able to lock its owner out: failures
# lock the account for one client only; the slower limit per account stops a guessing
# campaign spread over many addresses, the limit per client one address trying many
# accounts. A successful login does not count.
LOGIN_PER_ACCOUNT_AND_CLIENT = Limit("login:account+client", 5, RATE_WINDOW)
LOGIN_PER_CLIENT = Limit("login:client", 20, RATE_WINDOW)
LOGIN_PER_ACCOUNT = Limit("login:account", 50, dt.timedelta(hours=1))
# Reset links: a few per address (more would only flood its inbox), more per client.
RESET_PER_ADDRESS = Limit("reset:address", 3, dt.timedelta(hours=1))
RESET_PER_CLIENT = Limit("reset:client", 10, dt.timedelta(hours=1))


def _login_limits(email: str, ip_address: str) -> list[tuple[Limit, str]]:
    return [
        (LOGIN_PER_ACCOUNT_AND_CLIENT, f"{email}\x00{ip_address}"),
        (LOGIN_PER_CLIENT, ip_address),
        (LOGIN_PER_ACCOUNT, email),
    ]


def _rate_limited(limit: Limit, what: str) -> IdentityError:
    return IdentityError(
        IdentityErrorCode.RATE_LIMITED,
        f"Trop de {what} : réessayez dans {limit.minutes} minutes.",
    )


async def count_login_attempt(
    sessions: async_sessionmaker[AsyncSession], email: str, ip_address: str
) -> None:
    """Count a login attempt before the password is checked, or refuse it.

    In a transaction of its own, committed at once: the attempt counts whatever the
    login's own transaction does, and parallel attempts each see the others'.
    """
    now = utcnow()
    async with sessions.begin() as session:
        for limit, subject in _login_limits(email, ip_address):
            if not await ratelimit.take(session, limit, subject, now):
                # Raising rolls back what this attempt counted under the other limits.
                raise _rate_limited(limit, "tentatives de connexion")
        await ratelimit.forget_old(session, now)


async def uncount_login_attempt(session: AsyncSession, email: str, ip_address: str) -> None:
    """A successful login does not count (given back with the login's own transaction)."""
    for limit, subject in _login_limits(email, ip_address):
        await ratelimit.give_back(session, limit, subject)


# ---------------------------------------------------------------- credential cache

# Resolved credentials are kept for a few seconds so that a burst of requests does
# not look the same cookie or key up again and again. Every change that affects them
# (logout, revocation, role change, suspension, organisation switch) forgets them in
# this process at once; other processes within a second (``credential_changes``).
CREDENTIAL_CACHE_SECONDS = 10.0
CREDENTIAL_CACHE_SIZE = 10_000
_credentials: dict[str, tuple[float, Actor]] = {}


def _cached_actor(token_hash: str, request_id: str, ip_address: str) -> Actor | None:
    entry = _credentials.get(token_hash)
    if entry is None or entry[0] < time.monotonic():
        return None
    return dataclasses.replace(entry[1], request_id=request_id, ip_address=ip_address)


def _remember(token_hash: str, actor: Actor) -> None:
    if len(_credentials) >= CREDENTIAL_CACHE_SIZE:
        _credentials.clear()
    _credentials[token_hash] = (time.monotonic() + CREDENTIAL_CACHE_SECONDS, actor)


FORGET_AFTER_COMMIT = "clea_forget_credentials"


def forget_credentials(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None = None,
    session_id: uuid.UUID | None = None,
    api_key_id: uuid.UUID | None = None,
    organisation_id: uuid.UUID | None = None,
) -> None:
    """Drop cached credentials matching any of the given identifiers.

    Now, and again once the transaction commits: a request resolved in between would
    otherwise cache the old rights again.
    """
    ids = {
        "user_id": user_id,
        "session_id": session_id,
        "api_key_id": api_key_id,
        "organisation_id": organisation_id,
    }
    session.info.setdefault(FORGET_AFTER_COMMIT, []).append(ids)
    _forget(**ids)
    credential_changes.record(session, ids)  # the other processes forget them too


@event.listens_for(Session, "after_commit")
def _forget_again_after_commit(session: Session) -> None:
    for ids in session.info.pop(FORGET_AFTER_COMMIT, []):
        _forget(**ids)


def forget_cached(**ids: uuid.UUID | None) -> None:
    """Forget cached credentials in this process only (``credential_changes`` polls)."""
    _forget(**ids)


def _forget(
    *,
    user_id: uuid.UUID | None,
    session_id: uuid.UUID | None,
    api_key_id: uuid.UUID | None,
    organisation_id: uuid.UUID | None,
) -> None:
    for token_hash, (_, actor) in list(_credentials.items()):
        if (
            (user_id is not None and actor.user_id == user_id)
            or (session_id is not None and actor.session_id == session_id)
            or (api_key_id is not None and actor.api_key_id == api_key_id)
            or (organisation_id is not None and actor.organisation_id == organisation_id)
        ):
            _credentials.pop(token_hash, None)


# ---------------------------------------------------------------- login and sessions


@dataclass(frozen=True, slots=True)
class OpenedSession:
    browser_session: BrowserSession
    token: str


async def authenticate_password(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    email: str,
    password: str,
    ip_address: str,
) -> User:
    email = normalise_email(email)
    await count_login_attempt(sessions, email, ip_address)
    user = await session.scalar(select(User).where(User.email == email))
    stored = await credentials.password_hash(session, user) if user else None
    valid = verify_password(stored, password)
    if user is None or not valid or user.disabled_at is not None:
        raise IdentityError(
            IdentityErrorCode.INVALID_CREDENTIALS, "Adresse e-mail ou mot de passe incorrect."
        )
    await uncount_login_attempt(session, email, ip_address)
    if stored and needs_rehash(stored):
        user.password_hash = hash_password(password)
    return user


async def open_session(
    session: AsyncSession,
    user: User,
    *,
    ip_address: str,
    user_agent: str,
    method: str = "password",
    organisation_id: uuid.UUID | None = None,
) -> OpenedSession:
    """Start a browser session; the active organisation defaults to the first membership."""
    now = utcnow()
    if organisation_id is None and "certifpro_admin" not in user.platform_roles:
        async with cross_tenant_reads(session, "system:authentication"):
            organisation_id = await session.scalar(
                select(Membership.organisation_id)
                .where(Membership.user_id == user.id)
                .order_by(Membership.created_at)
                .limit(1)
            )
    token = new_token()
    browser_session = BrowserSession(
        user_id=user.id,
        token_hash=hash_token(token),
        active_organisation_id=organisation_id,
        last_seen_at=now,
        expires_at=now + SESSION_MAX_AGE,
        user_agent=user_agent[:300],
        ip_address=ip_address[:64],
        auth_method=method,
    )
    session.add(browser_session)
    user.last_login_at = now
    await session.flush()
    return OpenedSession(browser_session=browser_session, token=token)


async def actor_for_user(
    session: AsyncSession,
    user: User,
    organisation_id: uuid.UUID | None,
    *,
    session_id: uuid.UUID | None = None,
    request_id: str = "",
    ip_address: str = "",
) -> Actor:
    """The actor of a user acting for ``organisation_id`` (None: platform level)."""
    roles: frozenset[str] = frozenset()
    active = True
    pending = False
    if organisation_id is not None:
        async with cross_tenant_reads(session, "system:authentication"):
            membership = await session.scalar(
                select(Membership).where(
                    Membership.user_id == user.id, Membership.organisation_id == organisation_id
                )
            )
        if membership is None:
            organisation_id = None
        else:
            roles = frozenset(membership.roles)
            status = await session.scalar(
                select(Organisation.status).where(Organisation.id == organisation_id)
            )
            active = status == OrganisationStatus.ACTIVE
            pending = status == OrganisationStatus.PENDING
    return Actor(
        label=f"{user.full_name} <{user.email}>",
        user_id=user.id,
        email=user.email,
        session_id=session_id,
        platform_roles=frozenset(user.platform_roles),
        organisation_id=organisation_id,
        organisation_active=active,
        organisation_pending=pending,
        roles=roles,
        request_id=request_id,
        ip_address=ip_address,
    )


async def resolve_session(
    session: AsyncSession, token: str, *, request_id: str, ip_address: str
) -> Actor | None:
    """The actor behind a session cookie, or None when it is unknown, revoked or expired."""
    token_hash = hash_token(token)
    if cached := _cached_actor(token_hash, request_id, ip_address):
        return cached
    browser_session = await session.scalar(
        select(BrowserSession).where(BrowserSession.token_hash == token_hash)
    )
    now = utcnow()
    if (
        browser_session is None
        or browser_session.revoked_at is not None
        or as_aware(browser_session.expires_at) <= now
        or as_aware(browser_session.last_seen_at) + SESSION_IDLE_TIMEOUT <= now
    ):
        return None
    user = await session.get(User, browser_session.user_id)
    if user is None or user.disabled_at is not None:
        return None
    if now - as_aware(browser_session.last_seen_at) > LAST_SEEN_RESOLUTION:
        browser_session.last_seen_at = now
    actor = await actor_for_user(
        session,
        user,
        browser_session.active_organisation_id,
        session_id=browser_session.id,
        request_id=request_id,
        ip_address=ip_address,
    )
    _remember(token_hash, actor)
    return actor


async def resolve_api_key(
    session: AsyncSession, raw_key: str, *, request_id: str, ip_address: str
) -> Actor | None:
    """The actor behind ``Authorization: Bearer clea_<prefix>_<secret>``, or None."""
    if not raw_key.startswith(API_KEY_PREFIX) or raw_key.count("_") < 2:
        return None
    prefix = raw_key[len(API_KEY_PREFIX) :].split("_", 1)[0]
    if cached := _cached_actor(hash_token(raw_key), request_id, ip_address):
        return cached
    # The key names its tenant: look it up before any tenant is set.
    async with cross_tenant_reads(session, "system:authentication"):
        api_key = await session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
        if api_key is None or api_key.revoked_at is not None:
            return None
        stored = await credentials.api_key_hash(session, api_key)
        if stored is None or not same_hash(raw_key, stored):
            return None
        now = utcnow()
        if api_key.last_used_at is None or now - as_aware(api_key.last_used_at) > (
            LAST_SEEN_RESOLUTION
        ):
            api_key.last_used_at = now
        status = await session.scalar(
            select(Organisation.status).where(Organisation.id == api_key.organisation_id)
        )
    actor = Actor(
        label=f"clé d'API « {api_key.name} »",
        api_key_id=api_key.id,
        organisation_id=api_key.organisation_id,
        organisation_active=status == OrganisationStatus.ACTIVE,
        roles=frozenset({api_key.role}),
        request_id=request_id,
        ip_address=ip_address,
    )
    _remember(stored, actor)
    return actor


async def switch_organisation(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID | None
) -> Actor:
    assert actor.session_id is not None
    assert actor.user_id is not None
    user = await session.get(User, actor.user_id)
    assert user is not None
    browser_session = await session.get(BrowserSession, actor.session_id)
    assert browser_session is not None
    if (
        browser_session.auth_method == "oidc"
        and organisation_id != browser_session.active_organisation_id
    ):
        # An organisation's identity provider vouches for its own members only: the
        # session it opened cannot act for another organisation.
        raise IdentityError(
            IdentityErrorCode.SESSION_BOUND,
            "Cette session a été ouverte par le fournisseur d'identité d'une organisation : "
            "reconnectez-vous (mot de passe ou fournisseur de l'autre organisation) pour "
            "changer d'organisation.",
            field="organisationId",
        )
    if organisation_id is None and not actor.is_platform_admin:
        raise IdentityError(
            IdentityErrorCode.NOT_A_MEMBER,
            "Choisissez une organisation : le niveau plateforme est réservé à Certif'Pro.",
            field="organisationId",
        )
    new_actor = await actor_for_user(
        session,
        user,
        organisation_id,
        session_id=actor.session_id,
        request_id=actor.request_id,
        ip_address=actor.ip_address,
    )
    if organisation_id is not None and new_actor.organisation_id != organisation_id:
        raise IdentityError(
            IdentityErrorCode.NOT_A_MEMBER,
            "Vous n'êtes pas membre de cette organisation.",
            field="organisationId",
        )
    await session.execute(
        update(BrowserSession)
        .where(BrowserSession.id == actor.session_id)
        .values(active_organisation_id=organisation_id)
    )
    forget_credentials(session, session_id=actor.session_id)
    audit.record(session, new_actor, "session.switch_organisation", [organisation_id or "-"])
    return new_actor


async def list_platform_administrators(session: AsyncSession) -> list[User]:
    """Active Certif'Pro administrators (platform role ``certifpro_admin``), by name.

    One statement: the JSON list of roles is matched as text (the same on SQLite and
    PostgreSQL), then checked exactly here.
    """
    role = PlatformRole.CERTIFPRO_ADMIN.value
    rows = await session.scalars(
        select(User)
        .where(
            User.disabled_at.is_(None),
            cast(User.platform_roles, String).like(f'%"{role}"%'),
        )
        .order_by(User.full_name, User.email)
    )
    return [user for user in rows if role in user.platform_roles]


async def list_sessions(session: AsyncSession, user_id: uuid.UUID) -> list[BrowserSession]:
    now = utcnow()
    rows = await session.scalars(
        select(BrowserSession)
        .where(BrowserSession.user_id == user_id, BrowserSession.revoked_at.is_(None))
        .order_by(BrowserSession.last_seen_at.desc())
    )
    return [row for row in rows if as_aware(row.expires_at) > now]


async def revoke_session(session: AsyncSession, actor: Actor, session_id: uuid.UUID) -> None:
    result = await session.execute(
        update(BrowserSession)
        .where(
            BrowserSession.id == session_id,
            BrowserSession.user_id == actor.user_id,
            BrowserSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise IdentityError(IdentityErrorCode.NOT_FOUND, "Session introuvable.", field="id")
    forget_credentials(session, session_id=session_id)
    audit.record(session, actor, "session.revoke", [session_id])


async def revoke_all_sessions(session: AsyncSession, actor: Actor) -> int:
    result = await session.execute(
        update(BrowserSession)
        .where(BrowserSession.user_id == actor.user_id, BrowserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    forget_credentials(session, user_id=actor.user_id)
    audit.record(session, actor, "session.revoke_all", [actor.user_id])
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- passwords


async def change_password(
    session: AsyncSession, actor: Actor, current_password: str, new_password: str
) -> None:
    user = await session.get(User, actor.user_id)
    assert user is not None
    if not verify_password(await credentials.password_hash(session, user), current_password):
        raise IdentityError(
            IdentityErrorCode.WRONG_PASSWORD,
            "Mot de passe actuel incorrect.",
            field="currentPassword",
        )
    if problem := password_problem(new_password, email=user.email, full_name=user.full_name):
        raise IdentityError(IdentityErrorCode.WEAK_PASSWORD, problem, field="newPassword")
    user.password_hash = hash_password(new_password)
    audit.record(session, actor, "account.change_password", [user.id])


async def request_password_reset(
    session: AsyncSession, actor: Actor, email: str, base_url: str
) -> None:
    """Send a reset link if the account exists; say nothing either way (no enumeration).

    Limited per client (refused: the caller is the problem) and per address, counted
    whether the account exists or not; past the latter the answer stays OK but no more
    mail is sent (the links already sent are still valid).
    """
    email = normalise_email(email)
    now = utcnow()
    if not await ratelimit.take(session, RESET_PER_CLIENT, actor.ip_address, now):
        raise _rate_limited(RESET_PER_CLIENT, "demandes de réinitialisation")
    if not await ratelimit.take(session, RESET_PER_ADDRESS, email, now):
        return
    user = await session.scalar(select(User).where(User.email == email))
    if user is None or user.disabled_at is not None:
        return
    await send_reset_link(session, actor, user, base_url)


async def send_reset_link(session: AsyncSession, actor: Actor, user: User, base_url: str) -> None:
    """Mail ``user`` a link to choose a password (also how a new jury member sets theirs)."""
    token = new_token()
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + RESET_TOKEN_VALIDITY,
        )
    )
    enqueue(
        session,
        user.email,
        "Réinitialisation de votre mot de passe",
        f"Bonjour {user.full_name},\n\n"
        "Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n"
        f"{base_url}/reinitialiser?token={token}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n",
    )
    audit.record(session, actor, "account.request_password_reset", [user.id])


async def reset_password(
    session: AsyncSession, actor: Actor, token: str, new_password: str
) -> User:
    reset = await session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token))
    )
    if reset is None or reset.used_at is not None or as_aware(reset.expires_at) <= utcnow():
        raise IdentityError(
            IdentityErrorCode.INVALID_TOKEN,
            "Lien de réinitialisation invalide ou expiré : demandez-en un nouveau.",
            field="token",
        )
    user = await session.get(User, reset.user_id)
    assert user is not None
    if problem := password_problem(new_password, email=user.email, full_name=user.full_name):
        raise IdentityError(IdentityErrorCode.WEAK_PASSWORD, problem, field="newPassword")
    user.password_hash = hash_password(new_password)
    reset.used_at = utcnow()
    # A reset ends every session: whoever knew the old password is logged out.
    await session.execute(
        update(BrowserSession)
        .where(BrowserSession.user_id == user.id, BrowserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    forget_credentials(session, user_id=user.id)
    audit.record(session, actor, "account.reset_password", [user.id])
    return user
