"""Root mutations of evaluations: resolvers call the services, nothing more.

Starting an evaluation and planning a sitting go through training (the plan names the
items of the évaluation finale, and the trainer who may not evaluate): training sits above
evaluations.
"""

from __future__ import annotations

import strawberry

from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.results import ResultInput
from clea_platform.schema.context import Info
from clea_platform.schema.evaluations.inputs import (
    CloseEvaluationInput,
    PlanEvaluationSessionInput,
    SaveEvaluationResultsInput,
    SetEvaluationProfessionalContextInput,
    StartEvaluationInput,
)
from clea_platform.schema.evaluations.types import (
    CloseEvaluationPayload,
    EvaluationType,
    PlanEvaluationSessionPayload,
    SaveEvaluationResultsPayload,
    SetEvaluationProfessionalContextPayload,
    StartEvaluationPayload,
)
from clea_platform.schema.ids import parse_id
from clea_platform.training import final, staffing


@strawberry.type
class EvaluationMutations:
    @strawberry.mutation(description="Start the évaluation préalable or finale of a dossier.")
    async def start_evaluation(
        self, info: Info, input: StartEvaluationInput
    ) -> StartEvaluationPayload:
        evaluation = await final.start(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.dossier_id, evaluations.dossier_not_found()),
            input.kind,
        )
        return StartEvaluationPayload(evaluation=EvaluationType.from_model(evaluation))

    @strawberry.mutation(description="Plan a sitting (total within the certification's limit).")
    async def plan_evaluation_session(
        self, info: Info, input: PlanEvaluationSessionInput
    ) -> PlanEvaluationSessionPayload:
        evaluation = await staffing.plan_session(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.evaluation_id, evaluations.evaluation_not_found()),
            day=input.day,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            site_id=parse_id(input.site_id, evaluations.evaluation_not_found()),
            evaluator_id=parse_id(input.evaluator_id, evaluations.evaluation_not_found()),
        )
        return PlanEvaluationSessionPayload(evaluation=EvaluationType.from_model(evaluation))

    @strawberry.mutation(
        description=(
            "Save or clear (value null) results in bulk: all or nothing, with optimistic "
            "concurrency."
        )
    )
    async def save_evaluation_results(
        self, info: Info, input: SaveEvaluationResultsInput
    ) -> SaveEvaluationResultsPayload:
        saved = await staffing.save_grid(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.evaluation_id, evaluations.evaluation_not_found()),
            [ResultInput(r.item_code, r.value, r.comment) for r in input.results],
            expected_revision=input.revision,
            idempotency_key=input.idempotency_key,
        )
        return SaveEvaluationResultsPayload(revision=saved.revision, saved=saved.saved)

    @strawberry.mutation(
        description=(
            "Record the professional context (job, work situation) an open evaluation "
            "assesses the skills in, when it is scheduled or recorded."
        )
    )
    async def set_evaluation_professional_context(
        self, info: Info, input: SetEvaluationProfessionalContextInput
    ) -> SetEvaluationProfessionalContextPayload:
        evaluation = await evaluations.set_professional_context(
            info.context.session,
            info.context.actor,
            parse_id(input.evaluation_id, evaluations.evaluation_not_found()),
            input.professional_context,
        )
        return SetEvaluationProfessionalContextPayload(
            evaluation=EvaluationType.from_model(evaluation)
        )

    @strawberry.mutation(description="Close an evaluation: score it and move the dossier on.")
    async def close_evaluation(
        self, info: Info, input: CloseEvaluationInput
    ) -> CloseEvaluationPayload:
        evaluation = await evaluations.close(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.evaluation_id, evaluations.evaluation_not_found()),
        )
        return CloseEvaluationPayload(evaluation=EvaluationType.from_model(evaluation))
