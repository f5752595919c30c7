"""Following a plan objective by objective, and the plan's lines in the dossier's history.

The trainer records where the training stands on each objective (« à faire », « en
cours », « objectif atteint ») as it goes: each change is saved at once, like the grid's
results, and does not change the plan's ``revision`` (someone editing the plan's text is
not made to reload). Editing the plan keeps the status of the objectives it keeps.

Planned hours are for the domains the candidate trains in: a domain with hours must hold
at least one of the plan's objectives (DOMAIN.md: the plan is built from the gaps).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.referentiels.service import StoredItem
from clea_platform.tenants.context import Actor
from clea_platform.training.errors import TrainingError, TrainingErrorCode
from clea_platform.training.models import ObjectiveStatus, TrainingObjective, TrainingPlan

STATUS_LABELS = {
    ObjectiveStatus.TO_DO: "à faire",
    ObjectiveStatus.IN_PROGRESS: "en cours",
    ObjectiveStatus.REACHED: "objectif atteint",
}


def domain_of(code: str, parents: Mapping[str, str | None]) -> str:
    """The domain (top-level node) an item belongs to, by walking up its parents."""
    seen = {code}
    while (parent := parents.get(code)) is not None and parent not in seen:
        seen.add(parent)
        code = parent
    return code


def untrained_domains_with_hours(
    items: Sequence[StoredItem],
    objective_codes: Iterable[str],
    hours_by_domain: Mapping[str, float],
) -> list[str]:
    """Domains given hours (> 0) although no objective of the plan lies in them."""
    parents = {item.code: item.parent_code for item in items}
    trained = {domain_of(code, parents) for code in objective_codes}
    return sorted(
        code for code, hours in hours_by_domain.items() if hours > 0 and code not in trained
    )


def check_hours_for_trained_domains(
    items: Sequence[StoredItem],
    objective_codes: Iterable[str],
    hours_by_domain: Mapping[str, float],
) -> None:
    """Refuse hours planned for a domain the plan does not train in.

    Raises:
        TrainingError: ``INVALID_HOURS`` on ``hoursByDomain``, naming the domains.
    """
    if untrained := untrained_domains_with_hours(items, objective_codes, hours_by_domain):
        raise TrainingError(
            TrainingErrorCode.INVALID_HOURS,
            f"Des heures sont prévues pour un domaine sans objectif ({', '.join(untrained)}) : "
            "prévoyez des heures seulement pour les domaines où le candidat se forme.",
            field="hoursByDomain",
        )


async def statuses_of(session: AsyncSession, plan_id: uuid.UUID) -> dict[str, ObjectiveStatus]:
    """Each objective's status, by item code (kept when the plan is edited)."""
    rows = await session.execute(
        select(TrainingObjective.item_code, TrainingObjective.status).where(
            TrainingObjective.plan_id == plan_id
        )
    )
    return {code: status for code, status in rows}


async def status_on(
    session: AsyncSession,
    actor: Actor,
    plan: TrainingPlan,
    item_code: str,
    status: ObjectiveStatus,
) -> TrainingObjective:
    """Record the status of one objective of a plan already found (by the evaluator's
    team, or by the training organisation through :mod:`clea_platform.training.delivery`).

    Raises:
        TrainingError: ``UNKNOWN_ITEMS`` on ``itemCode`` when the plan has no objective
            for that item.
    """
    objective = await session.scalar(
        select(TrainingObjective).where(
            TrainingObjective.plan_id == plan.id, TrainingObjective.item_code == item_code
        )
    )
    if objective is None:
        raise TrainingError(
            TrainingErrorCode.UNKNOWN_ITEMS,
            f"Le plan n'a pas d'objectif pour l'item {item_code[:32]} : rechargez le plan.",
            field="itemCode",
        )
    if objective.status != status:
        objective.status = status
        await session.flush()
        audit.record(
            session,
            actor,
            "training_plan.objective_status",
            [plan.id],
            organisation_id=plan.organisation_id,
        )
    return objective


async def record_plan_event(
    session: AsyncSession, actor: Actor, plan: TrainingPlan, *, built: bool
) -> None:
    """The plan's line in the dossier's history: built, or changed (with what it holds)."""
    dossier = await session.scalar(select(Dossier).where(Dossier.id == plan.dossier_id))
    assert dossier is not None
    objectives = len(await statuses_of(session, plan.id))
    planned = sum(float(hours) for hours in plan.hours_by_domain.values())
    hours = f"{planned:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    what = f"{objectives} objectif(s)" + (f", {hours} h prévues" if planned else "")
    comment = (
        f"Plan de formation construit : {what}."
        if built
        else f"Plan de formation modifié : {what}."
    )
    dossiers.record_event(session, actor, dossier, "training_plan", comment)
