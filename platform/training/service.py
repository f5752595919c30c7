"""Rules of the individual training plan: built from the gaps, edited, followed."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import DomainError
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import Evaluation, EvaluationSession, EvaluationStatus
from clea_platform.identity import members
from clea_platform.identity.roles import Role
from clea_platform.referentiels import service as referentiels
from clea_platform.tenants.context import Actor
from clea_platform.tenants.identifiers import normalise, siret_problem
from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress


class TrainingErrorCode(enum.Enum):
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    INVALID_SIRET = "invalid_siret"
    INVALID_DATES = "invalid_dates"
    INVALID_HOURS = "invalid_hours"
    UNKNOWN_ITEMS = "unknown_items"
    STALE_REVISION = "stale_revision"
    EMPTY_PLAN = "empty_plan"
    NOT_A_TRAINER = "not_a_trainer"
    TRAINER_IS_EVALUATOR = "trainer_is_evaluator"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class TrainingError(DomainError):
    def __init__(self, code: TrainingErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)


async def latest_gaps(session: AsyncSession, dossier: Dossier) -> list[str]:
    """The gaps of the dossier's latest closed evaluation."""
    evaluation = await session.scalar(
        select(Evaluation)
        .where(Evaluation.dossier_id == dossier.id, Evaluation.status == EvaluationStatus.CLOSED)
        .order_by(Evaluation.closed_at.desc())
        .limit(1)
    )
    if evaluation is None or not evaluation.outcome:
        return []
    return list(evaluation.outcome.get("gaps", []))


async def create_from_gaps(session: AsyncSession, actor: Actor, dossier: Dossier) -> TrainingPlan:
    """Start the plan with one pre-filled objective per missing item."""
    if dossier.status != DossierStatus.TRAINING:
        raise TrainingError(
            TrainingErrorCode.INVALID_STATE,
            "Un plan de formation se construit quand le dossier est « en formation ».",
        )
    existing = await session.scalar(
        select(TrainingPlan).where(TrainingPlan.dossier_id == dossier.id)
    )
    if existing is not None:
        return existing
    gaps = await latest_gaps(session, dossier)
    items = await referentiels.items_of_versions(session, [dossier.referentiel_version_id])
    titles = {item.code: item.title for item in items[dossier.referentiel_version_id]}
    plan = TrainingPlan(
        organisation_id=dossier.organisation_id,
        dossier_id=dossier.id,
        hours_by_domain={},
    )
    session.add(plan)
    await session.flush()
    for code in gaps:
        session.add(
            TrainingObjective(
                organisation_id=plan.organisation_id,
                plan_id=plan.id,
                item_code=code,
                objective=f"Acquérir : {titles.get(code, code)}",
            )
        )
    await session.flush()
    audit.record(session, actor, "training_plan.create", [plan.id, dossier.id])
    return plan


def hours_from_json(value: object) -> dict[str, float]:
    """Planned hours per domain from the API's JSON: an object of numbers, or refused.

    Example:
        >>> hours_from_json({"CLEA_1": 10, "CLEA_2": 2.5})
        {'CLEA_1': 10.0, 'CLEA_2': 2.5}
    """
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(hours, int | float) and not isinstance(hours, bool) for hours in value.values()
    ):
        raise TrainingError(
            TrainingErrorCode.INVALID_HOURS,
            'Les heures prévues s\'indiquent par domaine, en nombres (par exemple {"CLEA_1": 10}).',
            field="hoursByDomain",
        )
    return {str(domain): float(hours) for domain, hours in value.items()}


@dataclass(frozen=True, slots=True)
class PlanChanges:
    objectives: Mapping[str, str]
    hours_by_domain: Mapping[str, float]
    trainer_id: uuid.UUID | None = None
    trainer_name: str = ""
    training_siret: str = ""
    training_organisation_name: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    financing: str = ""


async def update_plan(
    session: AsyncSession,
    actor: Actor,
    plan: TrainingPlan,
    dossier: Dossier,
    changes: PlanChanges,
    *,
    expected_revision: int,
) -> TrainingPlan:
    if expected_revision != plan.revision:
        raise TrainingError(
            TrainingErrorCode.STALE_REVISION,
            "Le plan a été modifié entre-temps : rechargez-le ; rien n'a été enregistré.",
            field="revision",
        )
    if not changes.objectives:
        raise TrainingError(
            TrainingErrorCode.EMPTY_PLAN, "Le plan doit viser au moins un item.", field="objectives"
        )
    items = await referentiels.items_of_versions(session, [dossier.referentiel_version_id])
    leaves = {item.code for item in items[dossier.referentiel_version_id] if item.is_leaf}
    domains = {item.code for item in items[dossier.referentiel_version_id] if item.depth == 1}
    if unknown := sorted(set(changes.objectives) - leaves):
        raise TrainingError(
            TrainingErrorCode.UNKNOWN_ITEMS,
            f"Items inconnus dans ce référentiel : {', '.join(unknown)}.",
            field="objectives",
        )
    if unknown_domains := sorted(set(changes.hours_by_domain) - domains):
        raise TrainingError(
            TrainingErrorCode.UNKNOWN_ITEMS,
            f"Domaines inconnus : {', '.join(unknown_domains)}.",
            field="hoursByDomain",
        )
    if any(hours < 0 or hours > 2000 for hours in changes.hours_by_domain.values()):
        raise TrainingError(
            TrainingErrorCode.INVALID_HOURS,
            "Les heures prévues par domaine vont de 0 à 2 000.",
            field="hoursByDomain",
        )
    if changes.training_siret and (problem := siret_problem(changes.training_siret)):
        raise TrainingError(TrainingErrorCode.INVALID_SIRET, problem, field="trainingSiret")
    if changes.starts_on and changes.ends_on and changes.ends_on < changes.starts_on:
        raise TrainingError(
            TrainingErrorCode.INVALID_DATES,
            "La date de fin de formation doit suivre la date de début.",
            field="endsOn",
        )
    if dossier.window_ends_on and changes.ends_on and changes.ends_on > dossier.window_ends_on:
        raise TrainingError(
            TrainingErrorCode.INVALID_DATES,
            f"La formation doit finir avant la fin du délai du dossier "
            f"({dossier.window_ends_on:%d/%m/%Y}).",
            field="endsOn",
        )
    if changes.trainer_id is not None and changes.trainer_id != plan.trainer_id:
        await _check_trainer(session, plan, changes.trainer_id)
    await session.execute(delete(TrainingObjective).where(TrainingObjective.plan_id == plan.id))
    for code, objective in sorted(changes.objectives.items()):
        session.add(
            TrainingObjective(
                organisation_id=plan.organisation_id,
                plan_id=plan.id,
                item_code=code,
                objective=objective.strip() or f"Acquérir l'item {code}",
            )
        )
    plan.hours_by_domain = dict(changes.hours_by_domain)
    plan.trainer_id = changes.trainer_id
    plan.trainer_name = changes.trainer_name.strip()
    plan.training_siret = normalise(changes.training_siret)
    plan.training_organisation_name = changes.training_organisation_name.strip()
    plan.starts_on = changes.starts_on
    plan.ends_on = changes.ends_on
    plan.financing = changes.financing
    plan.revision += 1
    await session.flush()
    audit.record(session, actor, "training_plan.update", [plan.id])
    return plan


async def _check_trainer(session: AsyncSession, plan: TrainingPlan, trainer_id: uuid.UUID) -> None:
    """A newly named trainer is a trainer of the organisation, not an evaluator of the dossier."""
    if not await members.is_staff(session, plan.organisation_id, trainer_id, Role.TRAINER):
        raise TrainingError(
            TrainingErrorCode.NOT_A_TRAINER,
            "Cette personne n'est pas formatrice dans l'organisation : choisissez un formateur "
            "de l'organisation, ou indiquez seulement son nom.",
            field="trainerId",
        )
    evaluates = await session.scalar(
        select(EvaluationSession.id)
        .join(Evaluation, Evaluation.id == EvaluationSession.evaluation_id)
        .where(
            Evaluation.dossier_id == plan.dossier_id,
            Evaluation.status == EvaluationStatus.OPEN,
            EvaluationSession.evaluator_id == trainer_id,
        )
        .limit(1)
    )
    if evaluates is not None:
        raise TrainingError(
            TrainingErrorCode.TRAINER_IS_EVALUATOR,
            "Cette personne évalue ce candidat (séance prévue) : son formateur ne peut pas "
            "être son évaluateur.",
            field="trainerId",
        )


async def targeted_items(session: AsyncSession, plan: TrainingPlan) -> list[str]:
    rows = await session.scalars(
        select(TrainingObjective.item_code)
        .where(TrainingObjective.plan_id == plan.id)
        .order_by(TrainingObjective.item_code)
    )
    return list(rows)


async def record_progress(
    session: AsyncSession,
    actor: Actor,
    plan: TrainingPlan,
    *,
    day: dt.date,
    hours: float,
    items_worked: Sequence[str],
    note: str = "",
) -> TrainingProgress:
    if not 0 < hours <= 12:
        raise TrainingError(
            TrainingErrorCode.INVALID_HOURS,
            "Une séance de formation compte entre quelques minutes et 12 heures.",
            field="hours",
        )
    targets = set(await targeted_items(session, plan))
    if outside := sorted(set(items_worked) - targets):
        raise TrainingError(
            TrainingErrorCode.UNKNOWN_ITEMS,
            f"Items non visés par le plan : {', '.join(outside)}.",
            field="itemsWorked",
        )
    progress = TrainingProgress(
        organisation_id=plan.organisation_id,
        plan_id=plan.id,
        day=day,
        hours=hours,
        items_worked=sorted(set(items_worked)),
        note=note.strip(),
        recorded_by_id=actor.user_id,
    )
    session.add(progress)
    await session.flush()
    audit.record(session, actor, "training_plan.progress", [plan.id, progress.id])
    return progress


async def hours_done(session: AsyncSession, plan: TrainingPlan) -> float:
    rows = await session.scalars(
        select(TrainingProgress.hours).where(TrainingProgress.plan_id == plan.id)
    )
    return float(sum(rows))
