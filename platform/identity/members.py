"""Invitations and memberships of an organisation (API keys: :mod:`.api_keys`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.pagination import Page, paginate
from clea_platform.db.base import utcnow
from clea_platform.identity.errors import IdentityError, IdentityErrorCode
from clea_platform.identity.models import Invitation, Membership, User
from clea_platform.identity.passwords import hash_password, password_problem
from clea_platform.identity.roles import ROLE_LABELS, Role
from clea_platform.identity.service import (
    as_aware,
    email_problem,
    forget_credentials,
    normalise_email,
)
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant

INVITATION_VALIDITY = dt.timedelta(hours=72)
INVALID_INVITATION = (
    "Invitation invalide, expirée ou déjà utilisée : demandez une nouvelle invitation."
)


def checked_roles(roles: list[str], field: str = "roles") -> list[str]:
    if not roles:
        raise IdentityError(IdentityErrorCode.REQUIRED, "Choisissez au moins un rôle.", field=field)
    known = {role.value for role in Role}
    unknown = [role for role in roles if role not in known]
    if unknown:
        raise IdentityError(
            IdentityErrorCode.INVALID_ROLE, f"Rôle inconnu : {', '.join(unknown)}.", field=field
        )
    return sorted(set(roles))


# ---------------------------------------------------------------- invitations


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    invitation: Invitation
    token: str


async def invite(
    session: AsyncSession,
    actor: Actor,
    organisation_id: uuid.UUID,
    email: str,
    roles: list[str],
    base_url: str,
) -> IssuedInvitation:
    """Invite ``email`` with ``roles``; a pending invitation to the same address is replaced."""
    email = normalise_email(email)
    if problem := email_problem(email):
        raise IdentityError(IdentityErrorCode.INVALID_EMAIL, problem, field="email")
    roles = checked_roles(roles)
    existing_user = await session.scalar(select(User.id).where(User.email == email))
    if existing_user is not None and await session.scalar(
        select(Membership.id).where(
            Membership.organisation_id == organisation_id, Membership.user_id == existing_user
        )
    ):
        raise IdentityError(
            IdentityErrorCode.ALREADY_MEMBER,
            f"{email} est déjà membre de cette organisation.",
            field="email",
        )
    now = utcnow()
    await session.execute(
        update(Invitation)
        .where(
            Invitation.organisation_id == organisation_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_token()
    invitation = Invitation(
        organisation_id=organisation_id,
        email=email,
        roles=roles,
        token_hash=hash_token(token),
        expires_at=now + INVITATION_VALIDITY,
        invited_by_id=actor.user_id,
    )
    session.add(invitation)
    await session.flush()
    organisation = await session.get(Organisation, organisation_id)
    assert organisation is not None
    role_names = ", ".join(ROLE_LABELS[Role(role)] for role in roles)
    enqueue(
        session,
        email,
        f"Invitation à rejoindre {organisation.name} sur la plateforme CléA",
        f"Bonjour,\n\n{actor.label} vous invite à rejoindre {organisation.name} "
        f"sur la plateforme CléA (rôles : {role_names}).\n\n"
        f"Pour accepter, ouvrez ce lien (valable 72 heures, utilisable une seule fois) :\n"
        f"{base_url}/invitation?token={token}\n",
    )
    audit.record(
        session, actor, "invitation.create", [invitation.id], organisation_id=organisation_id
    )
    return IssuedInvitation(invitation=invitation, token=token)


async def revoke_invitation(
    session: AsyncSession, actor: Actor, invitation_id: uuid.UUID
) -> Invitation:
    invitation = await session.scalar(select(Invitation).where(Invitation.id == invitation_id))
    if invitation is None:
        raise IdentityError(IdentityErrorCode.NOT_FOUND, "Invitation introuvable.", field="id")
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise IdentityError(
            IdentityErrorCode.INVALID_STATE, "Cette invitation n'est plus en attente."
        )
    invitation.revoked_at = utcnow()
    audit.record(session, actor, "invitation.revoke", [invitation.id])
    return invitation


def invitation_status(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if as_aware(invitation.expires_at) <= utcnow():
        return "expired"
    return "pending"


async def _usable_invitation(session: AsyncSession, token: str) -> Invitation:
    # The token names its tenant: it is looked up before anyone is logged in.
    async with cross_tenant_reads(session, "system:invitation_token"):
        invitation = await session.scalar(
            select(Invitation).where(Invitation.token_hash == hash_token(token))
        )
    if invitation is None or invitation_status(invitation) != "pending":
        raise IdentityError(IdentityErrorCode.INVALID_TOKEN, INVALID_INVITATION, field="token")
    return invitation


@dataclass(frozen=True, slots=True)
class InvitationPreview:
    organisation_name: str
    email: str
    roles: list[str]
    expires_at: dt.datetime
    account_exists: bool


async def preview_invitation(session: AsyncSession, token: str) -> InvitationPreview | None:
    try:
        invitation = await _usable_invitation(session, token)
    except IdentityError:
        return None
    organisation = await session.get(Organisation, invitation.organisation_id)
    assert organisation is not None
    account = await session.scalar(select(User.id).where(User.email == invitation.email))
    return InvitationPreview(
        organisation_name=organisation.name,
        email=invitation.email,
        roles=list(invitation.roles),
        expires_at=invitation.expires_at,
        account_exists=account is not None,
    )


async def accept_invitation(
    session: AsyncSession, actor: Actor, token: str, full_name: str, password: str
) -> tuple[User, uuid.UUID]:
    """Create or attach the account; the invitation can be used once."""
    invitation = await _usable_invitation(session, token)
    user = await session.scalar(select(User).where(User.email == invitation.email))
    if user is None:
        if not full_name.strip():
            raise IdentityError(
                IdentityErrorCode.REQUIRED, "Indiquez vos prénom et nom.", field="fullName"
            )
        if problem := password_problem(password, email=invitation.email, full_name=full_name):
            raise IdentityError(IdentityErrorCode.WEAK_PASSWORD, problem, field="password")
        user = User(
            email=invitation.email,
            full_name=full_name.strip(),
            password_hash=hash_password(password),
            platform_roles=[],
        )
        session.add(user)
        await session.flush()
    # Single use even under concurrent clicks: only one UPDATE finds it unaccepted.
    async with cross_tenant_reads(session, "system:invitation_token"):
        claimed = await session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
            .values(accepted_at=utcnow())
        )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise IdentityError(
            IdentityErrorCode.INVALID_TOKEN, "Invitation déjà utilisée.", field="token"
        )
    with acting_as(Actor(user_id=user.id, organisation_id=invitation.organisation_id)):
        await refresh_tenant(session)
        membership = Membership(
            organisation_id=invitation.organisation_id,
            user_id=user.id,
            roles=list(invitation.roles),
        )
        session.add(membership)
        await session.flush()
    audit.record(
        session,
        actor,
        "invitation.accept",
        [invitation.id, user.id],
        organisation_id=invitation.organisation_id,
    )
    return user, invitation.organisation_id


async def list_invitations(
    session: AsyncSession, *, first: int | None, after: str | None
) -> Page[Invitation]:
    return await paginate(session, select(Invitation), Invitation.id, first=first, after=after)


# ---------------------------------------------------------------- members


async def list_members(
    session: AsyncSession, organisation_id: uuid.UUID, *, first: int | None, after: str | None
) -> Page[Membership]:
    query = select(Membership).where(Membership.organisation_id == organisation_id)
    return await paginate(session, query, Membership.id, first=first, after=after)


# Roles people are chosen for on the pathway: who evaluates a sitting, who trains.
STAFF_ROLES = (Role.EVALUATOR, Role.TRAINER)


@dataclass(frozen=True, slots=True)
class StaffMember:
    """The least needed to pick a colleague: their account, name and pathway roles."""

    user_id: uuid.UUID
    display_name: str
    roles: tuple[Role, ...]


async def list_staff(
    session: AsyncSession, organisation_id: uuid.UUID, roles: Collection[Role] = STAFF_ROLES
) -> list[StaffMember]:
    """Evaluators and trainers of one organisation (enabled accounts), by name.

    Only the organisation's own memberships count: the membership filter also shows a user
    their memberships elsewhere, so the organisation is always named explicitly here.
    """
    wanted = [role for role in STAFF_ROLES if role in roles]
    rows = await session.execute(
        select(User.id, User.full_name, Membership.roles)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id, User.disabled_at.is_(None))
        .order_by(User.full_name, User.id)
    )
    staff = []
    for user_id, full_name, held in rows:
        pathway_roles = tuple(role for role in STAFF_ROLES if role.value in held)
        if any(role in pathway_roles for role in wanted):
            staff.append(StaffMember(user_id, full_name, pathway_roles))
    return staff


async def is_staff(
    session: AsyncSession, organisation_id: uuid.UUID, user_id: uuid.UUID, role: Role
) -> bool:
    """Whether ``user_id`` holds ``role`` in the organisation, with an enabled account."""
    held = await session.scalar(
        select(Membership.roles)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organisation_id == organisation_id,
            Membership.user_id == user_id,
            User.disabled_at.is_(None),
        )
    )
    return held is not None and role.value in held


async def _membership(session: AsyncSession, actor: Actor, membership_id: uuid.UUID) -> Membership:
    membership = await session.scalar(
        select(Membership).where(
            Membership.id == membership_id, Membership.organisation_id == actor.organisation_id
        )
    )
    if membership is None:
        raise IdentityError(
            IdentityErrorCode.NOT_FOUND, "Membre introuvable.", field="membershipId"
        )
    return membership


async def _other_admins(session: AsyncSession, membership: Membership) -> int:
    others = await session.scalars(
        select(Membership).where(
            Membership.organisation_id == membership.organisation_id,
            Membership.id != membership.id,
        )
    )
    return sum(1 for other in others if Role.ORG_ADMIN in other.roles)


async def update_member_roles(
    session: AsyncSession, actor: Actor, membership_id: uuid.UUID, roles: list[str]
) -> Membership:
    membership = await _membership(session, actor, membership_id)
    roles = checked_roles(roles)
    losing_admin = Role.ORG_ADMIN not in roles and Role.ORG_ADMIN in membership.roles
    if losing_admin and await _other_admins(session, membership) == 0:
        raise IdentityError(
            IdentityErrorCode.LAST_ADMIN,
            "L'organisation doit garder au moins un administrateur.",
            field="roles",
        )
    membership.roles = roles
    forget_credentials(session, user_id=membership.user_id)
    audit.record(session, actor, "membership.update_roles", [membership.id])
    return membership


async def remove_member(session: AsyncSession, actor: Actor, membership_id: uuid.UUID) -> None:
    membership = await _membership(session, actor, membership_id)
    if Role.ORG_ADMIN in membership.roles and await _other_admins(session, membership) == 0:
        raise IdentityError(
            IdentityErrorCode.LAST_ADMIN,
            "L'organisation doit garder au moins un administrateur.",
            field="membershipId",
        )
    await session.delete(membership)
    forget_credentials(session, user_id=membership.user_id)
    audit.record(session, actor, "membership.remove", [membership.id])
