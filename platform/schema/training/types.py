"""GraphQL types of training plans: the plan, its objectives and progress, the payloads."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

import strawberry
from strawberry.scalars import JSON

from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.training.enums import TrainingErrorCode
from clea_platform.training.models import TrainingPlan


@strawberry.type(description="Why a training plan change was refused.")
class TrainingProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: TrainingErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="A pedagogical objective for one item.")
class TrainingObjectiveType:
    item_code: str = strawberry.field(description="Item code.")
    objective: str = strawberry.field(description="Objective, in French.")


@strawberry.type(description="Training done on a day.")
class TrainingProgressType:
    day: dt.date = strawberry.field(description="Date.")
    hours: float = strawberry.field(description="Hours done.")
    items_worked: list[str] = strawberry.field(description="Items worked on.")
    note: str = strawberry.field(description="Note.")


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
        )

    @strawberry.field(description="One objective per targeted item.")
    async def objectives(self, info: Info) -> list[TrainingObjectiveType]:
        rows = await info.context.training_loaders.objectives_by_plan.load(uuid.UUID(self.id))
        return [TrainingObjectiveType(item_code=r.item_code, objective=r.objective) for r in rows]

    @strawberry.field(description="Training recorded so far.")
    async def progress(self, info: Info) -> list[TrainingProgressType]:
        rows = await info.context.training_loaders.progress_by_plan.load(uuid.UUID(self.id))
        return [
            TrainingProgressType(
                day=r.day, hours=float(r.hours), items_worked=list(r.items_worked), note=r.note
            )
            for r in rows
        ]


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
