"""Who attends a session, whether it is paritaire, and opening it once it is."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.identity.models import User
from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.models import JuryMember, JurySession, SessionMember, SessionStatus, Side
from clea_platform.juries.sessions import error, get_session, invitation, require_status
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class Attendee:
    member: JuryMember
    full_name: str
    present: bool


async def attendees_by_session(
    session: AsyncSession, jury_session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Attendee]]:
    """The members invited to each session (by side, then name), in one statement."""
    found: dict[uuid.UUID, list[Attendee]] = {key: [] for key in jury_session_ids}
    if not jury_session_ids:
        return found
    rows = await session.execute(
        select(SessionMember.session_id, SessionMember.present, JuryMember, User.full_name)
        .join(JuryMember, JuryMember.id == SessionMember.member_id)
        .join(User, User.id == JuryMember.user_id)
        .where(SessionMember.session_id.in_(jury_session_ids))
        .order_by(JuryMember.side, User.full_name)
    )
    for session_id, present, member, name in rows:
        found[session_id].append(Attendee(member, name, present))
    return found


async def attendees(session: AsyncSession, jury_session_id: uuid.UUID) -> list[Attendee]:
    return (await attendees_by_session(session, [jury_session_id]))[jury_session_id]


async def record_attendance(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID,
    member_id: uuid.UUID,
    present: bool,
) -> JurySession:
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    invited = await invitation(session, jury_session_id, member_id)
    if invited is None:
        raise error(
            JuryErrorCode.NOT_A_MEMBER, "Ce membre n'est pas convoqué à la session.", "memberId"
        )
    invited.present = present
    audit.record(session, actor, "jury_session.attendance", [jury_session_id, member_id])
    return jury_session


def side_counts(members: Iterable[JuryMember]) -> tuple[int, int]:
    """(employers, employees) among these members."""
    sides = [m.side for m in members]
    return sides.count(Side.EMPLOYER), sides.count(Side.EMPLOYEE)


def is_paritaire(employers: int, employees: int) -> bool:
    """The rule: at least one of each side, and as many of one as of the other."""
    return employers > 0 and employers == employees


def parity_problem(present: Sequence[Attendee]) -> str | None:
    """Paritaire: at least one of each side present, and as many of one as of the other."""
    employers, employees = side_counts(a.member for a in present if a.present)
    if not is_paritaire(employers, employees):
        return (
            f"Jury non paritaire : {employers} représentant(s) des employeurs et {employees} "
            "des salariés présents (il en faut autant de chaque côté, au moins un)."
        )
    return None


async def require_paritaire(session: AsyncSession, jury_session_id: uuid.UUID) -> None:
    if problem := parity_problem(await attendees(session, jury_session_id)):
        raise error(JuryErrorCode.NOT_PARITAIRE, problem)


async def open_session(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CONVENED)
    await require_paritaire(session, jury_session_id)
    jury_session.status = SessionStatus.OPEN
    jury_session.opened_at = utcnow()
    jury_session.revision += 1
    audit.record(session, actor, "jury_session.open", [jury_session.id])
    return jury_session
