"""Certif'Pro's roster of jury members, per région and certification."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.identity.models import User
from clea_platform.identity.service import email_problem, normalise_email, send_reset_link
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import JuryMember, Side
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import region_problem
from clea_platform.tenants.identifiers import normalise, siren_problem


@dataclass(frozen=True, slots=True)
class MemberInput:
    email: str
    full_name: str
    side: Side
    body: str
    region: str
    certification_codes: Sequence[str]
    affiliations: Sequence[str] = ()


def _problems(data: MemberInput, registry: CertificationRegistry) -> list[JuryError]:
    errors: list[JuryError] = []
    if problem := email_problem(normalise_email(data.email)):
        errors.append(JuryError(JuryErrorCode.INVALID, problem, field="email"))
    if not data.full_name.strip():
        errors.append(
            JuryError(JuryErrorCode.REQUIRED, "Le nom est obligatoire.", field="fullName")
        )
    if not data.body.strip():
        errors.append(
            JuryError(
                JuryErrorCode.REQUIRED,
                "Indiquez l'organisation représentée (fédération, syndicat…).",
                field="body",
            )
        )
    if problem := region_problem(data.region):
        errors.append(JuryError(JuryErrorCode.INVALID, problem, field="region"))
    if not data.certification_codes or any(c not in registry for c in data.certification_codes):
        errors.append(
            JuryError(
                JuryErrorCode.INVALID,
                "Choisissez des certifications installées.",
                field="certificationCodes",
            )
        )
    for siren in data.affiliations:
        if problem := siren_problem(normalise(siren)):
            errors.append(JuryError(JuryErrorCode.INVALID, problem, field="affiliations"))
    return errors


async def add_member(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    data: MemberInput,
    *,
    base_url: str,
) -> JuryMember:
    """Put a person on the roster; a new person gets an account and a link to set a password."""
    if errors := _problems(data, registry):
        raise InvalidFormError(errors)
    email = normalise_email(data.email)
    user = await session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, full_name=data.full_name.strip())
        session.add(user)
        await session.flush()
        await send_reset_link(session, actor, user, base_url)
    elif await session.scalar(select(JuryMember.id).where(JuryMember.user_id == user.id)):
        raise JuryError(
            JuryErrorCode.ALREADY_MEMBER, f"{email} figure déjà dans le vivier.", field="email"
        )
    member = JuryMember(
        user_id=user.id,
        side=data.side,
        body=data.body.strip(),
        region=data.region,
        certification_codes=list(dict.fromkeys(data.certification_codes)),
        affiliations=sorted({normalise(s) for s in data.affiliations}),
    )
    session.add(member)
    await session.flush()
    audit.record(session, actor, "jury_member.add", [member.id, user.id])
    return member


async def update_member(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    member_id: uuid.UUID,
    data: MemberInput,
    *,
    active: bool,
) -> JuryMember:
    member = await get_member(session, member_id)
    if errors := [e for e in _problems(data, registry) if e.field != "email"]:
        raise InvalidFormError(errors)
    member.side = data.side
    member.body = data.body.strip()
    member.region = data.region
    member.certification_codes = list(dict.fromkeys(data.certification_codes))
    member.affiliations = sorted({normalise(s) for s in data.affiliations})
    member.active = active
    audit.record(session, actor, "jury_member.update", [member.id])
    return member


async def get_member(session: AsyncSession, member_id: uuid.UUID) -> JuryMember:
    member = await session.get(JuryMember, member_id)
    if member is None:
        raise JuryError(JuryErrorCode.NOT_FOUND, "Membre du jury introuvable.", field="memberId")
    return member


async def member_of_user(session: AsyncSession, user_id: uuid.UUID | None) -> JuryMember | None:
    if user_id is None:
        return None
    member: JuryMember | None = await session.scalar(
        select(JuryMember).where(JuryMember.user_id == user_id)
    )
    return member


async def list_members(
    session: AsyncSession, *, region: str | None = None, certification_code: str | None = None
) -> list[JuryMember]:
    query = select(JuryMember).order_by(JuryMember.region, JuryMember.side, JuryMember.body)
    if region:
        query = query.where(JuryMember.region == region)
    members = list(await session.scalars(query))
    if certification_code:
        members = [m for m in members if certification_code in m.certification_codes]
    return members


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A member of the roster with their account's name and e-mail."""

    member: JuryMember
    full_name: str
    email: str


async def entries(session: AsyncSession, members: Sequence[JuryMember]) -> list[RosterEntry]:
    """The members with their names and e-mails (one statement)."""
    users = {
        u.id: u
        for u in await session.scalars(
            select(User).where(User.id.in_([m.user_id for m in members]))
        )
    }
    return [
        RosterEntry(member, users[member.user_id].full_name, users[member.user_id].email)
        for member in members
    ]


async def list_entries(
    session: AsyncSession, *, region: str | None = None, certification_code: str | None = None
) -> list[RosterEntry]:
    """The roster (Certif'Pro's), by région, side and body, with names and e-mails."""
    members = await list_members(session, region=region, certification_code=certification_code)
    return await entries(session, members)
