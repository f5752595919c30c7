"""What jury members read: exactly the dossiers on their sessions' agendas, audited.

A member invited to a session reads it and its agenda; for each dossier they are not
recused from, the results per domain and item, the evaluations and the training done. A
recused member sees the candidate's name only. Certif'Pro admins read every session.
Sessions one may not read and sessions that do not exist look the same (not found).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations.models import Evaluation, EvaluationStatus, ItemResult
from clea_platform.juries.attendance import attendees
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import AgendaItem, Decision, JurySession, SessionMember
from clea_platform.juries.panel import build_panel
from clea_platform.juries.records import DecisionRecord, decision_records
from clea_platform.juries.recusal import recusals
from clea_platform.juries.roster import member_of_user
from clea_platform.juries.sessions import get_session, scope_of
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training.models import TrainingPlan, TrainingProgress


def holder_name(candidate: Candidate) -> str:
    last = candidate.usage_name or candidate.birth_name
    return f"{candidate.first_names} {last.upper()}"


async def my_sessions(session: AsyncSession, actor: Actor) -> list[JurySession]:
    member = await member_of_user(session, actor.user_id)
    if member is None:
        return []
    return list(
        await session.scalars(
            select(JurySession)
            .join(SessionMember, SessionMember.session_id == JurySession.id)
            .where(SessionMember.member_id == member.id)
            .order_by(JurySession.held_on.desc())
        )
    )


async def visible_session_for(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession | None:
    """A session the caller may read: any for Certif'Pro, their own for jury members.

    None when it does not exist or is not the caller's: both look the same.
    """
    jury_session = await session.get(JurySession, jury_session_id)
    if jury_session is None:
        return None
    if PLATFORM_ADMIN.allows(actor):
        return jury_session
    mine = {s.id for s in await my_sessions(session, actor)}
    return jury_session if jury_session.id in mine else None


async def _viewer_member_id(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> uuid.UUID | None:
    """The caller's member id in this session; None for Certif'Pro admins; else refused."""
    if actor.is_platform_admin:
        return None
    member = await member_of_user(session, actor.user_id)
    invited = member is not None and await session.scalar(
        select(SessionMember.id).where(
            SessionMember.session_id == jury_session_id, SessionMember.member_id == member.id
        )
    )
    if member is None or not invited:
        raise JuryError(JuryErrorCode.NOT_FOUND, "Session de jury introuvable.", field="sessionId")
    return member.id


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    dossier_id: uuid.UUID
    organisation_name: str
    certification_code: str
    holder_name: str
    dossier_status: str
    recusal: str | None
    decision: DecisionRecord | None
    recused_members: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    # Why the dossier went back to the pool at closing without a decision ("" otherwise).
    returned_reason: str = ""
    # Amendments of the decision, oldest first (the last one is the decision in force).
    amendments: list[DecisionRecord] = field(default_factory=list)
    # Why the session cannot decide this dossier (recusals break parity for it), or None.
    parity_problem: str | None = None


async def agenda(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> list[AgendaEntry]:
    await get_session(session, jury_session_id)
    viewer = await _viewer_member_id(session, actor, jury_session_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        rows = (
            await session.execute(
                select(AgendaItem, Dossier, Candidate, Organisation.name)
                .join(
                    Dossier,
                    (Dossier.id == AgendaItem.dossier_id)
                    & (Dossier.organisation_id == AgendaItem.organisation_id),
                )
                .join(
                    Candidate,
                    (Candidate.id == Dossier.candidate_id)
                    & (Candidate.organisation_id == Dossier.organisation_id),
                )
                .join(Organisation, Organisation.id == Dossier.organisation_id)
                .where(AgendaItem.session_id == jury_session_id)
                .order_by(AgendaItem.added_at, AgendaItem.id)
            )
        ).all()
        decisions: dict[uuid.UUID, Decision] = {}
        amendments: dict[uuid.UUID, list[Decision]] = {}
        for d in await session.scalars(
            select(Decision)
            .where(Decision.session_id == jury_session_id)
            .order_by(Decision.decided_at, Decision.id)
        ):
            if d.amends_id is None:
                decisions[d.dossier_id] = d
            else:
                amendments.setdefault(d.dossier_id, []).append(d)
        records = await decision_records(
            session, [*decisions.values(), *(a for chain in amendments.values() for a in chain)]
        )
        audit.record(
            session,
            actor,
            "jury_session.read_agenda",
            [jury_session_id],
        )
    recused = await recusals(session, jury_session_id, [row[1].id for row in rows])
    present = await attendees(session, jury_session_id)
    entries = []
    for item, dossier, candidate, organisation_name in rows:
        entries.append(
            AgendaEntry(
                dossier_id=dossier.id,
                organisation_name=organisation_name,
                certification_code=dossier.certification_code,
                holder_name=holder_name(candidate),
                dossier_status=dossier.status.value,
                recusal=recused.get((viewer, dossier.id)) if viewer else None,
                decision=records[decisions[dossier.id].id] if dossier.id in decisions else None,
                recused_members=[
                    (member_id, reason)
                    for (member_id, dossier_id), reason in recused.items()
                    if dossier_id == dossier.id
                ],
                returned_reason=item.returned_reason,
                amendments=[records[a.id] for a in amendments.get(dossier.id, [])],
                parity_problem=build_panel(dossier.id, present, recused).problem,
            )
        )
    return entries


async def visible_agenda(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> list[AgendaEntry]:
    """The agenda of a session the caller may read (audited); empty for any other session."""
    if await visible_session_for(session, actor, jury_session_id) is None:
        return []
    return await agenda(session, actor, jury_session_id)


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    kind: str
    closed_at: dt.datetime | None
    mastery: dict[str, Any]
    results: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class DossierReview:
    dossier_id: uuid.UUID
    holder_name: str
    organisation_name: str
    certification_code: str
    recusal: str | None
    evaluations: list[EvaluationSummary]
    training_organisation: str
    training_hours_planned: float
    training_hours_done: float
    #: The référentiel version the dossier is evaluated on (for the combined view).
    referentiel_version_id: uuid.UUID | None = None


async def access_dossier_for_jury(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID, dossier_id: uuid.UUID
) -> DossierReview:
    """One dossier of the agenda as the jury examines it (name only when recused; audited).

    Raises:
        JuryError: ``NOT_FOUND`` when the session is not the caller's, ``NOT_ON_AGENDA``
            when the dossier is not on its agenda.
    """
    viewer = await _viewer_member_id(session, actor, jury_session_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        on_agenda = await session.scalar(
            select(AgendaItem.id).where(
                AgendaItem.session_id == jury_session_id, AgendaItem.dossier_id == dossier_id
            )
        )
        if on_agenda is None:
            raise JuryError(
                JuryErrorCode.NOT_ON_AGENDA,
                "Ce dossier n'est pas à l'ordre du jour de cette session.",
                field="dossierId",
            )
        dossier = await session.scalar(select(Dossier).where(Dossier.id == dossier_id))
        assert dossier is not None
        candidate = await session.scalar(
            select(Candidate).where(Candidate.id == dossier.candidate_id)
        )
        organisation = await session.get(Organisation, dossier.organisation_id)
        assert candidate is not None
        assert organisation is not None
    recusal = None
    if viewer is not None:
        recusal = (await recusals(session, jury_session_id, [dossier_id])).get((viewer, dossier_id))
    evaluations: list[EvaluationSummary] = []
    training_organisation, planned, done = "", 0.0, 0.0
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        if recusal is None:
            for evaluation in await session.scalars(
                select(Evaluation)
                .where(
                    Evaluation.dossier_id == dossier_id,
                    Evaluation.status == EvaluationStatus.CLOSED,
                )
                .order_by(Evaluation.created_at)
            ):
                results = await session.execute(
                    select(ItemResult.item_code, ItemResult.value)
                    .where(ItemResult.evaluation_id == evaluation.id)
                    .order_by(ItemResult.item_code)
                )
                evaluations.append(
                    EvaluationSummary(
                        kind=evaluation.kind.value,
                        closed_at=evaluation.closed_at,
                        mastery=dict((evaluation.outcome or {}).get("mastery", {})),
                        # A cleared result (value None) is no result: none is left once
                        # an evaluation is closed, but the column allows it.
                        results=[(code, value) for code, value in results if value is not None],
                    )
                )
            plan = await session.scalar(
                select(TrainingPlan).where(TrainingPlan.dossier_id == dossier_id)
            )
            if plan is not None:
                training_organisation = plan.training_organisation_name or organisation.name
                planned = float(sum(float(h) for h in plan.hours_by_domain.values()))
                done = float(
                    sum(
                        p.hours
                        for p in await session.scalars(
                            select(TrainingProgress).where(TrainingProgress.plan_id == plan.id)
                        )
                    )
                )
        audit.record(
            session,
            actor,
            "jury_session.read_dossier",
            [jury_session_id, dossier_id],
            organisation_id=dossier.organisation_id,
        )
    return DossierReview(
        dossier_id=dossier_id,
        holder_name=holder_name(candidate),
        organisation_name=organisation.name,
        certification_code=dossier.certification_code,
        recusal=recusal,
        evaluations=evaluations,
        training_organisation=training_organisation,
        training_hours_planned=planned,
        training_hours_done=done,
        referentiel_version_id=dossier.referentiel_version_id,
    )
