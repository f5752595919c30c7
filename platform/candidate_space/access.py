"""Signing in to the candidate space without a password: one-time links and sessions.

- An adviser invites the candidate (:mod:`.invitations`): the account is created for the
  candidate's person and a first link is mailed (valid :data:`INVITATION_VALIDITY`).
- The candidate asks for a new link with their e-mail address (:func:`request_link`):
  valid :data:`LINK_VALIDITY`, limited per address and per client, and the answer is the
  same whether the address is known or not.
- Where the organisation recorded a mobile number, the candidate may ask for a six-digit
  code by SMS instead (:func:`request_code`, :func:`sign_in_with_code`; the sender is
  pluggable, :mod:`.sms`): valid :data:`CODE_VALIDITY`, single use, five tries per number
  per 15 minutes, counted in a transaction of their own.
- A link is used once (:func:`sign_in`): it opens a candidate session (its own cookie,
  :data:`CANDIDATE_COOKIE`), whose actor carries the account and the person, never an
  organisation or a role.

Only SHA-256 hashes of links and session tokens are stored (``identity.tokens``).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.candidate_space import sms
from clea_platform.candidate_space.errors import CandidateSpaceError, CandidateSpaceErrorCode
from clea_platform.candidate_space.models import (
    CandidateAccount,
    CandidateSession,
    CandidateSignInCode,
    CandidateSignInLink,
)
from clea_platform.db.base import utcnow
from clea_platform.identity import ratelimit
from clea_platform.identity.ratelimit import Limit
from clea_platform.identity.service import as_aware, normalise_email
from clea_platform.identity.tokens import hash_token, new_token, same_hash
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
CODE_VALIDITY = dt.timedelta(minutes=15)
CODES_PER_PHONE = Limit("candidate-code:phone", 3, dt.timedelta(minutes=15))
CODE_TRIES_PER_PHONE = Limit("candidate-code-try:phone", 5, dt.timedelta(minutes=15))

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
    return await _open_session(session, actor, link.account_id, request_id, "link")


async def _open_session(
    session: AsyncSession, actor: Actor, account_id: uuid.UUID, request_id: str, method: str
) -> SignedIn:
    now = utcnow()
    account = await session.get(CandidateAccount, account_id)
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
    audit.record(session, signed_in, f"candidate_space.sign_in.{method}", [account.id])
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


INVALID_CODE = "Ce code ne marche pas. Vérifiez les 6 chiffres, ou demandez un nouveau code."
EXPIRED_CODE = "Ce code a expiré : il marche 15 minutes. Demandez un nouveau code."
USED_CODE = "Ce code a déjà servi : il ne marche qu'une fois. Demandez un nouveau code."
TOO_MANY_TRIES = "Trop d'essais. Attendez 15 minutes, puis demandez un nouveau code."


def _code_material(code_id: uuid.UUID, code: str) -> str:
    return f"{code_id}:{code.strip()}"


async def request_code(session: AsyncSession, actor: Actor, phone: str, data_dir: Path) -> None:
    """Send a sign-in code by SMS to each account of ``phone``; say nothing either way.

    The same limits as links: per client (refused) and per number (same answer, no SMS).
    """
    key = sms.phone_key(phone)
    now = utcnow()
    if not await ratelimit.take(session, LINKS_PER_CLIENT, actor.ip_address, now):
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.RATE_LIMITED,
            f"Trop de demandes. Attendez {LINKS_PER_CLIENT.minutes} minutes, puis réessayez.",
        )
    if not key or not await ratelimit.take(session, CODES_PER_PHONE, key, now):
        return
    accounts = (
        await session.scalars(select(CandidateAccount).where(CandidateAccount.phone == key))
    ).all()
    sender = sms.sender_for(data_dir)
    for account in accounts:
        code = f"{secrets.randbelow(10**6):06d}"
        row = CandidateSignInCode(
            account_id=account.id, code_hash="", expires_at=now + CODE_VALIDITY
        )
        session.add(row)
        await session.flush()
        row.code_hash = hash_token(_code_material(row.id, code))
        sender.send(
            key,
            f"Votre code pour entrer dans votre espace CléA : {code}. "
            "Il marche une seule fois, pendant 15 minutes. Ne le donnez à personne.",
        )
        audit.record(session, actor, "candidate_space.code_requested", [account.id])


async def sign_in_with_code(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    phone: str,
    code: str,
    *,
    request_id: str = "",
) -> SignedIn:
    """Use an SMS code once and open a candidate session.

    Each try is counted first, in a transaction of its own (committed whatever this one
    does): five tries per number per 15 minutes, then refused.
    """
    key = sms.phone_key(phone)
    async with sessions.begin() as counting:
        allowed = await ratelimit.take(counting, CODE_TRIES_PER_PHONE, key, utcnow())
    if not allowed:
        raise CandidateSpaceError(CandidateSpaceErrorCode.RATE_LIMITED, TOO_MANY_TRIES)
    now = utcnow()
    candidates = (
        await session.scalars(
            select(CandidateSignInCode)
            .join(CandidateAccount, CandidateAccount.id == CandidateSignInCode.account_id)
            .where(
                CandidateAccount.phone == key,
                CandidateSignInCode.created_at > now - dt.timedelta(days=1),
            )
        )
    ).all()
    found = next(
        (c for c in candidates if same_hash(_code_material(c.id, code), c.code_hash)), None
    )
    if not key or found is None:
        raise CandidateSpaceError(CandidateSpaceErrorCode.INVALID_CODE, INVALID_CODE, field="code")
    if found.used_at is not None:
        raise CandidateSpaceError(CandidateSpaceErrorCode.USED_CODE, USED_CODE, field="code")
    if as_aware(found.expires_at) <= now:
        raise CandidateSpaceError(CandidateSpaceErrorCode.EXPIRED_CODE, EXPIRED_CODE, field="code")
    claimed = await session.execute(
        update(CandidateSignInCode)
        .where(CandidateSignInCode.id == found.id, CandidateSignInCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise CandidateSpaceError(CandidateSpaceErrorCode.USED_CODE, USED_CODE, field="code")
    return await _open_session(session, actor, found.account_id, request_id, "sms")
