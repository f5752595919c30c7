"""Reading evaluations, their sittings and results in batches: one query per call, no rule.

The API's DataLoaders and the contexts above (training, the pathway's lists and GDPR
export) read evaluations through these functions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from clea_platform.evaluations.models import (
    Evaluation,
    EvaluationSession,
    EvaluationStatus,
    ItemResult,
)


def _results_with_a_value(organisation_id: Any, evaluation_id: Any) -> ColumnElement[int]:
    """How many of an evaluation's items have a result, as a correlated subquery."""
    return (
        select(func.count())
        .where(
            ItemResult.organisation_id == organisation_id,
            ItemResult.evaluation_id == evaluation_id,
            ItemResult.value.is_not(None),  # a cleared result does not count
        )
        .correlate_except(ItemResult)
        .scalar_subquery()
    )


def _targeted_items(dialect: str) -> ColumnElement[int]:
    """How many items an evaluation targets, counted by the database: the lists
    themselves (a hundred codes each) are not sent and decoded for every evaluation."""
    length = func.jsonb_array_length if dialect == "postgresql" else func.json_array_length
    return length(Evaluation.target_items)


async def progress_by_dossier(
    session: AsyncSession, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    """(items with a result, items targeted) of each dossier's latest evaluation."""
    # A count per evaluation rather than a join grouped by evaluation: SQLite would walk
    # the whole tenant's evaluations in key order to avoid a sort.
    evaluated = _results_with_a_value(Evaluation.organisation_id, Evaluation.id)
    targeted = _targeted_items(session.get_bind().dialect.name)
    rows = await session.execute(
        select(Evaluation.dossier_id, targeted, evaluated)
        .where(Evaluation.dossier_id.in_(dossier_ids))
        .order_by(Evaluation.created_at, Evaluation.id)
    )
    latest: dict[uuid.UUID, tuple[int, int]] = {}
    for dossier_id, targets, count in rows:
        latest[dossier_id] = (count, targets)
    return latest


def latest_progress(
    dossier_id: ColumnElement[uuid.UUID] | InstrumentedAttribute[uuid.UUID],
    organisation_id: ColumnElement[uuid.UUID] | InstrumentedAttribute[uuid.UUID],
    *,
    dialect: str,
) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """(items with a result, items targeted) of the latest evaluation of the dossier named
    by the enclosing statement's columns — what :func:`progress_by_dossier` answers (0, 0
    without an evaluation), as two correlated subqueries of a statement listing dossiers.
    """
    latest = (
        select(Evaluation.id)
        .where(Evaluation.organisation_id == organisation_id, Evaluation.dossier_id == dossier_id)
        .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
        .limit(1)
        .correlate_except(Evaluation)
        .scalar_subquery()
    )
    targeted = (
        select(_targeted_items(dialect))
        .where(Evaluation.organisation_id == organisation_id, Evaluation.id == latest)
        .correlate_except(Evaluation)
        .scalar_subquery()
    )
    return _results_with_a_value(organisation_id, latest), func.coalesce(targeted, 0)


async def evaluations_by_dossier(
    session: AsyncSession, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Evaluation]]:
    """Each dossier's evaluations, oldest first."""
    rows = await session.scalars(
        select(Evaluation)
        .where(Evaluation.dossier_id.in_(dossier_ids))
        .order_by(Evaluation.created_at)
    )
    grouped: dict[uuid.UUID, list[Evaluation]] = defaultdict(list)
    for row in rows:
        grouped[row.dossier_id].append(row)
    return grouped


async def results_by_evaluation(
    session: AsyncSession, evaluation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ItemResult]]:
    """Each evaluation's result rows (cleared ones included: ``value`` None), by item code."""
    rows = await session.scalars(
        select(ItemResult)
        .where(ItemResult.evaluation_id.in_(evaluation_ids))
        .order_by(ItemResult.item_code)
    )
    grouped: dict[uuid.UUID, list[ItemResult]] = defaultdict(list)
    for row in rows:
        grouped[row.evaluation_id].append(row)
    return grouped


async def sessions_by_evaluation(
    session: AsyncSession, evaluation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[EvaluationSession]]:
    """Each evaluation's sittings, in calendar order."""
    rows = await session.scalars(
        select(EvaluationSession)
        .where(EvaluationSession.evaluation_id.in_(evaluation_ids))
        .order_by(EvaluationSession.day, EvaluationSession.starts_at)
    )
    grouped: dict[uuid.UUID, list[EvaluationSession]] = defaultdict(list)
    for row in rows:
        grouped[row.evaluation_id].append(row)
    return grouped


async def latest_gaps(session: AsyncSession, dossier_id: uuid.UUID) -> list[str]:
    """The gaps of the dossier's latest closed evaluation (none closed: no gap)."""
    evaluation = await session.scalar(
        select(Evaluation)
        .where(Evaluation.dossier_id == dossier_id, Evaluation.status == EvaluationStatus.CLOSED)
        .order_by(Evaluation.closed_at.desc())
        .limit(1)
    )
    if evaluation is None or not evaluation.outcome:
        return []
    return list(evaluation.outcome.get("gaps", []))


async def closed_results(session: AsyncSession, dossier_id: uuid.UUID) -> list[tuple[str, str]]:
    """(item, stored value) of the dossier's closed evaluations, the earliest closed first.

    Cleared results are left out: they are no result.
    """
    rows = await session.execute(
        select(ItemResult.item_code, ItemResult.value)
        .join(
            Evaluation,
            (Evaluation.organisation_id == ItemResult.organisation_id)
            & (Evaluation.id == ItemResult.evaluation_id),
        )
        .where(
            Evaluation.dossier_id == dossier_id,
            Evaluation.status == EvaluationStatus.CLOSED,
            ItemResult.value.is_not(None),
        )
        .order_by(Evaluation.closed_at, Evaluation.id)
    )
    return [(code, value) for code, value in rows if value is not None]


async def evaluates_dossier(
    session: AsyncSession, dossier_id: uuid.UUID, person_id: uuid.UUID
) -> bool:
    """Whether the person evaluates or evaluated the dossier's candidate: a sitting of any of
    its evaluations (préalable or finale, open or closed, past or planned), or a result they
    recorded on one."""
    of_dossier = select(Evaluation.id).where(Evaluation.dossier_id == dossier_id)
    sitting = await session.scalar(
        select(EvaluationSession.id)
        .where(
            EvaluationSession.evaluation_id.in_(of_dossier),
            EvaluationSession.evaluator_id == person_id,
        )
        .limit(1)
    )
    if sitting is not None:
        return True
    recorded = await session.scalar(
        select(ItemResult.id)
        .where(ItemResult.evaluation_id.in_(of_dossier), ItemResult.updated_by_id == person_id)
        .limit(1)
    )
    return recorded is not None


def dossiers_evaluated_by(evaluator_id: uuid.UUID) -> Select[uuid.UUID]:
    """The dossiers with a sitting by this evaluator, as a subquery for the dossier list."""
    return (
        select(Evaluation.dossier_id)
        .join(EvaluationSession, EvaluationSession.evaluation_id == Evaluation.id)
        .where(EvaluationSession.evaluator_id == evaluator_id)
    )


async def upcoming_sittings(
    session: AsyncSession, evaluator_id: uuid.UUID, today: dt.date, limit: int = 50
) -> list[tuple[EvaluationSession, uuid.UUID]]:
    """The evaluator's planned sittings from today on, with their dossier's identifier."""
    rows = await session.execute(
        select(EvaluationSession, Evaluation.dossier_id)
        .join(Evaluation, Evaluation.id == EvaluationSession.evaluation_id)
        .where(EvaluationSession.evaluator_id == evaluator_id, EvaluationSession.day >= today)
        .order_by(EvaluationSession.day, EvaluationSession.starts_at)
        .limit(limit)
    )
    return [(sitting, dossier_id) for sitting, dossier_id in rows]
