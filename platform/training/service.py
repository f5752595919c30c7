"""Rules of the individual training plan: built from the gaps, edited, followed.

Training sits above evaluations: a plan is built from an evaluation's gaps, and the plan
in turn decides the items of the évaluation finale (:mod:`clea_platform.training.final`)
and who may not evaluate the candidate (:mod:`clea_platform.training.staffing`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations import loading as evaluation_loading
from clea_platform.referentiels import service as referentiels
from clea_platform.tenants.context import Actor
from clea_platform.tenants.identifiers import normalise, siret_problem
from clea_platform.training import loading, objectives, staffing
from clea_platform.training.errors import TrainingError, TrainingErrorCode
from clea_platform.training.models import (
    ObjectiveStatus,
    TrainingObjective,
    TrainingPlan,
    TrainingProgress,
)


def plan_not_found() -> TrainingError:
    """The one "not found" of a plan: missing or another tenant's look the same."""
    return TrainingError(
        TrainingErrorCode.NOT_FOUND, "Plan de formation introuvable.", field="planId"
    )


def dossier_not_found() -> TrainingError:
    """A dossier to plan the training of that is not there, as this context's problem."""
    return TrainingError(TrainingErrorCode.NOT_FOUND, "Dossier introuvable.", field="id")


async def _dossier(session: AsyncSession, dossier_id: uuid.UUID) -> Dossier:
    dossier = await dossiers.find_dossier(session, dossier_id)
    if dossier is None:
        raise dossier_not_found()
    return dossier


async def get_plan(session: AsyncSession, plan_id: uuid.UUID) -> TrainingPlan:
    plan = await session.scalar(select(TrainingPlan).where(TrainingPlan.id == plan_id))
    if plan is None:
        raise plan_not_found()
    return plan


async def create_from_gaps(
    session: AsyncSession, actor: Actor, dossier_id: uuid.UUID
) -> TrainingPlan:
    """Start the dossier's plan with one pre-filled objective per missing item (once)."""
    dossier = await _dossier(session, dossier_id)
    if dossier.status != DossierStatus.TRAINING:
        raise TrainingError(
            TrainingErrorCode.INVALID_STATE,
            "Un plan de formation se construit quand le dossier est « en formation ».",
        )
    existing = await loading.plan_of_dossier(session, dossier.id)
    if existing is not None:
        return existing
    gaps = await evaluation_loading.latest_gaps(session, dossier.id)
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
    await objectives.record_plan_event(session, actor, plan, built=True)
    audit.record(session, actor, "training_plan.create", [plan.id, dossier.id])
    return plan


@dataclass(frozen=True, slots=True)
class PlanChanges:
    objectives: Mapping[str, str]
    #: Planned hours per domain code, numbers (as sent: a JSON object; anything else: none).
    hours_by_domain: Mapping[str, float] | object
    trainer_id: uuid.UUID | None = None
    trainer_name: str = ""
    #: The accredited training organisation (a tenant, possibly this one); None keeps the
    #: free text below (« organisme non habilité »).
    training_organisation_id: uuid.UUID | None = None
    training_siret: str = ""
    training_organisation_name: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    financing: str = ""


async def update_plan(
    session: AsyncSession,
    actor: Actor,
    plan_id: uuid.UUID,
    changes: PlanChanges,
    *,
    expected_revision: int,
    today: dt.date | None = None,
) -> TrainingPlan:
    """Replace the plan's objectives and details, from the revision the user saw.

    A named training organisation must hold a training accreditation for the dossier's
    certification valid ``today``, and the trainer must be one of its trainers; else
    nothing is saved.
    """
    today = today or dt.date.today()
    plan = await get_plan(session, plan_id)
    dossier = await _dossier(session, plan.dossier_id)
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
    hours_by_domain = hours_from_json(changes.hours_by_domain)
    if unknown_domains := sorted(set(hours_by_domain) - domains):
        raise TrainingError(
            TrainingErrorCode.UNKNOWN_ITEMS,
            f"Domaines inconnus : {', '.join(unknown_domains)}.",
            field="hoursByDomain",
        )
    if any(hours < 0 or hours > 2000 for hours in hours_by_domain.values()):
        raise TrainingError(
            TrainingErrorCode.INVALID_HOURS,
            "Les heures prévues par domaine vont de 0 à 2 000.",
            field="hoursByDomain",
        )
    objectives.check_hours_for_trained_domains(
        items[dossier.referentiel_version_id], changes.objectives, hours_by_domain
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
    trainer_organisation_id = changes.training_organisation_id or plan.organisation_id
    organisation_name = changes.training_organisation_name.strip()
    if changes.training_organisation_id is not None:
        organisation_name = await staffing.check_training_organisation(
            session, changes.training_organisation_id, dossier.certification_code, today=today
        )
    if changes.trainer_id is not None and (
        changes.trainer_id != plan.trainer_id
        or changes.training_organisation_id != plan.training_organisation_id
    ):
        await staffing.check_trainer(
            session, plan, changes.trainer_id, organisation_id=trainer_organisation_id
        )
    statuses = await objectives.statuses_of(session, plan.id)
    await session.execute(delete(TrainingObjective).where(TrainingObjective.plan_id == plan.id))
    for code, objective in sorted(changes.objectives.items()):
        session.add(
            TrainingObjective(
                organisation_id=plan.organisation_id,
                plan_id=plan.id,
                item_code=code,
                objective=objective.strip() or f"Acquérir l'item {code}",
                status=statuses.get(code, ObjectiveStatus.TO_DO),
            )
        )
    plan.hours_by_domain = hours_by_domain
    plan.trainer_id = changes.trainer_id
    plan.trainer_name = changes.trainer_name.strip()
    plan.training_organisation_id = changes.training_organisation_id
    plan.training_siret = (
        "" if changes.training_organisation_id else normalise(changes.training_siret)
    )
    plan.training_organisation_name = organisation_name
    plan.starts_on = changes.starts_on
    plan.ends_on = changes.ends_on
    plan.financing = changes.financing
    plan.revision += 1
    await session.flush()
    await objectives.record_plan_event(session, actor, plan, built=False)
    audit.record(session, actor, "training_plan.update", [plan.id])
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


async def targeted_items(session: AsyncSession, plan: TrainingPlan) -> list[str]:
    return await loading.targeted_items(session, plan.id)


async def record_progress(
    session: AsyncSession,
    actor: Actor,
    plan_id: uuid.UUID,
    *,
    day: dt.date,
    hours: float,
    items_worked: Sequence[str],
    note: str = "",
) -> TrainingPlan:
    """Record training done on a day; returns the plan, this progress included."""
    plan = await get_plan(session, plan_id)
    return await progress_on(
        session, actor, plan, day=day, hours=hours, items_worked=items_worked, note=note
    )


async def progress_on(
    session: AsyncSession,
    actor: Actor,
    plan: TrainingPlan,
    *,
    day: dt.date,
    hours: float,
    items_worked: Sequence[str],
    note: str = "",
) -> TrainingPlan:
    """Record training done on a plan already found (by the evaluator's team, or by the
    training organisation through :mod:`clea_platform.training.delivery`)."""
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
    audit.record(
        session,
        actor,
        "training_plan.progress",
        [plan.id, progress.id],
        organisation_id=plan.organisation_id,
    )
    return plan


async def set_objective_status(
    session: AsyncSession,
    actor: Actor,
    plan_id: uuid.UUID,
    item_code: str,
    status: ObjectiveStatus,
) -> TrainingPlan:
    """The trainer records where one objective stands; returns the plan."""
    plan = await get_plan(session, plan_id)
    await objectives.status_on(session, actor, plan, item_code, status)
    return plan


async def hours_done(session: AsyncSession, plan: TrainingPlan) -> float:
    rows = await session.scalars(
        select(TrainingProgress.hours).where(TrainingProgress.plan_id == plan.id)
    )
    return float(sum(rows))
