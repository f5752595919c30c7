"""The jury's decisions: recorded while the session is open, frozen and applied at closing,
amended afterwards by an amendment of their own."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.identity.models import Membership, User
from clea_platform.juries.agenda import agenda_item
from clea_platform.juries.attendance import attendees, require_paritaire
from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.models import (
    AgendaItem,
    Decision,
    IssuanceStatus,
    JurySession,
    Outcome,
    SessionStatus,
)
from clea_platform.juries.recusal import invited_member, recusals
from clea_platform.juries.sessions import error, get_session, require_status, scope_of
from clea_platform.mail.service import enqueue
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

OUTCOME_LABELS = {
    Outcome.CERTIFIED: "certifié",
    Outcome.NOT_CERTIFIED: "non certifié",
    Outcome.POSTPONED: "ajourné",
}
AMENDMENT_SCOPE = "certifpro_admin:jury_amendment"


def session_label(jury_session: JurySession) -> str:
    return f"{jury_session.title} du {jury_session.held_on:%d/%m/%Y}"


async def _require_voter(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID, dossier_id: uuid.UUID
) -> None:
    """A member present and not recused from the dossier."""
    member = await invited_member(session, actor, jury_session_id)
    present = {a.member.id for a in await attendees(session, jury_session_id) if a.present}
    if member.id not in present:
        raise error(JuryErrorCode.NOT_PRESENT, "Seuls les membres présents votent.")
    recused = await recusals(session, jury_session_id, [dossier_id])
    if (member.id, dossier_id) in recused:
        raise error(
            JuryErrorCode.RECUSED,
            f"Vous êtes récusé(e) pour ce dossier : {recused[(member.id, dossier_id)]}",
        )


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
    require_status(jury_session, SessionStatus.OPEN)
    await require_paritaire(session, jury_session_id)
    if outcome != Outcome.CERTIFIED and not reason.strip():
        raise error(
            JuryErrorCode.REASON_REQUIRED,
            "Motivez la décision : le motif est transmis à l'organisme.",
            "reason",
        )
    if not actor.is_platform_admin:
        await _require_voter(session, actor, jury_session_id, dossier_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await agenda_item(session, jury_session_id, dossier_id)
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


async def _apply(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session: JurySession,
    decision: Decision,
) -> None:
    """Freeze a decision and move its dossier accordingly (call inside the session's scope)."""
    decision.frozen = True
    dossier = await dossiers.get_dossier(session, decision.dossier_id)
    label = session_label(jury_session)
    if decision.outcome == Outcome.CERTIFIED:
        target = DossierStatus.CERTIFIED
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


async def close_session(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
) -> JurySession:
    """Freeze the decisions and apply them to the dossiers; certificates follow (issuance)."""
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.OPEN)
    await require_paritaire(session, jury_session_id)
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
            raise error(
                JuryErrorCode.DECISIONS_MISSING,
                f"{len(undecided)} dossier(s) de l'ordre du jour sans décision : décidez ou "
                "ajournez-les avant de clore.",
            )
        for item in items:
            await _apply(session, actor, registry, jury_session, decisions[item.dossier_id])
        certified = sum(
            1 for item in items if decisions[item.dossier_id].outcome == Outcome.CERTIFIED
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
        raise error(JuryErrorCode.REASON_REQUIRED, "Motivez la rectification.", "reason")
    async with cross_tenant_reads(session, AMENDMENT_SCOPE):
        original = await session.scalar(select(Decision).where(Decision.id == decision_id))
        if original is None:
            raise error(JuryErrorCode.NOT_FOUND, "Décision introuvable.", "decisionId")
        if not original.frozen:
            raise error(
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
