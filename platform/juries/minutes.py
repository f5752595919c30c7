"""The minutes (procès-verbal) of a closed session: attendance, decisions, recusals."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents.pdf import render_core_pdf
from clea_platform.juries import access
from clea_platform.juries.attendance import attendees as attendees_of
from clea_platform.juries.decisions import OUTCOME_LABELS
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import SessionStatus
from clea_platform.juries.sessions import get_session
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import PLATFORM_ADMIN, SIGNED_IN

DOCUMENT_NOT_FOUND = "Document introuvable."


async def minutes_pdf(session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID) -> bytes:
    jury_session = await get_session(session, jury_session_id)
    if jury_session.status != SessionStatus.CLOSED:
        raise JuryError(
            JuryErrorCode.INVALID_STATE, "Le procès-verbal est établi à la clôture de la session."
        )
    attendees = await attendees_of(session, jury_session_id)
    agenda = await access.agenda(session, actor, jury_session_id)
    names = {a.member.id: a.full_name for a in attendees}
    recusals = [
        {"member": names.get(member_id, ""), "holder": entry.holder_name, "reason": reason}
        for entry in agenda
        for member_id, reason in entry.recused_members
    ]
    return render_core_pdf(
        "jury_minutes.html",
        {
            "session": jury_session,
            "attendees": attendees,
            "agenda": agenda,
            "recusals": recusals,
            "outcome_labels": OUTCOME_LABELS,
        },
    )


async def minutes_for(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID | None
) -> bytes:
    """The minutes, for Certif'Pro and the session's own members (the read is audited).

    ``None`` is an identifier that could not be read: not found, like a session that is
    not the caller's.

    Raises:
        NotAuthenticatedError: nobody is signed in.
        JuryError: ``NOT_FOUND`` when the session is not the caller's (or does not
            exist), ``INVALID_STATE`` while it is not closed.
    """
    SIGNED_IN.check(actor)
    if jury_session_id is None or (
        not PLATFORM_ADMIN.allows(actor)
        and jury_session_id not in {s.id for s in await access.my_sessions(session, actor)}
    ):
        raise JuryError(JuryErrorCode.NOT_FOUND, DOCUMENT_NOT_FOUND, field="sessionId")
    return await minutes_pdf(session, actor, jury_session_id)
