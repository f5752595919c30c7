"""DataLoaders of the pathway: one query per kind of data per request."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.documents.models import PartialAttestation
from clea_platform.dossiers.models import DossierEvent
from clea_platform.evaluations.models import Evaluation, EvaluationSession, ItemResult
from clea_platform.tenants.context import Actor
from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress


class ProgressByDossierLoader(DataLoader[uuid.UUID, tuple[int, int]]):
    """(items with a result, items targeted) of each dossier's latest evaluation, one query."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(dossier_ids: Sequence[uuid.UUID]) -> list[tuple[int, int]]:
            # A count per evaluation rather than a join grouped by evaluation: SQLite
            # would walk the whole tenant's evaluations in key order to avoid a sort.
            evaluated = (
                select(func.count())
                .where(
                    ItemResult.organisation_id == Evaluation.organisation_id,
                    ItemResult.evaluation_id == Evaluation.id,
                    ItemResult.value.is_not(None),  # a cleared result does not count
                )
                .correlate(Evaluation)
                .scalar_subquery()
            )
            rows = await session.execute(
                select(Evaluation.dossier_id, Evaluation.target_items, evaluated)
                .where(Evaluation.dossier_id.in_(dossier_ids))
                .order_by(Evaluation.created_at, Evaluation.id)
            )
            latest: dict[uuid.UUID, tuple[int, int]] = {}
            for dossier_id, targets, count in rows:
                latest[dossier_id] = (count, len(targets))
            return [latest.get(key, (0, 0)) for key in dossier_ids]

        super().__init__(load_fn=load)


class CandidateByIdLoader(DataLoader[uuid.UUID, Candidate | None]):
    """Candidates are personal data: each batch read is recorded in the audit log."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[Candidate | None]:
            rows = await session.scalars(select(Candidate).where(Candidate.id.in_(ids)))
            found = {row.id: row for row in rows}
            if found:
                audit.record(session, actor, "candidate.read", sorted(found))
            return [found.get(key) for key in ids]

        super().__init__(load_fn=load)


def _grouped(
    session: AsyncSession, model: Any, key_column: Any, order_by: Any
) -> DataLoader[uuid.UUID, list[Any]]:
    async def load(keys: Sequence[uuid.UUID]) -> list[list[Any]]:
        rows = await session.scalars(select(model).where(key_column.in_(keys)).order_by(*order_by))
        grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[getattr(row, key_column.key)].append(row)
        return [grouped.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


class PathwayLoaders:
    """Named ``<Thing>By<Key>``: what they load, by what."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        self.candidate_by_id = CandidateByIdLoader(session, actor)
        self.progress_by_dossier = ProgressByDossierLoader(session)
        self.events_by_dossier = _grouped(
            session,
            DossierEvent,
            DossierEvent.dossier_id,
            (DossierEvent.occurred_at, DossierEvent.id),
        )
        self.evaluations_by_dossier = _grouped(
            session, Evaluation, Evaluation.dossier_id, (Evaluation.created_at,)
        )
        self.results_by_evaluation = _grouped(
            session, ItemResult, ItemResult.evaluation_id, (ItemResult.item_code,)
        )
        self.sessions_by_evaluation = _grouped(
            session,
            EvaluationSession,
            EvaluationSession.evaluation_id,
            (EvaluationSession.day, EvaluationSession.starts_at),
        )
        self.plans_by_dossier = _grouped(
            session, TrainingPlan, TrainingPlan.dossier_id, (TrainingPlan.created_at,)
        )
        self.objectives_by_plan = _grouped(
            session, TrainingObjective, TrainingObjective.plan_id, (TrainingObjective.item_code,)
        )
        self.progress_by_plan = _grouped(
            session, TrainingProgress, TrainingProgress.plan_id, (TrainingProgress.day,)
        )
        self.attestations_by_evaluation = _grouped(
            session,
            PartialAttestation,
            PartialAttestation.evaluation_id,
            (PartialAttestation.issued_at,),
        )
