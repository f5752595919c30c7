"""The minutes (procès-verbal) of a closed session: attendance, decisions, recusals."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents.pdf import render_core_pdf
from clea_platform.juries import access, sessions
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import SessionStatus
from clea_platform.tenants.context import Actor


async def minutes_pdf(session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID) -> bytes:
    jury_session = await sessions.get_session(session, jury_session_id)
    if jury_session.status != SessionStatus.CLOSED:
        raise JuryError(
            JuryErrorCode.INVALID_STATE, "Le procès-verbal est établi à la clôture de la session."
        )
    attendees = await sessions.attendees(session, jury_session_id)
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
            "outcome_labels": sessions.OUTCOME_LABELS,
        },
    )
