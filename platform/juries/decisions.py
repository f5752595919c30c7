"""The jury's decisions while the session is open: collegial, attributable, never overwritten
unseen.

A decision names who presided, who recorded it (a member, or Certif'Pro as the session's
secretary), the members present for it — present at the session and not recused: parity
is judged per dossier (``panel.py``) — and how they decided (consensus, or a vote with its
counts). A second recording must carry the revision of the first it replaces, otherwise
it is refused with the first shown. Closing freezes the decisions (``closing.py``); a
frozen one is corrected by an amendment (``amendments.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations.models import Evaluation, EvaluationKind
from clea_platform.juries.agenda import agenda_item
from clea_platform.juries.attendance import Attendee, require_paritaire
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import Decision, DecisionMode, JurySession, Outcome, SessionStatus
from clea_platform.juries.panel import DossierPanel, panel, subset_problem
from clea_platform.juries.records import DecisionRecord, decision_record
from clea_platform.juries.roster import member_of_user
from clea_platform.juries.sessions import (
    error,
    get_session,
    invitation,
    require_status,
    scope_of,
)
from clea_platform.referentiels.service import items_of_versions
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

OUTCOME_LABELS = {
    Outcome.CERTIFIED: "certifié",
    Outcome.NOT_CERTIFIED: "non certifié",
    Outcome.POSTPONED: "ajourné (complément demandé)",
    Outcome.ABSENT: "candidat absent",
    Outcome.EXCUSED: "candidat excusé",
}
#: Most members present for a decision, and codes at issue, one decision may name.
LIST_CAP = 200
#: Outcomes that only a session hearing the candidates may record.
INTERVIEW_OUTCOMES = frozenset({Outcome.ABSENT, Outcome.EXCUSED})


def session_label(jury_session: JurySession) -> str:
    return f"{jury_session.title} du {jury_session.held_on:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class DecisionInput:
    """What the jury decided on one dossier, and how.

    ``present_member_ids`` None means every member present and not recused;
    ``presiding_member_id`` None means the member who records it (Certif'Pro must name
    one); ``revision`` is the revision of the decision this one replaces (None: the first).
    """

    outcome: Outcome
    reason: str = ""
    presiding_member_id: uuid.UUID | None = None
    present_member_ids: Sequence[uuid.UUID] | None = None
    mode: DecisionMode = DecisionMode.CONSENSUS
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    criteria_at_issue: Sequence[str] = ()
    candidate_comment: str = ""
    organisation_comment: str = ""
    internal_comment: str = ""
    revision: int | None = None


def vote_problem(data: DecisionInput, voters: int) -> JuryError | None:
    """Consensus carries no counts; a vote counts every member present for the decision,
    and the outcome recorded has more votes for than against."""
    counts = (data.votes_for, data.votes_against, data.abstentions)
    if data.mode == DecisionMode.CONSENSUS:
        if any(c is not None for c in counts):
            return error(
                JuryErrorCode.INVALID_VOTE,
                "Une décision prise par consensus ne comporte pas de décompte des voix : "
                "choisissez « vote » pour saisir les voix.",
                "votesFor",
            )
        return None
    if any(c is None or c < 0 for c in counts):
        return error(
            JuryErrorCode.INVALID_VOTE,
            "Vote : indiquez les voix pour, contre et les abstentions (nombres positifs).",
            "votesFor",
        )
    votes_for, votes_against, abstentions = (c or 0 for c in counts)
    if votes_for + votes_against + abstentions != voters:
        return error(
            JuryErrorCode.INVALID_VOTE,
            f"Vote : {votes_for + votes_against + abstentions} voix comptées pour {voters} "
            "membre(s) présent(s) pour la décision ; chacun vote pour, contre ou s'abstient.",
            "votesFor",
        )
    if votes_for <= votes_against:
        return error(
            JuryErrorCode.INVALID_VOTE,
            f"Vote : {votes_for} voix pour et {votes_against} contre. La décision enregistrée "
            "doit recueillir plus de voix pour que contre.",
            "votesFor",
        )
    return None


def _form_problems(jury_session: JurySession, data: DecisionInput) -> list[JuryError]:
    problems: list[JuryError] = []
    for name, values in (
        ("criteriaAtIssue", data.criteria_at_issue),
        ("presentMemberIds", data.present_member_ids or ()),
    ):
        if len(values) > LIST_CAP:
            problems.append(error(JuryErrorCode.INVALID, f"Au plus {LIST_CAP} éléments.", name))
    if data.outcome != Outcome.CERTIFIED and not data.reason.strip():
        problems.append(
            error(
                JuryErrorCode.REASON_REQUIRED,
                "Motivez la décision : le motif est transmis à l'organisme.",
                "reason",
            )
        )
    if data.outcome in INTERVIEW_OUTCOMES and not jury_session.interviews:
        problems.append(
            error(
                JuryErrorCode.NO_INTERVIEW,
                "Cette session n'entend pas les candidats : « absent » et « excusé » ne "
                "s'appliquent qu'à une session avec entretien.",
                "outcome",
            )
        )
    if data.outcome == Outcome.NOT_CERTIFIED and not data.criteria_at_issue:
        problems.append(
            error(
                JuryErrorCode.CRITERIA_REQUIRED,
                "Non certifié : indiquez les domaines ou critères en cause.",
                "criteriaAtIssue",
            )
        )
    if data.outcome != Outcome.NOT_CERTIFIED and data.criteria_at_issue:
        problems.append(
            error(
                JuryErrorCode.INVALID,
                "Les domaines ou critères en cause ne s'indiquent que pour un dossier non "
                "certifié.",
                "criteriaAtIssue",
            )
        )
    return problems


async def criteria_problem(
    session: AsyncSession, dossier: Dossier, codes: Sequence[str]
) -> JuryError | None:
    """Codes that are not nodes of the dossier's référentiel version."""
    known = {
        item.code
        for item in (await items_of_versions(session, [dossier.referentiel_version_id]))[
            dossier.referentiel_version_id
        ]
    }
    unknown = [code for code in dict.fromkeys(codes) if code not in known]
    if unknown:
        return error(
            JuryErrorCode.INVALID,
            f"Codes inconnus du référentiel du dossier : {', '.join(unknown)}.",
            "criteriaAtIssue",
        )
    return None


async def _recorder_member_id(
    session: AsyncSession, actor: Actor, dossier_panel: DossierPanel, jury_session_id: uuid.UUID
) -> uuid.UUID | None:
    """The recording member (present, not recused); None for Certif'Pro as secretary."""
    if actor.is_platform_admin:
        return None
    member = await member_of_user(session, actor.user_id)
    if member is None:
        raise error(JuryErrorCode.NOT_A_MEMBER, "Vous n'êtes pas membre de cette session de jury.")
    for attendee, reason in dossier_panel.recused:
        if attendee.member.id == member.id:
            raise error(JuryErrorCode.RECUSED, f"Vous êtes récusé(e) pour ce dossier : {reason}")
    if member.id not in dossier_panel.member_ids:
        from_session = await _invited(session, jury_session_id, member.id)
        if not from_session:
            raise error(
                JuryErrorCode.NOT_A_MEMBER, "Vous n'êtes pas membre de cette session de jury."
            )
        raise error(JuryErrorCode.NOT_PRESENT, "Seuls les membres présents votent.")
    return member.id


async def _invited(session: AsyncSession, jury_session_id: uuid.UUID, member_id: uuid.UUID) -> bool:
    return await invitation(session, jury_session_id, member_id) is not None


def _present_for(
    dossier_panel: DossierPanel, data: DecisionInput, recorder: uuid.UUID | None
) -> list[Attendee]:
    """The members present for the decision, checked against the panel."""
    if data.present_member_ids is None:
        return dossier_panel.members
    by_id = {a.member.id: a for a in dossier_panel.members}
    recused = {a.member.id: reason for a, reason in dossier_panel.recused}
    chosen: list[Attendee] = []
    for member_id in dict.fromkeys(data.present_member_ids):
        if member_id in recused:
            raise error(
                JuryErrorCode.RECUSED,
                f"Un membre récusé ne compte pas pour ce dossier : {recused[member_id]}",
                "presentMemberIds",
            )
        if member_id not in by_id:
            raise error(
                JuryErrorCode.NOT_PRESENT,
                "Seuls les membres présents à la session peuvent compter pour la décision.",
                "presentMemberIds",
            )
        chosen.append(by_id[member_id])
    if recorder is not None and recorder not in {a.member.id for a in chosen}:
        raise error(
            JuryErrorCode.NOT_PRESENT,
            "Vous enregistrez la décision : comptez-vous parmi les membres présents.",
            "presentMemberIds",
        )
    return chosen


def _president(
    data: DecisionInput, present_for: Sequence[Attendee], recorder: uuid.UUID | None
) -> uuid.UUID:
    president = data.presiding_member_id or recorder
    if president is None:
        raise error(
            JuryErrorCode.PRESIDENT_REQUIRED,
            "Indiquez le membre qui préside pour cette décision.",
            "presidingMemberId",
        )
    if president not in {a.member.id for a in present_for}:
        raise error(
            JuryErrorCode.NOT_PRESENT,
            "Le président de séance doit être présent pour ce dossier et non récusé.",
            "presidingMemberId",
        )
    return president


async def obtained_at_first_evaluation(session: AsyncSession, dossier_id: uuid.UUID) -> bool:
    """No évaluation finale: the certification rests on the évaluation préalable alone."""
    finals = await session.scalar(
        select(func.count())
        .select_from(Evaluation)
        .where(Evaluation.dossier_id == dossier_id, Evaluation.kind == EvaluationKind.FINAL)
    )
    return not finals


async def _conflict(session: AsyncSession, earlier: Decision) -> JuryError:
    record = await decision_record(session, earlier)
    who = record.recorded_by or "un membre"
    return JuryError(
        JuryErrorCode.STALE_REVISION,
        f"Une décision a déjà été enregistrée pour ce dossier par {who} le "
        f"{record.decided_at:%d/%m/%Y à %H:%M} : {OUTCOME_LABELS[record.outcome]}"
        + (f" — {record.reason}" if record.reason else "")
        + ". Relisez-la ; pour la remplacer, enregistrez de nouveau en partant d'elle.",
        field="revision",
        earlier_decision=record,
    )


async def decide(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID,
    dossier_id: uuid.UUID,
    data: DecisionInput,
) -> DecisionRecord:
    """Record the jury's decision on a dossier of the agenda (replaced until closing, by
    someone who read it: ``data.revision``).

    Raises:
        JuryError: among others ``NOT_PARITAIRE_FOR_DOSSIER`` when recusals break parity
            for this dossier, ``STALE_REVISION`` (with ``earlier_decision``) when a
            decision was recorded that the caller did not start from.
        InvalidFormError: several problems with the form at once.
    """
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.OPEN)
    await require_paritaire(session, jury_session_id)
    if problems := _form_problems(jury_session, data):
        raise InvalidFormError(problems) if len(problems) > 1 else problems[0]
    dossier_panel = await panel(session, jury_session_id, dossier_id)
    recorder = await _recorder_member_id(session, actor, dossier_panel, jury_session_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await agenda_item(session, jury_session_id, dossier_id)
        if problem := dossier_panel.problem:
            raise error(JuryErrorCode.NOT_PARITAIRE_FOR_DOSSIER, problem)
        present_for = _present_for(dossier_panel, data, recorder)
        if problem := subset_problem(present_for):
            raise error(JuryErrorCode.NOT_PARITAIRE_FOR_DOSSIER, problem, "presentMemberIds")
        president = _president(data, present_for, recorder)
        if refusal := vote_problem(data, len(present_for)):
            raise refusal
        dossier = await session.scalar(select(Dossier).where(Dossier.id == dossier_id))
        assert dossier is not None
        if data.criteria_at_issue and (
            refusal := await criteria_problem(session, dossier, data.criteria_at_issue)
        ):
            raise refusal
        decision = await session.scalar(
            select(Decision).where(
                Decision.session_id == jury_session_id,
                Decision.dossier_id == dossier_id,
                Decision.amends_id.is_(None),
            )
        )
        if decision is not None and data.revision != decision.revision:
            raise await _conflict(session, decision)
        first = await obtained_at_first_evaluation(session, dossier_id)
        if decision is None:
            decision = Decision(
                organisation_id=item.organisation_id,
                session_id=jury_session_id,
                dossier_id=dossier_id,
                outcome=data.outcome,
            )
            session.add(decision)
        decision.outcome = data.outcome
        decision.reason = data.reason.strip()
        decision.decided_at = utcnow()
        decision.decided_by_id = actor.user_id
        decision.presided_by_id = president
        decision.present_member_ids = [str(a.member.id) for a in present_for]
        decision.mode = data.mode
        decision.votes_for = data.votes_for
        decision.votes_against = data.votes_against
        decision.abstentions = data.abstentions
        decision.criteria_at_issue = list(dict.fromkeys(data.criteria_at_issue))
        decision.candidate_comment = data.candidate_comment.strip()
        decision.organisation_comment = data.organisation_comment.strip()
        decision.internal_comment = data.internal_comment.strip()
        decision.obtained_at_first_evaluation = data.outcome == Outcome.CERTIFIED and first
        await _flush_or_conflict(session, jury_session_id, dossier_id)
        audit.record(
            session,
            actor,
            "jury_session.decide",
            [jury_session_id, dossier_id, decision.id],
            organisation_id=item.organisation_id,
        )
        return await decision_record(session, decision)


async def _flush_or_conflict(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_id: uuid.UUID
) -> None:
    """Someone recorded at the same moment: refused, with what they recorded."""
    try:
        async with session.begin_nested():
            await session.flush()
    except (IntegrityError, StaleDataError):
        earlier = await session.scalar(
            select(Decision).where(
                Decision.session_id == jury_session_id,
                Decision.dossier_id == dossier_id,
                Decision.amends_id.is_(None),
            )
        )
        if earlier is None:
            raise
        raise await _conflict(session, earlier) from None
