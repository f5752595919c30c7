"""DataLoaders of evaluations: one query per kind of data per request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.evaluations import loading
from clea_platform.evaluations.models import Evaluation, EvaluationSession, ItemResult
from clea_platform.schema.loading import batched


class EvaluationLoaders:
    """Named ``<thing>_by_<key>``: what they load, by what."""

    def __init__(self, session: AsyncSession) -> None:
        async def progress(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
            return await loading.progress_by_dossier(session, ids)

        async def evaluations(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Evaluation]]:
            return await loading.evaluations_by_dossier(session, ids)

        async def results(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ItemResult]]:
            return await loading.results_by_evaluation(session, ids)

        async def sittings(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[EvaluationSession]]:
            return await loading.sessions_by_evaluation(session, ids)

        #: (items with a result, items targeted) of each dossier's latest evaluation.
        self.progress_by_dossier = batched(progress, lambda: (0, 0))
        self.evaluations_by_dossier = batched(evaluations, lambda: [])
        self.results_by_evaluation = batched(results, lambda: [])
        self.sessions_by_evaluation = batched(sittings, lambda: [])
