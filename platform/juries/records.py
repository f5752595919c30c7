"""A decision as people read it: who presided, who recorded it, who was present, the vote.

The jury's screens, the conflict error of a second recording and the minutes all show
a decision with names, not identifiers: :func:`decision_records` reads them in two
statements for any number of decisions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import User
from clea_platform.juries.models import Decision, DecisionMode, JuryMember, Outcome, Side


@dataclass(frozen=True, slots=True)
class DecisionMember:
    member_id: uuid.UUID
    full_name: str
    side: Side


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    id: uuid.UUID
    session_id: uuid.UUID
    dossier_id: uuid.UUID
    outcome: Outcome
    reason: str
    decided_at: dt.datetime
    frozen: bool
    revision: int
    presided_by: DecisionMember | None
    recorded_by: str
    present_members: list[DecisionMember]
    mode: DecisionMode
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    criteria_at_issue: list[str]
    candidate_comment: str
    organisation_comment: str
    internal_comment: str
    obtained_at_first_evaluation: bool
    amends_id: uuid.UUID | None
    effect: str


async def decision_records(
    session: AsyncSession, decisions: Sequence[Decision]
) -> dict[uuid.UUID, DecisionRecord]:
    """Each decision with the names it refers to, by decision id."""
    member_ids = {
        uuid.UUID(value) for decision in decisions for value in decision.present_member_ids
    } | {d.presided_by_id for d in decisions if d.presided_by_id is not None}
    members: dict[uuid.UUID, DecisionMember] = {}
    if member_ids:
        for member_id, name, side in await session.execute(
            select(JuryMember.id, User.full_name, JuryMember.side)
            .join(User, User.id == JuryMember.user_id)
            .where(JuryMember.id.in_(member_ids))
        ):
            members[member_id] = DecisionMember(member_id, name, side)
    user_ids = {d.decided_by_id for d in decisions if d.decided_by_id is not None}
    names: dict[uuid.UUID, str] = {}
    if user_ids:
        names = dict(
            (row[0], row[1])
            for row in await session.execute(
                select(User.id, User.full_name).where(User.id.in_(user_ids))
            )
        )
    return {d.id: _record(d, members, names) for d in decisions}


def _record(
    decision: Decision, members: dict[uuid.UUID, DecisionMember], names: dict[uuid.UUID, str]
) -> DecisionRecord:
    present = [members[uuid.UUID(v)] for v in decision.present_member_ids]
    return DecisionRecord(
        id=decision.id,
        session_id=decision.session_id,
        dossier_id=decision.dossier_id,
        outcome=decision.outcome,
        reason=decision.reason,
        decided_at=decision.decided_at,
        frozen=decision.frozen,
        revision=decision.revision,
        presided_by=members.get(decision.presided_by_id) if decision.presided_by_id else None,
        recorded_by=names.get(decision.decided_by_id, "") if decision.decided_by_id else "",
        present_members=sorted(present, key=lambda m: (m.side.value, m.full_name)),
        mode=decision.mode,
        votes_for=decision.votes_for,
        votes_against=decision.votes_against,
        abstentions=decision.abstentions,
        criteria_at_issue=list(decision.criteria_at_issue),
        candidate_comment=decision.candidate_comment,
        organisation_comment=decision.organisation_comment,
        internal_comment=decision.internal_comment,
        obtained_at_first_evaluation=decision.obtained_at_first_evaluation,
        amends_id=decision.amends_id,
        effect=decision.effect,
    )


async def decision_record(session: AsyncSession, decision: Decision) -> DecisionRecord:
    return (await decision_records(session, [decision]))[decision.id]
