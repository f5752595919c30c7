"""GraphQL types of training plans: the plan, its objectives and progress, the payloads."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

import strawberry
from strawberry.scalars import JSON

from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.training.enums import ObjectiveStatus, TrainingErrorCode
from clea_platform.training.delivery import DeliveredPlan
from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress
from clea_platform.training.objectives import STATUS_LABELS

#: How a plan without a linked, accredited training organisation is shown (#19).
NOT_ACCREDITED_LABEL = "organisme non habilité"


@strawberry.type(description="Why a training plan change was refused.")
class TrainingProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: TrainingErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="A pedagogical objective for one item.")
class TrainingObjectiveType:
    item_code: str = strawberry.field(description="Item code.")
    objective: str = strawberry.field(description="Objective, in French.")
    status: ObjectiveStatus = strawberry.field(
        description="Where the training stands on it, as the trainer recorded it."
    )
    status_label: str = strawberry.field(
        description="The status in French (« à faire », « en cours », « objectif atteint »)."
    )


@strawberry.type(description="Training done on a day.")
class TrainingProgressType:
    day: dt.date = strawberry.field(description="Date.")
    hours: float = strawberry.field(description="Hours done.")
    items_worked: list[str] = strawberry.field(description="Items worked on.")
    note: str = strawberry.field(description="Note.")

    @classmethod
    def from_model(cls, row: TrainingProgress) -> TrainingProgressType:
        return cls(
            day=row.day, hours=float(row.hours), items_worked=list(row.items_worked), note=row.note
        )


def _objective(row: TrainingObjective) -> TrainingObjectiveType:
    return TrainingObjectiveType(
        item_code=row.item_code,
        objective=row.objective,
        status=row.status,
        status_label=STATUS_LABELS[row.status],
    )


def organisation_label(plan: TrainingPlan) -> str:
    """The linked organisation's name, or the free text marked « organisme non habilité »."""
    if plan.training_organisation_id:
        return plan.training_organisation_name
    return " — ".join(filter(None, [plan.training_organisation_name, NOT_ACCREDITED_LABEL]))


@strawberry.type(name="TrainingPlan", description="The individual training plan of a dossier.")
class TrainingPlanType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    revision: int = strawberry.field(description="Revision, to send back when updating.")
    training_siret: str = strawberry.field(description="Training organisation's SIRET, if another.")
    training_organisation_name: str = strawberry.field(description="Training organisation.")
    trainer_id: strawberry.ID | None = strawberry.field(description="Trainer (a user), if any.")
    trainer_name: str = strawberry.field(description="Trainer's name.")
    starts_on: dt.date | None = strawberry.field(description="Start.")
    ends_on: dt.date | None = strawberry.field(description="End.")
    financing: str = strawberry.field(description="Financing.")
    hours_by_domain: JSON = strawberry.field(description="Planned hours per domain code.")
    training_organisation_id: strawberry.ID | None = strawberry.field(
        description="The accredited training organisation (a tenant), once linked."
    )
    training_organisation_label: str = strawberry.field(
        description="Its name; « organisme non habilité » beside free text not linked yet."
    )

    @classmethod
    def from_model(cls, plan: TrainingPlan) -> TrainingPlanType:
        return cls(
            id=strawberry.ID(str(plan.id)),
            revision=plan.revision,
            training_siret=plan.training_siret,
            training_organisation_name=plan.training_organisation_name,
            trainer_id=strawberry.ID(str(plan.trainer_id)) if plan.trainer_id else None,
            trainer_name=plan.trainer_name,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            financing=plan.financing,
            hours_by_domain=JSON(plan.hours_by_domain),
            training_organisation_id=(
                strawberry.ID(str(plan.training_organisation_id))
                if plan.training_organisation_id
                else None
            ),
            training_organisation_label=organisation_label(plan),
        )

    @strawberry.field(description="One objective per targeted item.")
    async def objectives(self, info: Info) -> list[TrainingObjectiveType]:
        rows = await info.context.training_loaders.objectives_by_plan.load(uuid.UUID(self.id))
        return [_objective(r) for r in rows]

    @strawberry.field(description="Training recorded so far.")
    async def progress(self, info: Info) -> list[TrainingProgressType]:
        rows = await info.context.training_loaders.progress_by_plan.load(uuid.UUID(self.id))
        return [TrainingProgressType.from_model(r) for r in rows]


@strawberry.type(
    name="DeliveredTrainingPlan",
    description=(
        "A plan as the training organisation delivering it sees it: the candidate, the "
        "objectives, calendar, hours and progress — nothing else of the evaluator's dossier."
    ),
)
class DeliveredTrainingPlanType:
    id: strawberry.ID = strawberry.field(description="The plan.")
    evaluator_name: str = strawberry.field(description="The evaluator organisation.")
    certification_code: str = strawberry.field(description="Certification.")
    candidate_name: str = strawberry.field(description="The candidate (first names, NAME).")
    trainer_name: str = strawberry.field(description="Trainer's name.")
    trainer_id: strawberry.ID | None = strawberry.field(description="Trainer (a user), if any.")
    starts_on: dt.date | None = strawberry.field(description="Start.")
    ends_on: dt.date | None = strawberry.field(description="End.")
    hours_by_domain: JSON = strawberry.field(description="Planned hours per domain code.")
    hours_planned: float = strawberry.field(description="Hours planned in all.")
    hours_done: float = strawberry.field(description="Hours recorded so far.")
    objectives: list[TrainingObjectiveType] = strawberry.field(description="Objectives.")
    progress: list[TrainingProgressType] = strawberry.field(description="Training recorded.")

    @classmethod
    def from_delivered(cls, delivered: DeliveredPlan) -> DeliveredTrainingPlanType:
        plan = delivered.plan
        return cls(
            id=strawberry.ID(str(plan.id)),
            evaluator_name=delivered.evaluator_name,
            certification_code=delivered.certification_code,
            candidate_name=delivered.candidate_name,
            trainer_name=plan.trainer_name,
            trainer_id=strawberry.ID(str(plan.trainer_id)) if plan.trainer_id else None,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            hours_by_domain=JSON(plan.hours_by_domain),
            hours_planned=delivered.hours_planned,
            hours_done=delivered.hours_done,
            objectives=[_objective(o) for o in delivered.objectives],
            progress=[TrainingProgressType.from_model(p) for p in delivered.progress],
        )


@strawberry.type(description="Result of recording training done on a delivered plan.")
class RecordDeliveredTrainingProgressPayload:
    error_type: ClassVar[type[TrainingProblem]] = TrainingProblem
    delivered_plan: DeliveredTrainingPlanType | None = strawberry.field(
        default=None, description="The plan, this progress included."
    )
    errors: list[TrainingProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of building a training plan from the gaps.")
class CreateTrainingPlanPayload:
    error_type: ClassVar[type[TrainingProblem]] = TrainingProblem
    training_plan: TrainingPlanType | None = strawberry.field(default=None, description="It.")
    errors: list[TrainingProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of editing a training plan.")
class UpdateTrainingPlanPayload:
    error_type: ClassVar[type[TrainingProblem]] = TrainingProblem
    training_plan: TrainingPlanType | None = strawberry.field(default=None, description="It.")
    errors: list[TrainingProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of recording training done: the plan with its progress.")
class RecordTrainingProgressPayload:
    error_type: ClassVar[type[TrainingProblem]] = TrainingProblem
    training_plan: TrainingPlanType | None = strawberry.field(default=None, description="It.")
    errors: list[TrainingProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of recording where an objective stands: the plan.")
class SetTrainingObjectiveStatusPayload:
    error_type: ClassVar[type[TrainingProblem]] = TrainingProblem
    training_plan: TrainingPlanType | None = strawberry.field(default=None, description="It.")
    errors: list[TrainingProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of recording where an objective of a delivered plan stands.")
class SetDeliveredTrainingObjectiveStatusPayload:
    error_type: ClassVar[type[TrainingProblem]] = TrainingProblem
    delivered_plan: DeliveredTrainingPlanType | None = strawberry.field(
        default=None, description="The plan, this status included."
    )
    errors: list[TrainingProblem] = strawberry.field(default_factory=list, description="Problems.")
