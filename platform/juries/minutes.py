"""The minutes (procès-verbal) of a closed session, frozen at closing, and their appendices.

The minutes are rendered once, when the session closes, and stored with their SHA-256:
every download returns those bytes, whatever changed since (a member's affiliations, a
dossier's status). An amendment adds an appendix of its own; the minutes are never
rewritten. Sessions closed before the minutes were stored get theirs frozen at their
first download.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from clea_platform.documents.pdf import render_core_pdf
from clea_platform.juries import access
from clea_platform.juries.attendance import attendees as attendees_of
from clea_platform.juries.decisions import OUTCOME_LABELS
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import (
    JurySession,
    MinutesDocument,
    MinutesKind,
    SessionStatus,
)
from clea_platform.juries.records import DecisionRecord
from clea_platform.juries.sessions import get_session
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import PLATFORM_ADMIN, SIGNED_IN

DOCUMENT_NOT_FOUND = "Document introuvable."


async def _render_minutes(session: AsyncSession, actor: Actor, jury_session: JurySession) -> bytes:
    attendees = await attendees_of(session, jury_session.id)
    agenda = await access.agenda(session, actor, jury_session.id)
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


def _store(
    session: AsyncSession,
    actor: Actor,
    jury_session: JurySession,
    kind: MinutesKind,
    number: int,
    content: bytes,
    decision_id: uuid.UUID | None = None,
) -> MinutesDocument:
    document = MinutesDocument(
        session_id=jury_session.id,
        kind=kind,
        number=number,
        decision_id=decision_id,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        created_by_id=actor.user_id,
    )
    session.add(document)
    return document


async def freeze_minutes(
    session: AsyncSession, actor: Actor, jury_session: JurySession
) -> MinutesDocument:
    """Render the minutes of a session being closed and store them (once)."""
    content = await _render_minutes(session, actor, jury_session)
    document = _store(session, actor, jury_session, MinutesKind.MINUTES, 0, content)
    await session.flush()
    return document


@dataclass(frozen=True, slots=True)
class AppendixFacts:
    """What an appendix records: the amendment and the decision it corrects."""

    original: DecisionRecord
    amendment: DecisionRecord
    holder_name: str
    organisation_name: str


async def add_appendix(
    session: AsyncSession, actor: Actor, jury_session: JurySession, facts: AppendixFacts
) -> MinutesDocument:
    """Append an amendment to the minutes, as the next numbered appendix."""
    last = await session.scalar(
        select(func.max(MinutesDocument.number)).where(
            MinutesDocument.session_id == jury_session.id,
            MinutesDocument.kind == MinutesKind.APPENDIX,
        )
    )
    number = int(last or 0) + 1
    content = render_core_pdf(
        "jury_minutes_appendix.html",
        {
            "session": jury_session,
            "number": number,
            "original": facts.original,
            "amendment": facts.amendment,
            "holder_name": facts.holder_name,
            "organisation_name": facts.organisation_name,
            "outcome_labels": OUTCOME_LABELS,
        },
    )
    document = _store(
        session,
        actor,
        jury_session,
        MinutesKind.APPENDIX,
        number,
        content,
        decision_id=facts.amendment.id,
    )
    await session.flush()
    return document


async def documents_by_session(
    session: AsyncSession, jury_session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[MinutesDocument]]:
    """Each session's minutes then appendices, in one statement (the PDFs not loaded)."""
    found: dict[uuid.UUID, list[MinutesDocument]] = {key: [] for key in jury_session_ids}
    if jury_session_ids:
        for document in await session.scalars(
            select(MinutesDocument)
            .where(MinutesDocument.session_id.in_(jury_session_ids))
            .order_by(MinutesDocument.kind.desc(), MinutesDocument.number)
        ):
            found[document.session_id].append(document)
    return found


async def _stored(
    session: AsyncSession, actor: Actor, jury_session: JurySession, kind: MinutesKind, number: int
) -> MinutesDocument | None:
    found: MinutesDocument | None = await session.scalar(
        select(MinutesDocument)
        .options(undefer(MinutesDocument.content))
        .where(
            MinutesDocument.session_id == jury_session.id,
            MinutesDocument.kind == kind,
            MinutesDocument.number == number,
        )
    )
    if found is None and kind == MinutesKind.MINUTES:
        # Closed before the minutes were stored: frozen now, at their first download.
        found = await freeze_minutes(session, actor, jury_session)
    return found


async def minutes_for(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID | None,
    appendix: int | None = None,
) -> MinutesDocument:
    """The stored minutes (or appendix ``n``), for Certif'Pro and the session's own members.

    ``None`` is an identifier that could not be read: not found, like a session that is
    not the caller's.

    Raises:
        NotAuthenticatedError: nobody is signed in.
        JuryError: ``NOT_FOUND`` when the session (or the appendix) is not the caller's or
            does not exist, ``INVALID_STATE`` while the session is not closed.
    """
    SIGNED_IN.check(actor)
    if jury_session_id is None or (
        not PLATFORM_ADMIN.allows(actor)
        and jury_session_id not in {s.id for s in await access.my_sessions(session, actor)}
    ):
        raise JuryError(JuryErrorCode.NOT_FOUND, DOCUMENT_NOT_FOUND, field="sessionId")
    jury_session = await get_session(session, jury_session_id)
    if jury_session.status != SessionStatus.CLOSED:
        raise JuryError(
            JuryErrorCode.INVALID_STATE, "Le procès-verbal est établi à la clôture de la session."
        )
    kind, number = (
        (MinutesKind.MINUTES, 0) if appendix is None else (MinutesKind.APPENDIX, appendix)
    )
    document = await _stored(session, actor, jury_session, kind, number)
    if document is None:
        raise JuryError(JuryErrorCode.NOT_FOUND, DOCUMENT_NOT_FOUND, field="appendix")
    return document
