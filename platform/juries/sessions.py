"""Jury sessions: convening, attendance, agenda, decisions and closing.

Sessions are Certif'Pro's; the dossiers on their agendas belong to many organisations
and are read and moved under a named cross-tenant scope (``jury:<session id>``), always
audited. A session opens, decides and closes only while it is paritaire.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.identity.models import Membership, User
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import (
    AgendaItem,
    ConflictDeclaration,
    Decision,
    IssuanceStatus,
    JuryMember,
    JurySession,
    Outcome,
    SessionMember,
    SessionStatus,
    Side,
)
from clea_platform.juries.recusal import DossierParties, recusal_reason
from clea_platform.juries.roster import member_of_user
from clea_platform.mail.service import enqueue
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import region_problem
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training.models import TrainingPlan

OUTCOME_LABELS = {
    Outcome.CERTIFIED: "certifié",
    Outcome.NOT_CERTIFIED: "non certifié",
    Outcome.POSTPONED: "ajourné",
}


def scope_of(jury_session_id: uuid.UUID) -> str:
    return f"jury:{jury_session_id}"


def _error(code: JuryErrorCode, message: str, field: str | None = None) -> JuryError:
    return JuryError(code, message, field=field)


# ------------------------------------------------------------------ convening


@dataclass(frozen=True, slots=True)
class SessionInput:
    title: str
    certification_codes: Sequence[str]
    region: str
    held_on: dt.date
    place: str = ""
    remote: bool = False
    member_ids: Sequence[uuid.UUID] = ()


async def convene(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    data: SessionInput,
    *,
    today: dt.date,
) -> JurySession:
    errors: list[JuryError] = []
    if not data.title.strip():
        errors.append(_error(JuryErrorCode.REQUIRED, "Le titre est obligatoire.", "title"))
    if not data.certification_codes or any(c not in registry for c in data.certification_codes):
        errors.append(
            _error(
                JuryErrorCode.INVALID,
                "Choisissez des certifications installées.",
                "certificationCodes",
            )
        )
    if problem := region_problem(data.region):
        errors.append(_error(JuryErrorCode.INVALID, problem, "region"))
    if data.held_on < today:
        errors.append(_error(JuryErrorCode.INVALID, "La date est passée.", "heldOn"))
    if not data.remote and not data.place.strip():
        errors.append(
            _error(JuryErrorCode.REQUIRED, "Indiquez le lieu, ou cochez « à distance ».", "place")
        )
    if errors:
        raise InvalidFormError(errors)
    jury_session = JurySession(
        title=data.title.strip(),
        certification_codes=list(dict.fromkeys(data.certification_codes)),
        region=data.region,
        held_on=data.held_on,
        place=data.place.strip(),
        remote=data.remote,
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
        raise _error(JuryErrorCode.NOT_FOUND, "Session de jury introuvable.", "sessionId")
    return found


def _require(jury_session: JurySession, *statuses: SessionStatus) -> None:
    if jury_session.status not in statuses:
        labels = {
            SessionStatus.CONVENED: "convoquée",
            SessionStatus.OPEN: "ouverte",
            SessionStatus.CLOSED: "close",
        }
        raise _error(
            JuryErrorCode.INVALID_STATE,
            f"La session est {labels[jury_session.status]} : action impossible"
            + (
                " (une session close est figée)."
                if jury_session.status == SessionStatus.CLOSED
                else "."
            ),
        )


async def invite(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID, member_id: uuid.UUID
) -> SessionMember:
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    member = await session.get(JuryMember, member_id)
    if member is None or not member.active:
        raise _error(JuryErrorCode.NOT_FOUND, "Membre du jury introuvable.", "memberIds")
    existing = await session.scalar(
        select(SessionMember).where(
            SessionMember.session_id == jury_session_id, SessionMember.member_id == member_id
        )
    )
    if existing is not None:
        return existing
    invited = SessionMember(session_id=jury_session_id, member_id=member_id)
    session.add(invited)
    await session.flush()
    email = await session.scalar(select(User.email).where(User.id == member.user_id))
    if email:
        where = "à distance" if jury_session.remote else jury_session.place
        enqueue(
            session,
            email,
            f"Convocation : {jury_session.title} le {jury_session.held_on:%d/%m/%Y}",
            f"Bonjour,\n\nVous êtes convoqué(e) au jury « {jury_session.title} » le "
            f"{jury_session.held_on:%d/%m/%Y} ({where}). Les dossiers à examiner sont "
            "consultables sur la plateforme CléA, rubrique « Mes sessions de jury ».\n",
        )
    audit.record(session, actor, "jury_session.invite", [jury_session_id, member_id])
    return invited


async def record_attendance(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID,
    member_id: uuid.UUID,
    present: bool,
) -> SessionMember:
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    invited = await session.scalar(
        select(SessionMember).where(
            SessionMember.session_id == jury_session_id, SessionMember.member_id == member_id
        )
    )
    if invited is None:
        raise _error(
            JuryErrorCode.NOT_A_MEMBER, "Ce membre n'est pas convoqué à la session.", "memberId"
        )
    invited.present = present
    audit.record(session, actor, "jury_session.attendance", [jury_session_id, member_id])
    return invited


@dataclass(frozen=True, slots=True)
class Attendee:
    member: JuryMember
    full_name: str
    present: bool


async def attendees(session: AsyncSession, jury_session_id: uuid.UUID) -> list[Attendee]:
    rows = await session.execute(
        select(SessionMember.present, JuryMember, User.full_name)
        .join(JuryMember, JuryMember.id == SessionMember.member_id)
        .join(User, User.id == JuryMember.user_id)
        .where(SessionMember.session_id == jury_session_id)
        .order_by(JuryMember.side, User.full_name)
    )
    return [Attendee(member, name, present) for present, member, name in rows]


def parity_problem(present: Sequence[Attendee]) -> str | None:
    """Paritaire: at least one of each side present, and as many of one as of the other."""
    employers = sum(1 for a in present if a.present and a.member.side == Side.EMPLOYER)
    employees = sum(1 for a in present if a.present and a.member.side == Side.EMPLOYEE)
    if employers == 0 or employees == 0 or employers != employees:
        return (
            f"Jury non paritaire : {employers} représentant(s) des employeurs et {employees} "
            "des salariés présents (il en faut autant de chaque côté, au moins un)."
        )
    return None


async def _require_paritaire(session: AsyncSession, jury_session_id: uuid.UUID) -> None:
    if problem := parity_problem(await attendees(session, jury_session_id)):
        raise _error(JuryErrorCode.NOT_PARITAIRE, problem)


async def open_session(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CONVENED)
    await _require_paritaire(session, jury_session_id)
    jury_session.status = SessionStatus.OPEN
    jury_session.opened_at = utcnow()
    jury_session.revision += 1
    audit.record(session, actor, "jury_session.open", [jury_session.id])
    return jury_session


# -------------------------------------------------------------------- agenda


async def add_to_agenda(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
    dossier_ids: Sequence[uuid.UUID],
) -> list[AgendaItem]:
    """Put « prêt pour le jury » dossiers of any organisation on the agenda (all or none)."""
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    added: list[AgendaItem] = []
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        found = {
            d.id: d
            for d in await session.scalars(select(Dossier).where(Dossier.id.in_(dossier_ids)))
        }
        problems: list[JuryError] = []
        for dossier_id in dict.fromkeys(dossier_ids):
            dossier = found.get(dossier_id)
            if dossier is None:
                problems.append(
                    _error(JuryErrorCode.NOT_FOUND, "Dossier introuvable.", "dossierIds")
                )
            elif dossier.status != DossierStatus.READY_FOR_JURY:
                problems.append(
                    _error(
                        JuryErrorCode.NOT_READY,
                        f"Le dossier {dossier.id} n'est pas « prêt pour le jury ».",
                        "dossierIds",
                    )
                )
            elif dossier.certification_code not in jury_session.certification_codes:
                problems.append(
                    _error(
                        JuryErrorCode.WRONG_CERTIFICATION,
                        f"Le dossier {dossier.id} ({dossier.certification_code}) ne relève pas "
                        "des certifications de cette session.",
                        "dossierIds",
                    )
                )
        if problems:
            raise InvalidFormError(problems)
        for dossier_id in dict.fromkeys(dossier_ids):
            dossier = found[dossier_id]
            item = AgendaItem(
                organisation_id=dossier.organisation_id,
                session_id=jury_session_id,
                dossier_id=dossier.id,
                added_by_id=actor.user_id,
            )
            session.add(item)
            await dossiers.move(
                session,
                actor,
                registry,
                dossier,
                DossierStatus.SUBMITTED_TO_JURY,
                comment=f"Inscrit à l'ordre du jour : {jury_session.title} "
                f"({jury_session.held_on:%d/%m/%Y}).",
            )
            added.append(item)
        await session.flush()
        audit.record(session, actor, "jury_session.agenda_add", [jury_session_id, *dossier_ids])
    return added


async def remove_from_agenda(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
    dossier_id: uuid.UUID,
) -> None:
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await _agenda_item(session, jury_session_id, dossier_id)
        await session.execute(
            delete(Decision).where(
                Decision.session_id == jury_session_id, Decision.dossier_id == dossier_id
            )
        )
        dossier = await dossiers.get_dossier(session, dossier_id)
        await dossiers.move(
            session,
            actor,
            registry,
            dossier,
            DossierStatus.READY_FOR_JURY,
            comment=f"Retiré de l'ordre du jour : {jury_session.title}.",
        )
        await session.delete(item)
        await session.flush()
        audit.record(session, actor, "jury_session.agenda_remove", [jury_session_id, dossier_id])


async def _agenda_item(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_id: uuid.UUID
) -> AgendaItem:
    item = await session.scalar(
        select(AgendaItem).where(
            AgendaItem.session_id == jury_session_id, AgendaItem.dossier_id == dossier_id
        )
    )
    if item is None:
        raise _error(
            JuryErrorCode.NOT_ON_AGENDA,
            "Ce dossier n'est pas à l'ordre du jour de cette session.",
            "dossierId",
        )
    return item


# ------------------------------------------------------------------- recusals


async def parties_of(
    session: AsyncSession, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DossierParties]:
    """Evaluating and training organisations of each dossier (call inside the jury scope)."""
    rows = await session.execute(
        select(Dossier.id, Organisation.siren, Organisation.name)
        .join(Organisation, Organisation.id == Dossier.organisation_id)
        .where(Dossier.id.in_(dossier_ids))
    )
    trainers: dict[uuid.UUID, set[str]] = {}
    for dossier_id, siret in await session.execute(
        select(TrainingPlan.dossier_id, TrainingPlan.training_siret).where(
            TrainingPlan.dossier_id.in_(dossier_ids)
        )
    ):
        if siret:
            trainers.setdefault(dossier_id, set()).add(siret[:9])
    return {
        dossier_id: DossierParties(siren, name, trainers.get(dossier_id, set()))
        for dossier_id, siren, name in rows
    }


async def recusals(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_ids: Sequence[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    """(member id, dossier id) → reason, for every recused pair of the session."""
    members = [a.member for a in await attendees(session, jury_session_id)]
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        parties = await parties_of(session, dossier_ids)
        declared = {
            (c.member_id, c.dossier_id): c.reason
            for c in await session.scalars(
                select(ConflictDeclaration).where(ConflictDeclaration.session_id == jury_session_id)
            )
        }
    found: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    for member in members:
        for dossier_id, dossier_parties in parties.items():
            reason = recusal_reason(
                member.affiliations, dossier_parties, declared.get((member.id, dossier_id))
            )
            if reason is not None:
                found[(member.id, dossier_id)] = reason
    return found


async def declare_conflict(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID,
    dossier_id: uuid.UUID,
    reason: str,
) -> ConflictDeclaration:
    """A member recuses themself from one dossier of their session."""
    member = await _invited_member(session, actor, jury_session_id)
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await _agenda_item(session, jury_session_id, dossier_id)
        declaration = ConflictDeclaration(
            organisation_id=item.organisation_id,
            session_id=jury_session_id,
            member_id=member.id,
            dossier_id=dossier_id,
            reason=reason.strip(),
        )
        session.add(declaration)
        await session.flush()
        audit.record(
            session,
            actor,
            "jury_session.declare_conflict",
            [jury_session_id, dossier_id],
            organisation_id=item.organisation_id,
        )
    return declaration


async def _invited_member(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JuryMember:
    member = await member_of_user(session, actor.user_id)
    invited = (
        await session.scalar(
            select(SessionMember).where(
                SessionMember.session_id == jury_session_id,
                SessionMember.member_id == member.id,
            )
        )
        if member is not None
        else None
    )
    if member is None or invited is None:
        raise _error(JuryErrorCode.NOT_A_MEMBER, "Vous n'êtes pas membre de cette session de jury.")
    return member


# ------------------------------------------------------------------ decisions


async def decide(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID,
    dossier_id: uuid.UUID,
    outcome: Outcome,
    reason: str,
) -> Decision:
    """Record the jury's decision on a dossier of the agenda (replaced until closing).

    Recorded by a member present and not recused, or by a Certif'Pro admin acting as
    the session's secretary.
    """
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.OPEN)
    await _require_paritaire(session, jury_session_id)
    if outcome != Outcome.CERTIFIED and not reason.strip():
        raise _error(
            JuryErrorCode.REASON_REQUIRED,
            "Motivez la décision : le motif est transmis à l'organisme.",
            "reason",
        )
    if not actor.is_platform_admin:
        member = await _invited_member(session, actor, jury_session_id)
        present = {a.member.id for a in await attendees(session, jury_session_id) if a.present}
        if member.id not in present:
            raise _error(JuryErrorCode.NOT_PRESENT, "Seuls les membres présents votent.")
        recused = await recusals(session, jury_session_id, [dossier_id])
        if (member.id, dossier_id) in recused:
            raise _error(
                JuryErrorCode.RECUSED,
                f"Vous êtes récusé(e) pour ce dossier : {recused[(member.id, dossier_id)]}",
            )
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await _agenda_item(session, jury_session_id, dossier_id)
        decision = await session.scalar(
            select(Decision).where(
                Decision.session_id == jury_session_id,
                Decision.dossier_id == dossier_id,
                Decision.amends_id.is_(None),
            )
        )
        if decision is None:
            decision = Decision(
                organisation_id=item.organisation_id,
                session_id=jury_session_id,
                dossier_id=dossier_id,
                outcome=outcome,
            )
            session.add(decision)
        decision.outcome = outcome
        decision.reason = reason.strip()
        decision.decided_at = utcnow()
        decision.decided_by_id = actor.user_id
        await session.flush()
        audit.record(
            session,
            actor,
            "jury_session.decide",
            [jury_session_id, dossier_id, decision.id],
            organisation_id=item.organisation_id,
        )
    return decision


async def close_session(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
) -> JurySession:
    """Freeze the decisions and apply them to the dossiers; certificates follow (see below)."""
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.OPEN)
    await _require_paritaire(session, jury_session_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        items = list(
            await session.scalars(
                select(AgendaItem).where(AgendaItem.session_id == jury_session_id)
            )
        )
        decisions = {
            d.dossier_id: d
            for d in await session.scalars(
                select(Decision).where(
                    Decision.session_id == jury_session_id, Decision.amends_id.is_(None)
                )
            )
        }
        undecided = [item.dossier_id for item in items if item.dossier_id not in decisions]
        if undecided:
            raise _error(
                JuryErrorCode.DECISIONS_MISSING,
                f"{len(undecided)} dossier(s) de l'ordre du jour sans décision : décidez ou "
                "ajournez-les avant de clore.",
            )
        certified = 0
        for item in items:
            decision = decisions[item.dossier_id]
            decision.frozen = True
            dossier = await dossiers.get_dossier(session, item.dossier_id)
            label = f"{jury_session.title} du {jury_session.held_on:%d/%m/%Y}"
            if decision.outcome == Outcome.CERTIFIED:
                target = DossierStatus.CERTIFIED
                certified += 1
            elif decision.outcome == Outcome.NOT_CERTIFIED:
                target = DossierStatus.NOT_CERTIFIED
                await _tell_organisation(session, dossier, label, decision.reason)
            else:
                target = DossierStatus.READY_FOR_JURY
            await dossiers.move(
                session,
                actor,
                registry,
                dossier,
                target,
                comment=f"Décision du jury {label} : {OUTCOME_LABELS[decision.outcome]}"
                + (f" — {decision.reason}" if decision.reason else "")
                + ".",
            )
        jury_session.status = SessionStatus.CLOSED
        jury_session.closed_at = utcnow()
        jury_session.certificates_total = certified
        # The certificates are issued by a background job the caller defers.
        jury_session.issuance_status = IssuanceStatus.PENDING if certified else IssuanceStatus.DONE
        if not certified:
            jury_session.issuance_finished_at = jury_session.closed_at
        jury_session.revision += 1
        await session.flush()
        audit.record(session, actor, "jury_session.close", [jury_session_id])
    return jury_session


async def _tell_organisation(
    session: AsyncSession, dossier: Dossier, label: str, reason: str
) -> None:
    memberships = await session.scalars(
        select(Membership).where(Membership.organisation_id == dossier.organisation_id)
    )
    people = [m.user_id for m in memberships if {"org_admin", "adviser"} & set(m.roles)]
    if not people:
        return
    for email in await session.scalars(select(User.email).where(User.id.in_(people))):
        enqueue(
            session,
            email,
            f"Décision du jury : dossier non certifié ({label})",
            f"Bonjour,\n\nLe jury {label} n'a pas certifié le dossier {dossier.id}.\n\n"
            f"Motif : {reason}\n\nLe dossier peut repartir en formation depuis la plateforme "
            "CléA.\n",
        )


async def amend_decision(
    session: AsyncSession,
    actor: Actor,
    decision_id: uuid.UUID,
    outcome: Outcome,
    reason: str,
) -> Decision:
    """Correct a frozen decision by an amendment of its own (the original stays as it was)."""
    if not reason.strip():
        raise _error(JuryErrorCode.REASON_REQUIRED, "Motivez la rectification.", "reason")
    async with cross_tenant_reads(session, "certifpro_admin:jury_amendment"):
        original = await session.scalar(select(Decision).where(Decision.id == decision_id))
        if original is None:
            raise _error(JuryErrorCode.NOT_FOUND, "Décision introuvable.", "decisionId")
        if not original.frozen:
            raise _error(
                JuryErrorCode.INVALID_STATE,
                "La session n'est pas close : modifiez la décision directement.",
            )
        amendment = Decision(
            organisation_id=original.organisation_id,
            session_id=original.session_id,
            dossier_id=original.dossier_id,
            outcome=outcome,
            reason=reason.strip(),
            decided_by_id=actor.user_id,
            amends_id=original.id,
            frozen=True,
        )
        session.add(amendment)
        await session.flush()
        audit.record(
            session,
            actor,
            "jury_decision.amend",
            [original.id, amendment.id],
            organisation_id=original.organisation_id,
        )
    return amendment


# ---------------------------------------------------------------- certificates
#
# Closing marks the issuance « pending »; a background job (``clea_platform.jobs``) then
# runs it: ``begin_issuance`` → ``issue_batch`` per batch of missing certificates, each
# batch in a transaction of its own so that progress shows while it runs →
# ``end_issuance``. Each certificate is issued in its own savepoint (``issue_many``): a
# failure is recorded and loses none of the others; a retry issues what is missing.

ISSUANCE_BATCH = 50


def _session_label(jury_session: JurySession) -> str:
    return f"{jury_session.title} du {jury_session.held_on:%d/%m/%Y}"


def _certified_decisions(jury_session_id: uuid.UUID) -> Any:
    return select(Decision).where(
        Decision.session_id == jury_session_id,
        Decision.amends_id.is_(None),
        Decision.outcome == Outcome.CERTIFIED,
    )


def _with_certificate() -> Any:
    from clea_platform.certificates.models import Certificate

    return and_(
        Certificate.organisation_id == Decision.organisation_id,
        Certificate.dossier_id == Decision.dossier_id,
    )


async def _count_issued(session: AsyncSession, jury_session_id: uuid.UUID) -> int:
    """Certified dossiers of the session that have their certificate (call in the scope)."""
    from clea_platform.certificates.models import Certificate

    issued = await session.scalar(
        select(func.count())
        .select_from(Decision)
        .join(Certificate, _with_certificate())
        .where(
            Decision.session_id == jury_session_id,
            Decision.amends_id.is_(None),
            Decision.outcome == Outcome.CERTIFIED,
        )
    )
    return int(issued or 0)


async def request_issuance(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    """Ask for a closed session's missing certificates (a retry); the caller defers the job.

    Nothing to do when every certificate is issued: the session is returned as it is.
    """
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CLOSED)
    if (
        jury_session.issuance_status == IssuanceStatus.DONE
        and jury_session.certificates_issued >= jury_session.certificates_total
    ):
        return jury_session
    jury_session.issuance_status = IssuanceStatus.PENDING
    jury_session.issuance_error = ""
    jury_session.issuance_failures = []
    jury_session.issuance_finished_at = None
    audit.record(session, actor, "jury_session.request_issuance", [jury_session_id])
    return jury_session


def issuance_pending(jury_session: JurySession) -> bool:
    return jury_session.issuance_status == IssuanceStatus.PENDING


async def begin_issuance(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    """A run starts: « running », failures of the previous run forgotten."""
    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CLOSED)
    jury_session.issuance_status = IssuanceStatus.RUNNING
    jury_session.issuance_runs += 1
    jury_session.issuance_started_at = utcnow()
    jury_session.issuance_finished_at = None
    jury_session.issuance_failures = []
    jury_session.issuance_error = ""
    return jury_session


async def missing_certificates(
    session: AsyncSession,
    jury_session_id: uuid.UUID,
    *,
    exclude: Sequence[uuid.UUID] = (),
    limit: int | None = None,
) -> list[uuid.UUID]:
    """Certified dossiers of the session still without a certificate, in a stable order."""
    from clea_platform.certificates.models import Certificate

    query = (
        select(Decision.dossier_id)
        .outerjoin(Certificate, _with_certificate())
        .where(
            Decision.session_id == jury_session_id,
            Decision.amends_id.is_(None),
            Decision.outcome == Outcome.CERTIFIED,
            Certificate.id.is_(None),
        )
        .order_by(Decision.dossier_id)
        .limit(limit)
    )
    if exclude:
        query = query.where(Decision.dossier_id.not_in(list(exclude)))
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        return list(await session.scalars(query))


@dataclass(frozen=True, slots=True)
class IssuanceFailure:
    dossier_id: uuid.UUID
    message: str


async def issue_batch(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
    dossier_ids: Sequence[uuid.UUID],
) -> list[IssuanceFailure]:
    """Issue these certified dossiers' certificates (each in its own savepoint).

    Runs in the caller's transaction; the session's progress (``certificates_issued``,
    ``issuance_failures``) is updated with it. Returns the failures.
    """
    from clea_platform.certificates import service as certificates

    jury_session = await get_session(session, jury_session_id)
    _require(jury_session, SessionStatus.CLOSED)
    label = _session_label(jury_session)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        found = {
            d.id: d
            for d in await session.scalars(select(Dossier).where(Dossier.id.in_(dossier_ids)))
        }
        result = await certificates.issue_many(
            session,
            actor,
            registry,
            [
                certificates.IssueRequest(found[d], jury_session.held_on, jury_session_id, label)
                for d in dossier_ids
                if d in found
            ],
        )
        failures = [IssuanceFailure(f.dossier_id, f.message) for f in result.failed]
        failures += [
            IssuanceFailure(d, "Dossier introuvable.") for d in dossier_ids if d not in found
        ]
        jury_session.certificates_issued = await _count_issued(session, jury_session_id)
    record_failures(jury_session, failures)
    await session.flush()
    return failures


def record_failures(jury_session: JurySession, failures: Sequence[IssuanceFailure]) -> None:
    if failures:
        jury_session.issuance_failures = [
            *jury_session.issuance_failures,
            *({"dossier_id": str(f.dossier_id), "message": f.message} for f in failures),
        ]


async def end_issuance(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    """A run ends: « done » when every certificate is issued, « failed » otherwise."""
    jury_session = await get_session(session, jury_session_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        jury_session.certificates_issued = await _count_issued(session, jury_session_id)
    complete = jury_session.certificates_issued >= jury_session.certificates_total
    jury_session.issuance_status = (
        IssuanceStatus.DONE
        if complete and not jury_session.issuance_failures
        else IssuanceStatus.FAILED
    )
    jury_session.issuance_error = "\n".join(
        f"{failure['dossier_id']} : {failure['message']}"
        for failure in jury_session.issuance_failures
    )
    if not complete and not jury_session.issuance_error:
        jury_session.issuance_error = (
            f"{jury_session.certificates_total - jury_session.certificates_issued} "
            "certificat(s) manquant(s) : relancez l'émission."
        )
    jury_session.issuance_finished_at = utcnow()
    await session.flush()
    audit.record(session, actor, "jury_session.issue_certificates", [jury_session_id])
    return jury_session


async def fail_issuance(
    session: AsyncSession, jury_session_id: uuid.UUID, message: str
) -> JurySession:
    """A run broke off (not one certificate: the run itself): « failed », with why."""
    jury_session = await get_session(session, jury_session_id)
    jury_session.issuance_status = IssuanceStatus.FAILED
    jury_session.issuance_error = "\n".join(
        [
            *(f"{f['dossier_id']} : {f['message']}" for f in jury_session.issuance_failures),
            f"Émission interrompue : {message}",
        ]
    )
    jury_session.issuance_finished_at = utcnow()
    return jury_session


async def issue_session_certificates(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
) -> JurySession:
    """Issue a closed session's missing certificates in the caller's transaction, in one go.

    The background job (``clea_platform.jobs``) does the same in batches, committing each.
    """
    await begin_issuance(session, actor, jury_session_id)
    failed: list[uuid.UUID] = []
    while batch := await missing_certificates(
        session, jury_session_id, exclude=failed, limit=ISSUANCE_BATCH
    ):
        failures = await issue_batch(session, actor, registry, jury_session_id, batch)
        failed += [f.dossier_id for f in failures]
    return await end_issuance(session, actor, jury_session_id)
