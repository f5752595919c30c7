"""Jury sessions: convening, inviting members, the status guard and Certif'Pro's list.

Sessions are Certif'Pro's; the dossiers on their agendas belong to many organisations
and are read and moved under a named cross-tenant scope (:func:`scope_of`), always
audited. A session is convened, opened once paritaire (``attendance.py``), decides
(``decisions.py``) and closes; its certificates follow (``issuance.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.identity.models import User
from clea_platform.juries.convocation import convocation
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import JuryMember, JurySession, SessionMember, SessionStatus
from clea_platform.mail.service import enqueue
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import region_problem

STATUS_LABELS = {
    SessionStatus.CONVENED: "convoquée",
    SessionStatus.OPEN: "ouverte",
    SessionStatus.CLOSED: "close",
}


#: Most members one session convenes at once.
MEMBER_CAP = 200


def scope_of(jury_session_id: uuid.UUID) -> str:
    """The cross-tenant scope of a session's agenda (dossiers of many organisations)."""
    return f"jury:{jury_session_id}"


def error(code: JuryErrorCode, message: str, field: str | None = None) -> JuryError:
    return JuryError(code, message, field=field)


@dataclass(frozen=True, slots=True)
class SessionInput:
    title: str
    certification_codes: Sequence[str]
    region: str
    held_on: dt.date
    place: str = ""
    remote: bool = False
    member_ids: Sequence[uuid.UUID] = ()
    starts_at: dt.time = dt.time(9, 0)
    ends_at: dt.time = dt.time(12, 30)
    interviews: bool = False


def _problems(
    registry: CertificationRegistry, data: SessionInput, today: dt.date
) -> list[JuryError]:
    errors: list[JuryError] = []
    if not data.title.strip():
        errors.append(error(JuryErrorCode.REQUIRED, "Le titre est obligatoire.", "title"))
    if not data.certification_codes or any(c not in registry for c in data.certification_codes):
        errors.append(
            error(
                JuryErrorCode.INVALID,
                "Choisissez des certifications installées.",
                "certificationCodes",
            )
        )
    if problem := region_problem(data.region):
        errors.append(error(JuryErrorCode.INVALID, problem, "region"))
    if data.held_on < today:
        errors.append(error(JuryErrorCode.INVALID, "La date est passée.", "heldOn"))
    if not data.remote and not data.place.strip():
        errors.append(
            error(JuryErrorCode.REQUIRED, "Indiquez le lieu, ou cochez « à distance ».", "place")
        )
    if data.ends_at <= data.starts_at:
        errors.append(
            error(JuryErrorCode.INVALID, "L'heure de fin doit suivre l'heure de début.", "endsAt")
        )
    if len(data.member_ids) > MEMBER_CAP:
        errors.append(
            error(JuryErrorCode.INVALID, f"Au plus {MEMBER_CAP} membres par session.", "memberIds")
        )
    if not data.member_ids:
        errors.append(
            error(
                JuryErrorCode.NO_MEMBERS,
                "Convoquez au moins un membre du vivier : une session sans membre ne peut pas "
                "être convoquée (et il en faudra autant de chaque collège pour l'ouvrir).",
                "memberIds",
            )
        )
    return errors


async def convene(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    data: SessionInput,
    *,
    today: dt.date,
) -> JurySession:
    if errors := _problems(registry, data, today):
        raise InvalidFormError(errors)
    jury_session = JurySession(
        title=data.title.strip(),
        certification_codes=list(dict.fromkeys(data.certification_codes)),
        region=data.region,
        held_on=data.held_on,
        place=data.place.strip(),
        remote=data.remote,
        starts_at=data.starts_at.replace(second=0, microsecond=0, tzinfo=None),
        ends_at=data.ends_at.replace(second=0, microsecond=0, tzinfo=None),
        interviews=data.interviews,
        convened_by_id=actor.user_id,
    )
    session.add(jury_session)
    await session.flush()
    for member_id in dict.fromkeys(data.member_ids):
        await invite(session, actor, jury_session.id, member_id)
    audit.record(session, actor, "jury_session.convene", [jury_session.id])
    return jury_session


async def get_session(session: AsyncSession, jury_session_id: uuid.UUID) -> JurySession:
    found = await session.get(JurySession, jury_session_id)
    if found is None:
        raise error(JuryErrorCode.NOT_FOUND, "Session de jury introuvable.", "sessionId")
    return found


def require_status(jury_session: JurySession, *statuses: SessionStatus) -> None:
    """Refuse an action the session's status does not allow (a closed session is frozen)."""
    if jury_session.status not in statuses:
        raise error(
            JuryErrorCode.INVALID_STATE,
            f"La session est {STATUS_LABELS[jury_session.status]} : action impossible"
            + (
                " (une session close est figée)."
                if jury_session.status == SessionStatus.CLOSED
                else "."
            ),
        )


async def list_sessions(
    session: AsyncSession, *, status: SessionStatus | None = None
) -> list[JurySession]:
    """Every session (Certif'Pro's list), newest first."""
    query = select(JurySession).order_by(JurySession.held_on.desc())
    if status is not None:
        query = query.where(JurySession.status == status)
    return list(await session.scalars(query))


async def invite(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID, member_id: uuid.UUID
) -> JurySession:
    """Invite a member of the roster (by e-mail); inviting twice changes nothing."""
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    member = await session.get(JuryMember, member_id)
    if member is None or not member.active:
        raise error(JuryErrorCode.NOT_FOUND, "Membre du jury introuvable.", "memberIds")
    existing = await session.scalar(
        select(SessionMember.id).where(
            SessionMember.session_id == jury_session_id, SessionMember.member_id == member_id
        )
    )
    if existing is not None:
        return jury_session
    session.add(SessionMember(session_id=jury_session_id, member_id=member_id))
    await session.flush()
    await _send_convocation(session, jury_session, member)
    audit.record(session, actor, "jury_session.invite", [jury_session_id, member_id])
    return jury_session


async def _send_convocation(
    session: AsyncSession, jury_session: JurySession, member: JuryMember
) -> None:
    people = {
        user.id: user
        for user in await session.scalars(
            select(User).where(
                User.id.in_([i for i in (member.user_id, jury_session.convened_by_id) if i])
            )
        )
    }
    invited = people.get(member.user_id)
    if invited is None or not invited.email:
        return
    convener = people.get(jury_session.convened_by_id) if jury_session.convened_by_id else None
    message = convocation(
        jury_session,
        attendee_email=invited.email,
        attendee_name=invited.full_name,
        organizer_email=convener.email if convener else None,
        organizer_name=f"Certif'Pro — {convener.full_name}" if convener else "Certif'Pro",
    )
    enqueue(session, invited.email, message.subject, message.body, attachment=message.attachment)


async def invitation(
    session: AsyncSession, jury_session_id: uuid.UUID, member_id: uuid.UUID
) -> SessionMember | None:
    """The member's invitation to the session, if any."""
    found: SessionMember | None = await session.scalar(
        select(SessionMember).where(
            SessionMember.session_id == jury_session_id, SessionMember.member_id == member_id
        )
    )
    return found
