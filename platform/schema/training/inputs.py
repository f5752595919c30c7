"""Inputs of the training plans' mutations."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON

from clea_platform.schema.training.enums import ObjectiveStatus


@strawberry.input(description="A dossier whose training plan to build from its gaps.")
class CreateTrainingPlanInput:
    dossier_id: strawberry.ID = strawberry.field(description="The dossier (in training).")


@strawberry.input(description="An objective of the plan.")
class TrainingObjectiveInput:
    item_code: str = strawberry.field(description="Item code.")
    objective: str = strawberry.field(description="Objective, in French.")


@strawberry.input(description="Changes to a training plan.")
class UpdateTrainingPlanInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan.")
    revision: int = strawberry.field(description="The revision the user saw.")
    objectives: list[TrainingObjectiveInput] = strawberry.field(description="Objectives.")
    hours_by_domain: JSON = strawberry.field(description="Planned hours per domain code.")
    trainer_id: strawberry.ID | None = strawberry.field(default=None, description="Trainer.")
    trainer_name: str = strawberry.field(default="", description="Trainer's name.")
    training_organisation_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The accredited training organisation (from the directory, training scope).",
    )
    training_siret: str = strawberry.field(default="", description="Another organisation's SIRET.")
    training_organisation_name: str = strawberry.field(default="", description="Its name.")
    starts_on: dt.date | None = strawberry.field(default=None, description="Start.")
    ends_on: dt.date | None = strawberry.field(default=None, description="End.")
    financing: str = strawberry.field(default="", description="Financing.")


@strawberry.input(description="Training done on a day.")
class RecordTrainingProgressInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan.")
    day: dt.date = strawberry.field(description="Date.")
    hours: float = strawberry.field(description="Hours (up to 12).")
    items_worked: list[str] = strawberry.field(description="Items worked on.")
    note: str = strawberry.field(default="", description="Note.")


@strawberry.input(description="Where the training stands on one objective of a plan.")
class SetTrainingObjectiveStatusInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan.")
    item_code: str = strawberry.field(description="The objective's item code.")
    status: ObjectiveStatus = strawberry.field(description="To do, in progress, or reached.")
