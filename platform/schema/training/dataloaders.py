"""DataLoaders of training plans: one query per kind of data per request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.schema.loading import batched
from clea_platform.training import loading
from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress


class TrainingLoaders:
    """Named ``<thing>_by_<key>``: what they load, by what."""

    def __init__(self, session: AsyncSession) -> None:
        async def plans(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, TrainingPlan]:
            return await loading.plans_by_dossier(session, ids)

        async def objectives(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[TrainingObjective]]:
            return await loading.objectives_by_plan(session, ids)

        async def progress(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[TrainingProgress]]:
            return await loading.progress_by_plan(session, ids)

        self.plan_by_dossier = batched(plans, lambda: None)
        self.objectives_by_plan = batched(objectives, lambda: [])
        self.progress_by_plan = batched(progress, lambda: [])
