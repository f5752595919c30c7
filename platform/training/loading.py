"""Reading training plans, their objectives and progress in batches: one query per call."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress


def dossiers_trained_by(trainer_id: uuid.UUID) -> Select[uuid.UUID]:
    """The dossiers whose training plan names this trainer, as a subquery for the list."""
    return select(TrainingPlan.dossier_id).where(TrainingPlan.trainer_id == trainer_id)


async def plan_of_dossier(session: AsyncSession, dossier_id: uuid.UUID) -> TrainingPlan | None:
    return await session.scalar(select(TrainingPlan).where(TrainingPlan.dossier_id == dossier_id))


async def plans_by_dossier(
    session: AsyncSession, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, TrainingPlan]:
    """Each dossier's plan (one at most), for the dossiers that have one."""
    rows = await session.scalars(
        select(TrainingPlan)
        .where(TrainingPlan.dossier_id.in_(dossier_ids))
        .order_by(TrainingPlan.created_at)
    )
    return {row.dossier_id: row for row in rows}


async def objectives_by_plan(
    session: AsyncSession, plan_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[TrainingObjective]]:
    """Each plan's objectives, by item code."""
    rows = await session.scalars(
        select(TrainingObjective)
        .where(TrainingObjective.plan_id.in_(plan_ids))
        .order_by(TrainingObjective.item_code)
    )
    grouped: dict[uuid.UUID, list[TrainingObjective]] = defaultdict(list)
    for row in rows:
        grouped[row.plan_id].append(row)
    return grouped


async def progress_by_plan(
    session: AsyncSession, plan_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[TrainingProgress]]:
    """Each plan's recorded training, by day."""
    rows = await session.scalars(
        select(TrainingProgress)
        .where(TrainingProgress.plan_id.in_(plan_ids))
        .order_by(TrainingProgress.day)
    )
    grouped: dict[uuid.UUID, list[TrainingProgress]] = defaultdict(list)
    for row in rows:
        grouped[row.plan_id].append(row)
    return grouped


async def targeted_items(session: AsyncSession, plan_id: uuid.UUID) -> list[str]:
    """The items the plan's objectives target, by code."""
    rows = await session.scalars(
        select(TrainingObjective.item_code)
        .where(TrainingObjective.plan_id == plan_id)
        .order_by(TrainingObjective.item_code)
    )
    return list(rows)
