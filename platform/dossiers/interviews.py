"""The information interview: free advice with an adviser, recorded before a dossier opens.

The pathway starts here (DOMAIN.md, step 1): the adviser, a staff member of the
organisation, meets the candidate; if the candidate is oriented towards the certification
and agrees, the adviser opens the dossier from that interview. Another outcome (another
orientation, deferred) is recorded too, but opens nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.dossiers.choices import InterviewOutcome
from clea_platform.dossiers.errors import DossierError, DossierErrorCode
from clea_platform.dossiers.models import Dossier, InformationInterview
from clea_platform.dossiers.new_candidate import NewCandidate, candidate_for
from clea_platform.identity.models import Membership, User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class RecordInterview:
    # Exactly one of ``candidate_id`` (an existing candidate) and ``new_candidate``.
    candidate_id: uuid.UUID | None
    certification_code: str
    held_on: dt.date
    adviser_id: uuid.UUID
    outcome: InterviewOutcome
    note: str = ""
    # A candidate registered with the interview (an interview that opens no dossier).
    new_candidate: NewCandidate | None = None


async def record_interview(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    data: RecordInterview,
    *,
    today: dt.date | None = None,
) -> InterviewRow:
    """Record the interview the adviser held with the candidate (not in the future)."""
    assert actor.organisation_id is not None
    if data.certification_code not in registry:
        raise DossierError(
            DossierErrorCode.UNKNOWN_CERTIFICATION,
            f"Certification inconnue : « {data.certification_code} ».",
            field="certificationCode",
        )
    if data.held_on > (today or dt.date.today()):
        raise DossierError(
            DossierErrorCode.INVALID_INTERVIEW,
            "L'entretien d'information ne peut pas être daté dans le futur.",
            field="heldOn",
        )
    candidate = await candidate_for(
        session, actor, data.candidate_id, data.new_candidate, today=today
    )
    adviser = await session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            User.id == data.adviser_id,
            Membership.organisation_id == actor.organisation_id,
            User.disabled_at.is_(None),
        )
    )
    if adviser is None:
        raise DossierError(
            DossierErrorCode.INVALID_INTERVIEW,
            "Le conseiller doit être un membre de l'organisation.",
            field="adviserId",
        )
    interview = InformationInterview(
        organisation_id=actor.organisation_id,
        candidate_id=candidate.id,
        certification_code=data.certification_code,
        held_on=data.held_on,
        adviser_id=adviser.id,
        outcome=data.outcome,
        note=data.note.strip(),
        recorded_by_id=actor.user_id,
    )
    session.add(interview)
    await session.flush()
    audit.record(session, actor, "dossier.record_interview", [interview.id, candidate.id])
    return InterviewRow(interview, adviser.full_name)


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """An interview as it is shown: with its adviser's name."""

    interview: InformationInterview
    adviser_name: str


async def _with_advisers(
    session: AsyncSession, interviews: Sequence[InformationInterview]
) -> list[InterviewRow]:
    ids = {interview.adviser_id for interview in interviews}
    names: dict[uuid.UUID, str] = {}
    if ids:
        rows = await session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
        names = {user_id: full_name for user_id, full_name in rows}
    return [InterviewRow(row, names.get(row.adviser_id, "")) for row in interviews]


async def interviews_of(session: AsyncSession, candidate_id: uuid.UUID) -> list[InterviewRow]:
    """The organisation's interviews with a candidate, the latest first."""
    rows = await session.scalars(
        select(InformationInterview)
        .where(InformationInterview.candidate_id == candidate_id)
        .order_by(InformationInterview.held_on.desc(), InformationInterview.created_at.desc())
    )
    return await _with_advisers(session, rows.all())


async def find_interview(
    session: AsyncSession, interview_id: uuid.UUID
) -> InformationInterview | None:
    """The organisation's interview, or None (missing and another tenant's look the same)."""
    return await session.scalar(
        select(InformationInterview).where(InformationInterview.id == interview_id)
    )


async def interview_row(session: AsyncSession, interview_id: uuid.UUID) -> InterviewRow | None:
    """The organisation's interview with its adviser's name, or None."""
    interview = await find_interview(session, interview_id)
    if interview is None:
        return None
    return (await _with_advisers(session, [interview]))[0]


async def interview_opening(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    certification_code: str,
    interview_id: uuid.UUID | None,
) -> InformationInterview:
    """The interview a new dossier opens from: the one named, or the candidate's latest
    interview oriented towards this certification that no dossier used yet."""
    required = DossierError(
        DossierErrorCode.INTERVIEW_REQUIRED,
        "Enregistrez d'abord l'entretien d'information qui oriente le candidat vers cette "
        "certification.",
        field="informationInterviewId",
    )
    used = select(Dossier.information_interview_id).where(
        Dossier.information_interview_id.is_not(None)
    )
    if interview_id is not None:
        interview = await find_interview(session, interview_id)
        if interview is None or interview.candidate_id != candidate_id:
            raise DossierError(
                DossierErrorCode.NOT_FOUND,
                "Entretien d'information introuvable pour ce candidat.",
                field="informationInterviewId",
            )
        if interview.certification_code != certification_code:
            raise DossierError(
                DossierErrorCode.INTERVIEW_REQUIRED,
                "L'entretien d'information portait sur une autre certification.",
                field="informationInterviewId",
            )
        if interview.outcome != InterviewOutcome.ORIENTED:
            raise DossierError(
                DossierErrorCode.INTERVIEW_REQUIRED,
                "L'entretien d'information n'a pas orienté le candidat vers cette "
                "certification : aucun dossier ne peut en être ouvert.",
                field="informationInterviewId",
            )
        if await session.scalar(used.where(Dossier.information_interview_id == interview.id)):
            raise DossierError(
                DossierErrorCode.INTERVIEW_REQUIRED,
                "Cet entretien d'information a déjà servi à ouvrir un dossier : "
                "enregistrez le nouvel entretien.",
                field="informationInterviewId",
            )
        return interview
    interview = await session.scalar(
        select(InformationInterview)
        .where(
            InformationInterview.candidate_id == candidate_id,
            InformationInterview.certification_code == certification_code,
            InformationInterview.outcome == InterviewOutcome.ORIENTED,
            InformationInterview.id.not_in(used),
        )
        .order_by(InformationInterview.held_on.desc(), InformationInterview.created_at.desc())
        .limit(1)
    )
    if interview is None:
        raise required
    return interview


async def erase_notes(session: AsyncSession, candidate_ids: Sequence[uuid.UUID]) -> None:
    """Blank the interviews' notes of erased candidates (free text may name the person);
    the date, adviser and outcome stay for statistics."""
    if candidate_ids:
        await session.execute(
            update(InformationInterview)
            .where(InformationInterview.candidate_id.in_(candidate_ids))
            .values(note="")
            .execution_options(synchronize_session=False)
        )
