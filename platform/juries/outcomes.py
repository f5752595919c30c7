"""What an evaluator organisation reads of the jury's decisions on its own dossiers.

Decisions are the dossier's organisation's rows (tenant filter and row-level security):
an organisation reads those of its dossiers only, once the session is closed (before,
nothing is decided), amendments included. It never reads the jury's internal comment,
who voted, nor the minutes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.juries.decisions import session_label
from clea_platform.juries.models import Decision, JurySession, Outcome
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import ANY_MEMBER


@dataclass(frozen=True, slots=True)
class OrganisationDecision:
    id: uuid.UUID
    session_label: str
    outcome: Outcome
    reason: str
    decided_at: dt.datetime
    criteria_at_issue: list[str]
    candidate_comment: str
    organisation_comment: str
    obtained_at_first_evaluation: bool
    amends_id: uuid.UUID | None
    effect: str


async def decisions_of_dossier(
    session: AsyncSession, actor: Actor, dossier_id: uuid.UUID
) -> list[OrganisationDecision]:
    """The frozen decisions (and amendments) on one of the organisation's dossiers, oldest
    first; empty for a dossier that is not the organisation's."""
    ANY_MEMBER.check(actor)
    rows = await session.execute(
        select(Decision, JurySession)
        .join(JurySession, JurySession.id == Decision.session_id)
        .where(
            Decision.dossier_id == dossier_id,
            Decision.organisation_id == actor.organisation_id,
            Decision.frozen.is_(True),
        )
        .order_by(Decision.decided_at, Decision.id)
    )
    return [
        OrganisationDecision(
            id=decision.id,
            session_label=session_label(jury_session),
            outcome=decision.outcome,
            reason=decision.reason,
            decided_at=decision.decided_at,
            criteria_at_issue=list(decision.criteria_at_issue),
            candidate_comment=decision.candidate_comment,
            organisation_comment=decision.organisation_comment,
            obtained_at_first_evaluation=decision.obtained_at_first_evaluation,
            amends_id=decision.amends_id,
            effect=decision.effect,
        )
        for decision, jury_session in rows
    ]
