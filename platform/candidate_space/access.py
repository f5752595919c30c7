"""Signing in to the candidate space without a password: one-time links and sessions.

- An adviser invites the candidate (:mod:`.invitations`): the account is created for the
  candidate's person and a first link is mailed (valid :data:`INVITATION_VALIDITY`).
- The candidate asks for a new link with their e-mail address (:func:`request_link`):
  valid :data:`LINK_VALIDITY`, limited per address and per client, and the answer is the
  same whether the address is known or not.
- A link is used once (:func:`sign_in`): it opens a candidate session (its own cookie,
  :data:`CANDIDATE_COOKIE`), whose actor carries the account and the person, never an
  organisation or a role.

Only SHA-256 hashes of links and session tokens are stored (``identity.tokens``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidate_space.errors import CandidateSpaceError, CandidateSpaceErrorCode
from clea_platform.candidate_space.models import (
    CandidateAccount,
    CandidateSession,
    CandidateSignInLink,
)
from clea_platform.db.base import utcnow
from clea_platform.identity import ratelimit
from clea_platform.identity.ratelimit import Limit
from clea_platform.identity.service import as_aware, normalise_email
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor

CANDIDATE_COOKIE = "clea_candidate"
LINK_VALIDITY = dt.timedelta(minutes=15)
INVITATION_VALIDITY = dt.timedelta(days=7)
SESSION_VALIDITY = dt.timedelta(hours=8)
LINK_PATH = "/espace-candidat/connexion"
# A few links per address (more would only flood the inbox), more per client address.
LINKS_PER_ADDRESS = Limit("candidate-link:address", 3, dt.timedelta(minutes=15))
LINKS_PER_CLIENT = Limit("candidate-link:client", 10, dt.timedelta(hours=1))

INVALID_LINK = (
    "Ce lien ne marche pas. Il est peut-être incomplet. Demandez un nouveau lien de connexion."
)
EXPIRED_LINK = "Ce lien a expiré : il marche 15 minutes. Demandez un nouveau lien de connexion."
USED_LINK = (
    "Ce lien a déjà servi : il ne marche qu'une fois. Demandez un nouveau lien de connexion."
)


def link_url(base_url: str, token: str) -> str:
    return f"{base_url}{LINK_PATH}?jeton={token}"


def new_link(session: AsyncSession, account: CandidateAccount, validity: dt.timedelta) -> str:
    """Store a fresh link's hash for ``account``; returns the secret for the e-mail."""
    token = new_token()
    session.add(
        CandidateSignInLink(
            account_id=account.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + validity,
        )
    )
    return token


async def request_link(session: AsyncSession, actor: Actor, email: str, base_url: str) -> None:
    """Mail a sign-in link to each account of ``email``; say nothing either way.

    Limited per client (refused: the caller is the problem) and per address, counted
    whether the address is known or not; past the address's limit the answer stays the
    same but no more mail is sent (the links already sent still work).
    """
    email = normalise_email(email)
    now = utcnow()
    if not await ratelimit.take(session, LINKS_PER_CLIENT, actor.ip_address, now):
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.RATE_LIMITED,
            f"Trop de demandes. Attendez {LINKS_PER_CLIENT.minutes} minutes, puis réessayez.",
        )
    if not await ratelimit.take(session, LINKS_PER_ADDRESS, email, now):
        return
    accounts = (
        await session.scalars(select(CandidateAccount).where(CandidateAccount.email == email))
    ).all()
    for account in accounts:
        token = new_link(session, account, LINK_VALIDITY)
        enqueue(
            session,
            account.email,
            "Votre lien pour entrer dans votre espace CléA",
            "Bonjour,\n\n"
            "Voici votre lien pour entrer dans votre espace candidat CléA.\n"
            "Cliquez sur le lien. Il marche une seule fois, pendant 15 minutes :\n"
            f"{link_url(base_url, token)}\n\n"
            "Vous n'avez pas demandé ce lien ? Ne faites rien.\n",
        )
        audit.record(session, actor, "candidate_space.link_requested", [account.id])


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The new candidate session: its actor and the secret to put in the cookie."""

    actor: Actor
    token: str


async def sign_in(
    session: AsyncSession, actor: Actor, token: str, *, request_id: str = ""
) -> SignedIn:
    """Use a link once and open a candidate session; French refusals, nothing changed."""
    link = await session.scalar(
        select(CandidateSignInLink).where(CandidateSignInLink.token_hash == hash_token(token))
    )
    now = utcnow()
    if link is None:
        raise CandidateSpaceError(CandidateSpaceErrorCode.INVALID_LINK, INVALID_LINK, field="token")
    if link.used_at is not None:
        raise CandidateSpaceError(CandidateSpaceErrorCode.USED_LINK, USED_LINK, field="token")
    if as_aware(link.expires_at) <= now:
        raise CandidateSpaceError(CandidateSpaceErrorCode.EXPIRED_LINK, EXPIRED_LINK, field="token")
    # Used once, even by two clicks at the same time: only one update finds it unused.
    claimed = await session.execute(
        update(CandidateSignInLink)
        .where(CandidateSignInLink.id == link.id, CandidateSignInLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise CandidateSpaceError(CandidateSpaceErrorCode.USED_LINK, USED_LINK, field="token")
    account = await session.get(CandidateAccount, link.account_id)
    assert account is not None
    if account.activated_at is None:
        account.activated_at = now
    account.last_sign_in_at = now
    secret = new_token()
    candidate_session = CandidateSession(
        account_id=account.id, token_hash=hash_token(secret), expires_at=now + SESSION_VALIDITY
    )
    session.add(candidate_session)
    await session.flush()
    signed_in = candidate_actor(
        account, candidate_session.id, request_id=request_id, ip_address=actor.ip_address
    )
    audit.record(session, signed_in, "candidate_space.sign_in", [account.id])
    return SignedIn(signed_in, secret)


def candidate_actor(
    account: CandidateAccount, session_id: uuid.UUID, *, request_id: str, ip_address: str
) -> Actor:
    return Actor(
        label="candidat",
        candidate_account_id=account.id,
        candidate_person_id=account.person_id,
        candidate_session_id=session_id,
        request_id=request_id,
        ip_address=ip_address,
    )


async def resolve_session(
    session: AsyncSession, token: str, *, request_id: str, ip_address: str
) -> Actor | None:
    """The candidate behind a candidate cookie, or None (unknown, revoked, expired)."""
    found = await session.scalar(
        select(CandidateSession).where(CandidateSession.token_hash == hash_token(token))
    )
    if found is None or found.revoked_at is not None or as_aware(found.expires_at) <= utcnow():
        return None
    account = await session.get(CandidateAccount, found.account_id)
    if account is None:
        return None
    return candidate_actor(account, found.id, request_id=request_id, ip_address=ip_address)


async def sign_out(session: AsyncSession, actor: Actor) -> None:
    """End the candidate's current session (nothing for anybody else)."""
    if not actor.is_candidate or actor.candidate_session_id is None:
        return
    await session.execute(
        update(CandidateSession)
        .where(
            CandidateSession.id == actor.candidate_session_id,
            CandidateSession.account_id == actor.candidate_account_id,
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
