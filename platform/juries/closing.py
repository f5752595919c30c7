"""Closing a session: decisions frozen and applied, undecidable dossiers back to the pool,
organisations told, minutes frozen. Certificates follow in a background job (issuance).

A dossier the session could not decide because recusals broke parity for it goes back to
« prêt pour le jury » at closing (our choice, rather than staying on a closed agenda): the
pool then offers it to the next session, and the minutes say why it was not examined. Any
other dossier without a decision stops the closing (``DECISIONS_MISSING``).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.db.base import utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries import events
from clea_platform.juries.access import holder_name
from clea_platform.juries.attendance import require_paritaire
from clea_platform.juries.decisions import OUTCOME_LABELS, session_label
from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.minutes import freeze_minutes
from clea_platform.juries.models import (
    AgendaItem,
    Decision,
    IssuanceStatus,
    JurySession,
    Outcome,
    SessionStatus,
)
from clea_platform.juries.notifications import DecidedDossier, tell_decisions
from clea_platform.juries.panel import panels
from clea_platform.juries.sessions import error, get_session, require_status, scope_of
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

TARGETS = {
    Outcome.CERTIFIED: DossierStatus.CERTIFIED,
    Outcome.NOT_CERTIFIED: DossierStatus.NOT_CERTIFIED,
    Outcome.POSTPONED: DossierStatus.READY_FOR_JURY,
    Outcome.ABSENT: DossierStatus.READY_FOR_JURY,
    Outcome.EXCUSED: DossierStatus.READY_FOR_JURY,
}


def timeline_comment(label: str, decision: Decision) -> str:
    """The dossier's timeline line for a decision (no internal comment)."""
    return (
        f"Décision du jury {label} : {OUTCOME_LABELS[decision.outcome]}"
        + (f" — {decision.reason}" if decision.reason else "")
        + "."
    )


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
    events.announce_to_plugins(session, registry, decision, dossier.certification_code)
    await dossiers.move(
        session,
        actor,
        registry,
        dossier,
        TARGETS[decision.outcome],
        comment=timeline_comment(session_label(jury_session), decision),
    )


async def _return_to_pool(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session: JurySession,
    item: AgendaItem,
    why: str,
) -> None:
    item.returned_reason = why
    dossier = await dossiers.get_dossier(session, item.dossier_id)
    await dossiers.move(
        session,
        actor,
        registry,
        dossier,
        DossierStatus.READY_FOR_JURY,
        comment=f"Non examiné par le jury {session_label(jury_session)} : les récusations "
        "rompent la parité pour ce dossier. Retour dans le vivier « prêt pour le jury ».",
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
    undecided = [item for item in items if item.dossier_id not in decisions]
    broken = {
        dossier_id: found.problem
        for dossier_id, found in (
            await panels(session, jury_session_id, [i.dossier_id for i in undecided])
        ).items()
        if found.problem
    }
    missing = [item for item in undecided if item.dossier_id not in broken]
    if missing:
        raise error(
            JuryErrorCode.DECISIONS_MISSING,
            f"{len(missing)} dossier(s) de l'ordre du jour sans décision : décidez ou "
            "ajournez-les avant de clore.",
        )
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        for item in undecided:
            await _return_to_pool(
                session, actor, registry, jury_session, item, broken[item.dossier_id] or ""
            )
        decided = [decisions[item.dossier_id] for item in items if item.dossier_id in decisions]
        for decision in decided:
            await _apply(session, actor, registry, jury_session, decision)
        holders = await _holders(session, [d.dossier_id for d in decided])
        await tell_decisions(
            session,
            session_label(jury_session),
            [DecidedDossier(d, holders.get(d.dossier_id, "")) for d in decided],
        )
        certified = sum(1 for d in decided if d.outcome == Outcome.CERTIFIED)
        jury_session.status = SessionStatus.CLOSED
        jury_session.closed_at = utcnow()
        jury_session.certificates_total = certified
        # The certificates are issued by a background job the caller defers.
        jury_session.issuance_status = IssuanceStatus.PENDING if certified else IssuanceStatus.DONE
        if not certified:
            jury_session.issuance_finished_at = jury_session.closed_at
        jury_session.revision += 1
        await session.flush()
        for decision in decided:
            await events.publish(
                session,
                events.DecisionApplied(
                    decision_id=decision.id,
                    session_id=jury_session_id,
                    organisation_id=decision.organisation_id,
                    dossier_id=decision.dossier_id,
                    outcome=decision.outcome,
                ),
            )
        audit.record(session, actor, "jury_session.close", [jury_session_id])
    await freeze_minutes(session, actor, jury_session)
    return jury_session


async def _holders(session: AsyncSession, dossier_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Holder names by dossier (call inside the session's scope)."""
    if not dossier_ids:
        return {}
    rows = await session.execute(
        select(Dossier.id, Candidate)
        .join(
            Candidate,
            (Candidate.id == Dossier.candidate_id)
            & (Candidate.organisation_id == Dossier.organisation_id),
        )
        .where(Dossier.id.in_(dossier_ids))
    )
    return {dossier_id: holder_name(candidate) for dossier_id, candidate in rows}
