"""What a training organisation sees of the plans it delivers, and the progress it records.

A plan belongs to the evaluator's tenant; the accredited training organisation it names
(``TrainingPlan.training_organisation_id``) may be another tenant. That organisation reads,
across tenants under the named scope :data:`DELIVERY_SCOPE`, only what delivering the
plan needs: the candidate's name, the certification, the evaluator's name, the plan's
objectives, calendar, hours and trainer, and the progress recorded — never the dossier's
evaluations, grids, documents or any other data of the evaluator. Every read and every
progress recorded is an audit event. A plan another organisation delivers, or that does
not exist, is not found (the same answer).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.dossiers.models import Dossier
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training import loading, objectives, service
from clea_platform.training.models import (
    ObjectiveStatus,
    TrainingObjective,
    TrainingPlan,
    TrainingProgress,
)

DELIVERY_SCOPE = "training_organisation:delivered_plans"


@dataclass(frozen=True, slots=True)
class DeliveredPlan:
    """A plan as its training organisation sees it (nothing else of the dossier)."""

    plan: TrainingPlan
    evaluator_name: str
    certification_code: str
    candidate_name: str
    objectives: Sequence[TrainingObjective]
    progress: Sequence[TrainingProgress]

    @property
    def hours_planned(self) -> float:
        return float(sum(float(hours) for hours in self.plan.hours_by_domain.values()))

    @property
    def hours_done(self) -> float:
        return float(sum(float(p.hours) for p in self.progress))


def _candidate_name(candidate: Candidate) -> str:
    return f"{candidate.first_names} {(candidate.usage_name or candidate.birth_name).upper()}"


async def _read(
    session: AsyncSession, actor: Actor, plan_id: uuid.UUID | None
) -> list[DeliveredPlan]:
    """The caller's organisation's delivered plans (one when ``plan_id`` is given)."""
    if actor.organisation_id is None:
        return []
    query = (
        select(TrainingPlan, Dossier.certification_code, Candidate, Organisation.name)
        .join(
            Dossier,
            (Dossier.organisation_id == TrainingPlan.organisation_id)
            & (Dossier.id == TrainingPlan.dossier_id),
        )
        .join(
            Candidate,
            (Candidate.organisation_id == Dossier.organisation_id)
            & (Candidate.id == Dossier.candidate_id),
        )
        .join(Organisation, Organisation.id == TrainingPlan.organisation_id)
        .where(TrainingPlan.training_organisation_id == actor.organisation_id)
        .order_by(TrainingPlan.starts_on, TrainingPlan.created_at, TrainingPlan.id)
    )
    if plan_id is not None:
        query = query.where(TrainingPlan.id == plan_id)
    async with cross_tenant_reads(session, DELIVERY_SCOPE):
        rows = (await session.execute(query)).all()
        plan_ids = [row[0].id for row in rows]
        objectives = await loading.objectives_by_plan(session, plan_ids) if rows else {}
        progress = await loading.progress_by_plan(session, plan_ids) if rows else {}
    if rows:
        audit.record(session, actor, "training_plan.delivered_read", plan_ids)
    return [
        DeliveredPlan(
            plan=plan,
            evaluator_name=evaluator_name,
            certification_code=certification_code,
            candidate_name=_candidate_name(candidate),
            objectives=objectives.get(plan.id, []),
            progress=progress.get(plan.id, []),
        )
        for plan, certification_code, candidate, evaluator_name in rows
    ]


async def delivered_plans(session: AsyncSession, actor: Actor) -> list[DeliveredPlan]:
    """Every plan naming the caller's organisation as its training organisation."""
    return await _read(session, actor, None)


async def delivered_plan(
    session: AsyncSession, actor: Actor, plan_id: uuid.UUID
) -> DeliveredPlan | None:
    """One plan the caller's organisation delivers; None if not (or if it does not exist)."""
    found = await _read(session, actor, plan_id)
    return found[0] if found else None


async def record_delivered_progress(
    session: AsyncSession,
    actor: Actor,
    plan_id: uuid.UUID,
    *,
    day: dt.date,
    hours: float,
    items_worked: Sequence[str],
    note: str = "",
) -> DeliveredPlan:
    """The training organisation records training done on a plan it delivers.

    The progress row is the evaluator's (its tenant), written inside the delivery scope;
    the same rules as the evaluator's own recording apply (hours, targeted items).
    """
    if actor.organisation_id is None:
        raise service.plan_not_found()
    async with cross_tenant_reads(session, DELIVERY_SCOPE):
        plan = await session.scalar(
            select(TrainingPlan).where(
                TrainingPlan.id == plan_id,
                TrainingPlan.training_organisation_id == actor.organisation_id,
            )
        )
        if plan is None:
            raise service.plan_not_found()
        await service.progress_on(
            session, actor, plan, day=day, hours=hours, items_worked=items_worked, note=note
        )
    found = await delivered_plan(session, actor, plan_id)
    assert found is not None
    return found


async def set_delivered_objective_status(
    session: AsyncSession,
    actor: Actor,
    plan_id: uuid.UUID,
    item_code: str,
    status: ObjectiveStatus,
) -> DeliveredPlan:
    """The training organisation's trainer records where one objective of a plan it
    delivers stands (the objective is the evaluator's row, written inside the scope)."""
    if actor.organisation_id is None:
        raise service.plan_not_found()
    async with cross_tenant_reads(session, DELIVERY_SCOPE):
        plan = await session.scalar(
            select(TrainingPlan).where(
                TrainingPlan.id == plan_id,
                TrainingPlan.training_organisation_id == actor.organisation_id,
            )
        )
        if plan is None:
            raise service.plan_not_found()
        await objectives.status_on(session, actor, plan, item_code, status)
    found = await delivered_plan(session, actor, plan_id)
    assert found is not None
    return found
