"""Root mutations of training plans: resolvers call the services, nothing more."""

from __future__ import annotations

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.training.inputs import (
    CreateTrainingPlanInput,
    RecordTrainingProgressInput,
    SetTrainingObjectiveStatusInput,
    UpdateTrainingPlanInput,
)
from clea_platform.schema.training.types import (
    CreateTrainingPlanPayload,
    DeliveredTrainingPlanType,
    RecordDeliveredTrainingProgressPayload,
    RecordTrainingProgressPayload,
    SetDeliveredTrainingObjectiveStatusPayload,
    SetTrainingObjectiveStatusPayload,
    TrainingPlanType,
    UpdateTrainingPlanPayload,
)
from clea_platform.training import delivery
from clea_platform.training import service as training
from clea_platform.training.errors import TrainingError, TrainingErrorCode

TRAINING_ORGANISATION_NOT_FOUND = TrainingError(
    TrainingErrorCode.TRAINING_ORGANISATION_NOT_ACCREDITED,
    "Organisme de formation introuvable : choisissez-le dans l'annuaire des organismes "
    "habilités à former.",
    field="trainingOrganisationId",
)


@strawberry.type
class TrainingMutations:
    @strawberry.mutation(description="Build the training plan from the dossier's gaps.")
    async def create_training_plan(
        self, info: Info, input: CreateTrainingPlanInput
    ) -> CreateTrainingPlanPayload:
        plan = await training.create_from_gaps(
            info.context.session,
            info.context.actor,
            parse_id(input.dossier_id, training.dossier_not_found()),
        )
        return CreateTrainingPlanPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(description="Edit the training plan (objectives, hours, trainer, dates).")
    async def update_training_plan(
        self, info: Info, input: UpdateTrainingPlanInput
    ) -> UpdateTrainingPlanPayload:
        plan = await training.update_plan(
            info.context.session,
            info.context.actor,
            parse_id(input.plan_id, training.plan_not_found()),
            training.PlanChanges(
                objectives={o.item_code: o.objective for o in input.objectives},
                hours_by_domain=input.hours_by_domain,
                trainer_id=(
                    parse_id(input.trainer_id, training.plan_not_found())
                    if input.trainer_id
                    else None
                ),
                trainer_name=input.trainer_name,
                training_organisation_id=(
                    parse_id(input.training_organisation_id, TRAINING_ORGANISATION_NOT_FOUND)
                    if input.training_organisation_id
                    else None
                ),
                training_siret=input.training_siret,
                training_organisation_name=input.training_organisation_name,
                starts_on=input.starts_on,
                ends_on=input.ends_on,
                financing=input.financing,
            ),
            expected_revision=input.revision,
        )
        return UpdateTrainingPlanPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(description="Record training done.")
    async def record_training_progress(
        self, info: Info, input: RecordTrainingProgressInput
    ) -> RecordTrainingProgressPayload:
        plan = await training.record_progress(
            info.context.session,
            info.context.actor,
            parse_id(input.plan_id, training.plan_not_found()),
            day=input.day,
            hours=input.hours,
            items_worked=input.items_worked,
            note=input.note,
        )
        return RecordTrainingProgressPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(
        description=(
            "The training organisation records training done on a plan it delivers "
            "(another organisation's dossier)."
        )
    )
    async def record_delivered_training_progress(
        self, info: Info, input: RecordTrainingProgressInput
    ) -> RecordDeliveredTrainingProgressPayload:
        delivered = await delivery.record_delivered_progress(
            info.context.session,
            info.context.actor,
            parse_id(input.plan_id, training.plan_not_found()),
            day=input.day,
            hours=input.hours,
            items_worked=input.items_worked,
            note=input.note,
        )
        return RecordDeliveredTrainingProgressPayload(
            delivered_plan=DeliveredTrainingPlanType.from_delivered(delivered)
        )

    @strawberry.mutation(
        description="The trainer records where one objective stands (saved at once)."
    )
    async def set_training_objective_status(
        self, info: Info, input: SetTrainingObjectiveStatusInput
    ) -> SetTrainingObjectiveStatusPayload:
        plan = await training.set_objective_status(
            info.context.session,
            info.context.actor,
            parse_id(input.plan_id, training.plan_not_found()),
            input.item_code,
            input.status,
        )
        return SetTrainingObjectiveStatusPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(
        description=(
            "The training organisation's trainer records where one objective of a plan it "
            "delivers stands (another organisation's dossier)."
        )
    )
    async def set_delivered_training_objective_status(
        self, info: Info, input: SetTrainingObjectiveStatusInput
    ) -> SetDeliveredTrainingObjectiveStatusPayload:
        delivered = await delivery.set_delivered_objective_status(
            info.context.session,
            info.context.actor,
            parse_id(input.plan_id, training.plan_not_found()),
            input.item_code,
            input.status,
        )
        return SetDeliveredTrainingObjectiveStatusPayload(
            delivered_plan=DeliveredTrainingPlanType.from_delivered(delivered)
        )
