"""Rules of evaluations: starting, planning sessions, saving the grid, closing.

Everything certification-specific (scale, scoring rule, duration limits) comes from
the certification's plugin; the pinned référentiel version gives the items.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import DomainError
from clea_platform.db.base import new_id, utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    BillableEvent,
    Evaluation,
    EvaluationKind,
    EvaluationSession,
    EvaluationStatus,
    IdempotentRequest,
    ItemResult,
)
from clea_platform.identity.models import Membership
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.referentiels.scoring import Outcome, ResultScale, ResultValue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.training import service as training
from clea_platform.training.models import TrainingPlan


class EvaluationErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    TOO_LONG = "too_long"
    INVALID_TIMES = "invalid_times"
    NOT_AN_EVALUATOR = "not_an_evaluator"
    UNKNOWN_ITEMS = "unknown_items"
    NOT_TARGETED = "not_targeted"
    INVALID_VALUE = "invalid_value"
    STALE_REVISION = "stale_revision"
    INCOMPLETE = "incomplete"
    TRAINER_IS_EVALUATOR = "trainer_is_evaluator"
    FORBIDDEN_TRANSITION = "forbidden_transition"
    NOT_ACCREDITED = "not_accredited"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class EvaluationError(DomainError):
    def __init__(
        self,
        code: EvaluationErrorCode,
        message: str,
        *,
        field: str | None = None,
        items: Sequence[str] = (),
    ) -> None:
        super().__init__(code, message, field=field)
        self.items = list(items)


BILLABLE_INITIAL_EVALUATION = "initial_evaluation"


async def _require_accredited(
    session: AsyncSession,
    registry: CertificationRegistry,
    dossier: Dossier,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID | None,
    field: str,
) -> None:
    """Ask the plugins (the accreditation rules among them) whether this evaluator may act."""
    if evaluator_id is None:
        return  # API keys record nothing here; their rule stops them earlier
    problems: list[str] = []
    for answer in registry.plugin_manager.hook.clea_evaluation_problems(
        session=session,
        organisation_id=dossier.organisation_id,
        certification_code=dossier.certification_code,
        site_id=site_id,
        evaluator_id=evaluator_id,
    ):
        if answer is not None:
            problems.extend(await answer)
    if problems:
        raise EvaluationError(EvaluationErrorCode.NOT_ACCREDITED, " ".join(problems), field=field)


async def dossier_of(session: AsyncSession, evaluation: Evaluation) -> Dossier:
    """The evaluation's dossier: from the session if already loaded, without a query."""
    dossier = await session.get(Dossier, (evaluation.organisation_id, evaluation.dossier_id))
    if dossier is None:
        return await dossiers.get_dossier(session, evaluation.dossier_id)  # refused there
    return dossier


async def _leaf_codes(session: AsyncSession, version_id: uuid.UUID) -> list[str]:
    items = await referentiels.items_of_versions(session, [version_id])
    return [item.code for item in items[version_id] if item.is_leaf]


async def start_evaluation(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    dossier: Dossier,
    kind: EvaluationKind,
    *,
    target_items: Sequence[str] | None = None,
) -> Evaluation:
    """Start the évaluation préalable (whole référentiel) or finale (trained items only)."""
    if kind == EvaluationKind.INITIAL:
        target = DossierStatus.INITIAL_EVALUATION
        targets = await _leaf_codes(session, dossier.referentiel_version_id)
    else:
        target = DossierStatus.FINAL_EVALUATION
        if target_items is None:
            plan = await session.scalar(
                select(TrainingPlan).where(TrainingPlan.dossier_id == dossier.id)
            )
            target_items = [] if plan is None else await training.targeted_items(session, plan)
        targets = list(target_items)
        if not targets:
            raise EvaluationError(
                EvaluationErrorCode.NOT_TARGETED,
                "Une évaluation finale porte sur les items visés par la formation : "
                "aucun item visé.",
                field="targetItems",
            )
        leaves = set(await _leaf_codes(session, dossier.referentiel_version_id))
        if unknown := [code for code in targets if code not in leaves]:
            raise EvaluationError(
                EvaluationErrorCode.UNKNOWN_ITEMS,
                f"Items inconnus dans ce référentiel : {', '.join(unknown)}.",
                field="targetItems",
                items=unknown,
            )
    await dossiers.move(session, actor, registry, dossier, target)
    evaluation = Evaluation(
        organisation_id=dossier.organisation_id,
        dossier_id=dossier.id,
        kind=kind,
        status=EvaluationStatus.OPEN,
        revision=0,
        target_items=list(targets),
    )
    session.add(evaluation)
    await session.flush()
    audit.record(session, actor, f"evaluation.start_{kind.value}", [evaluation.id, dossier.id])
    return evaluation


async def get_evaluation(session: AsyncSession, evaluation_id: uuid.UUID) -> Evaluation:
    evaluation = await session.scalar(select(Evaluation).where(Evaluation.id == evaluation_id))
    if evaluation is None:
        raise EvaluationError(EvaluationErrorCode.NOT_FOUND, "Évaluation introuvable.", field="id")
    return evaluation


def _minutes(starts_at: dt.time, ends_at: dt.time) -> int:
    return (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)


async def plan_session(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation: Evaluation,
    *,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
) -> EvaluationSession:
    """Plan a sitting; the total over all sittings stays within the plugin's limit."""
    _require_open(evaluation)
    length = _minutes(starts_at, ends_at)
    if length <= 0:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_TIMES,
            "L'heure de fin doit suivre l'heure de début.",
            field="endsAt",
        )
    dossier = await dossier_of(session, evaluation)
    limits = registry.get(dossier.certification_code).limits
    limit = (
        limits.initial_evaluation_max_minutes
        if evaluation.kind == EvaluationKind.INITIAL
        else limits.final_evaluation_max_minutes
    )
    planned = await session.scalars(
        select(EvaluationSession).where(EvaluationSession.evaluation_id == evaluation.id)
    )
    total = length + sum(_minutes(s.starts_at, s.ends_at) for s in planned)
    if total > limit:
        kind = "préalable" if evaluation.kind == EvaluationKind.INITIAL else "finale"
        raise EvaluationError(
            EvaluationErrorCode.TOO_LONG,
            f"L'évaluation {kind} ne peut dépasser {limit // 60} h au total "
            f"(séances prévues : {total // 60} h {total % 60:02d}).",
            field="endsAt",
        )
    if await session.scalar(select(Site.id).where(Site.id == site_id)) is None:
        raise EvaluationError(EvaluationErrorCode.NOT_FOUND, "Site introuvable.", field="siteId")
    membership = await session.scalar(
        select(Membership).where(
            Membership.user_id == evaluator_id,
            Membership.organisation_id == evaluation.organisation_id,
        )
    )
    if membership is None or "evaluator" not in membership.roles:
        raise EvaluationError(
            EvaluationErrorCode.NOT_AN_EVALUATOR,
            "Cette personne n'est pas évaluatrice dans l'organisation.",
            field="evaluatorId",
        )
    await _require_accredited(session, registry, dossier, site_id, evaluator_id, "evaluatorId")
    trainer = await session.scalar(
        select(TrainingPlan.trainer_id).where(TrainingPlan.dossier_id == dossier.id)
    )
    if trainer is not None and trainer == evaluator_id:
        raise EvaluationError(
            EvaluationErrorCode.TRAINER_IS_EVALUATOR,
            "Le formateur du candidat ne peut pas être son évaluateur.",
            field="evaluatorId",
        )
    sitting = EvaluationSession(
        organisation_id=evaluation.organisation_id,
        evaluation_id=evaluation.id,
        site_id=site_id,
        evaluator_id=evaluator_id,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    session.add(sitting)
    await session.flush()
    audit.record(session, actor, "evaluation.plan_session", [evaluation.id, sitting.id])
    return sitting


@dataclass(frozen=True, slots=True)
class ResultInput:
    """One item's result; ``value=None`` clears it (and its comment)."""

    item_code: str
    value: ResultValue | None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class SavedGrid:
    revision: int
    saved: int


def _require_open(evaluation: Evaluation) -> None:
    if evaluation.status != EvaluationStatus.OPEN:
        raise EvaluationError(EvaluationErrorCode.INVALID_STATE, "Cette évaluation est close.")


async def save_results(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation: Evaluation,
    results: Sequence[ResultInput],
    *,
    expected_revision: int,
    idempotency_key: str | None = None,
) -> SavedGrid:
    """Save any number of results at once: all of them, or none.

    A stale ``expected_revision`` is refused with the items someone else changed; a
    retried request with the same ``idempotency_key`` returns the first answer.
    """
    if idempotency_key:
        if len(idempotency_key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise EvaluationError(
                EvaluationErrorCode.INVALID_VALUE,
                f"Clé d'idempotence trop longue ({IDEMPOTENCY_KEY_MAX_LENGTH} caractères au plus).",
                field="idempotencyKey",
            )
        replay = await session.scalar(
            select(IdempotentRequest).where(IdempotentRequest.key == idempotency_key)
        )
        if replay is not None:
            return SavedGrid(**replay.response)
    _require_open(evaluation)
    if expected_revision != evaluation.revision:
        changed = await session.scalars(
            select(ItemResult.item_code).where(
                ItemResult.evaluation_id == evaluation.id,
                ItemResult.changed_in_revision > expected_revision,
            )
        )
        codes = sorted(set(changed))
        raise EvaluationError(
            EvaluationErrorCode.STALE_REVISION,
            "La grille a été modifiée par quelqu'un d'autre entre-temps "
            f"({', '.join(codes) or 'aucun item'}) : rechargez-la ; rien n'a été enregistré.",
            field="revision",
            items=codes,
        )
    dossier = await dossier_of(session, evaluation)
    await _require_accredited(session, registry, dossier, dossier.site_id, actor.user_id, "results")
    scale = registry.get(dossier.certification_code).scale
    leaves = set(await _leaf_codes(session, dossier.referentiel_version_id))
    targets = set(evaluation.target_items)
    unknown = [r.item_code for r in results if r.item_code not in leaves]
    if unknown:
        raise EvaluationError(
            EvaluationErrorCode.UNKNOWN_ITEMS,
            f"Items absents du référentiel de ce dossier : {', '.join(unknown)} ; "
            "rien n'a été enregistré.",
            field="results",
            items=unknown,
        )
    outside = [r.item_code for r in results if r.item_code not in targets]
    if outside:
        raise EvaluationError(
            EvaluationErrorCode.NOT_TARGETED,
            f"Items non visés par cette évaluation : {', '.join(outside)} ; "
            "rien n'a été enregistré.",
            field="results",
            items=outside,
        )
    invalid = [
        (r.item_code, problem)
        for r in results
        if (problem := _result_problem(scale, r.value, r.comment))
    ]
    if invalid:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_VALUE,
            "Valeurs invalides : "
            + " ; ".join(f"{code} ({problem})" for code, problem in invalid)
            + " ; rien n'a été enregistré.",
            field="results",
            items=[code for code, _ in invalid],
        )
    revision = evaluation.revision + 1
    await _upsert_results(session, actor, evaluation, results, revision)
    evaluation.revision = revision
    saved = SavedGrid(revision=revision, saved=len(results))
    if idempotency_key:
        session.add(
            IdempotentRequest(
                organisation_id=evaluation.organisation_id,
                key=idempotency_key,
                operation="evaluation.save_results",
                response={"revision": saved.revision, "saved": saved.saved},
            )
        )
    await session.flush()
    audit.record(session, actor, "evaluation.save_results", [evaluation.id])
    return saved


# Written by one statement; unchanged results keep the revision that last changed them.
UPSERTED_COLUMNS = ("value", "comment", "changed_in_revision", "updated_by_id", "updated_at")
RESULT_COLUMNS = (
    "organisation_id",
    "id",
    "evaluation_id",
    "item_code",
    *UPSERTED_COLUMNS,
)


def _on_conflict_update(statement: Any) -> Any:
    table, excluded = ItemResult.__table__, statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.organisation_id, table.c.evaluation_id, table.c.item_code],
        set_={column: excluded[column] for column in UPSERTED_COLUMNS},
        # IS DISTINCT FROM: a cleared result (NULL) given a value again is a change.
        where=table.c.value.is_distinct_from(excluded.value)
        | (table.c.comment != excluded.comment),
    )


@functools.cache
def _upsert_from_arrays() -> Any:
    """PostgreSQL: the whole grid as one array per column, one statement executed once
    (an ``executemany`` runs one per result)."""
    table = cast(Table, ItemResult.__table__)
    arrays = [bindparam(column, type_=ARRAY(table.c[column].type)) for column in RESULT_COLUMNS]
    rows = func.unnest(*arrays).table_valued(*RESULT_COLUMNS).render_derived()
    statement = postgresql_insert(table).from_select(
        RESULT_COLUMNS, select(*(rows.c[column] for column in RESULT_COLUMNS))
    )
    return _on_conflict_update(statement)


async def _upsert_results(
    session: AsyncSession,
    actor: Actor,
    evaluation: Evaluation,
    results: Sequence[ResultInput],
    revision: int,
) -> None:
    """Insert or update the whole batch at once (``INSERT … ON CONFLICT DO UPDATE``), and
    clear the results given without a value (one ``UPDATE``).

    A grid is saved every few seconds while the evaluator works: one statement, rather
    than loading every result of the evaluation and updating them one by one.
    """
    latest = {result.item_code: result for result in results}  # an item given twice: the last
    now = utcnow()
    if cleared := [code for code, result in latest.items() if result.value is None]:
        # Cleared, not deleted: the revision that cleared it tells stale clients.
        await session.execute(
            update(ItemResult)
            .where(
                ItemResult.evaluation_id == evaluation.id,
                ItemResult.item_code.in_(cleared),
                ItemResult.value.is_not(None),
            )
            .values(
                value=None,
                comment="",
                changed_in_revision=revision,
                updated_by_id=actor.user_id,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    rows = [
        {
            "organisation_id": evaluation.organisation_id,
            "id": new_id(),
            "evaluation_id": evaluation.id,
            "item_code": result.item_code,
            "value": str(result.value),
            "comment": result.comment,
            "changed_in_revision": revision,
            "updated_by_id": actor.user_id,
            "updated_at": now,
        }
        for result in latest.values()
        if result.value is not None
    ]
    if rows and session.get_bind().dialect.name == "postgresql":
        columns = {column: [row[column] for row in rows] for column in RESULT_COLUMNS}
        await session.execute(_upsert_from_arrays(), columns)
    elif rows:
        await session.execute(_on_conflict_update(sqlite_insert(ItemResult)), rows)
    # Results of this evaluation loaded earlier in the session are now out of date.
    for instance in list(session.identity_map.values()):
        if isinstance(instance, ItemResult) and instance.evaluation_id == evaluation.id:
            session.expire(instance)


def _result_problem(scale: ResultScale, value: ResultValue | None, comment: str) -> str | None:
    """Why a result cannot be saved (French), or None; clearing takes no comment."""
    if value is None:
        if comment.strip():
            return "un résultat effacé ne garde pas de commentaire"
        return None
    return scale.problem(value)


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "eligible": outcome.eligible,
        "gaps": list(outcome.gaps),
        "mastery": {
            code: {"acquired": m.acquired, "score": round(m.score, 4)}
            for code, m in outcome.mastery.items()
        },
    }


async def close_evaluation(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation: Evaluation,
) -> Outcome:
    """Score with the plugin's rule and move the dossier: to the jury, or to training."""
    _require_open(evaluation)
    dossier = await dossier_of(session, evaluation)
    certification = registry.get(dossier.certification_code)
    version = await session.get(ReferentielVersion, dossier.referentiel_version_id)
    assert version is not None
    items = (await referentiels.items_of_versions(session, [version.id]))[version.id]
    tree = referentiels.tree_of(version, items)
    rows = await session.scalars(
        select(ItemResult).where(ItemResult.evaluation_id == evaluation.id)
    )
    values: dict[str, ResultValue] = {}
    for row in rows:
        if row.value is None:
            continue  # cleared: no result
        values[row.item_code] = (
            int(row.value) if certification.scale.kind == "percent" else row.value
        )
    missing = [code for code in evaluation.target_items if code not in values]
    if missing:
        raise EvaluationError(
            EvaluationErrorCode.INCOMPLETE,
            f"{len(missing)} item(s) sans résultat : {', '.join(missing[:10])}"
            f"{'…' if len(missing) > 10 else ''}.",
            items=missing,
        )
    if evaluation.kind == EvaluationKind.FINAL:
        # Items not targeted by the training were acquired at the évaluation préalable.
        acquired = await _acquired_before(session, dossier, certification)
        values = {**acquired, **values}
    outcome = certification.scoring.score(tree, values)
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.closed_at = utcnow()
    evaluation.outcome = outcome_json(outcome)
    target = DossierStatus.READY_FOR_JURY if outcome.eligible else DossierStatus.TRAINING
    await dossiers.move(session, actor, registry, dossier, target)
    if evaluation.kind == EvaluationKind.INITIAL:
        session.add(
            BillableEvent(
                organisation_id=dossier.organisation_id,
                kind=BILLABLE_INITIAL_EVALUATION,
                certification_code=dossier.certification_code,
                subject_id=evaluation.id,
            )
        )
    audit.record(session, actor, "evaluation.close", [evaluation.id, dossier.id])
    return outcome


async def _acquired_before(
    session: AsyncSession, dossier: Dossier, certification: Any
) -> dict[str, ResultValue]:
    """Results of the dossier's earlier closed evaluations, latest first wins."""
    earlier = await session.scalars(
        select(Evaluation)
        .where(Evaluation.dossier_id == dossier.id, Evaluation.status == EvaluationStatus.CLOSED)
        .order_by(Evaluation.closed_at)
    )
    values: dict[str, ResultValue] = {}
    for evaluation in earlier:
        for row in await session.scalars(
            select(ItemResult).where(ItemResult.evaluation_id == evaluation.id)
        ):
            raw = row.value
            if raw is None:
                continue  # cleared at that evaluation: no result
            values[row.item_code] = int(raw) if certification.scale.kind == "percent" else raw
    return values
