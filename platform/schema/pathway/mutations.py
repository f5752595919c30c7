"""Root mutations of the pathway: resolvers call the services, nothing more."""

from __future__ import annotations

import datetime as dt

import strawberry
from sqlalchemy import select

from clea_platform.candidates import service as candidates
from clea_platform.candidates.validation import CandidateData, CandidateError, CandidateErrorCode
from clea_platform.documents import attestations
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.service import EvaluationError, EvaluationErrorCode
from clea_platform.referentiels.scoring import ResultValue
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.pathway import inputs
from clea_platform.schema.pathway.types import (
    CandidatePayload,
    CandidateType,
    DossierPayload,
    DossierType,
    EvaluationPayload,
    EvaluationType,
    PartialAttestationPayload,
    PartialAttestationType,
    SaveResultsPayload,
    TrainingPlanPayload,
    TrainingPlanType,
)
from clea_platform.training import service as training
from clea_platform.training.models import TrainingPlan

MAX_RESULTS_PER_SAVE = 500

DOSSIER_NOT_FOUND = dossiers.DossierError(
    dossiers.DossierErrorCode.NOT_FOUND, "Dossier introuvable.", field="id"
)
EVALUATION_NOT_FOUND = EvaluationError(
    EvaluationErrorCode.NOT_FOUND, "Évaluation introuvable.", field="evaluationId"
)
PLAN_NOT_FOUND = training.TrainingError(
    training.TrainingErrorCode.NOT_FOUND, "Plan de formation introuvable.", field="planId"
)


def _time(value: str, field: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_TIMES, "Heure invalide (format HH:MM).", field=field
        ) from None


def _candidate_data(
    input: inputs.CreateCandidateInput | inputs.UpdateCandidateInput,
) -> CandidateData:
    return CandidateData(
        civility=input.civility,
        birth_name=input.birth_name,
        first_names=input.first_names,
        birth_date=input.birth_date,
        birth_country=input.birth_country,
        birth_city=input.birth_city,
        status_at_registration=input.status_at_registration,
        education_level=input.education_level,
        usage_name=input.usage_name,
        birth_postal_code=input.birth_postal_code,
        born_abroad=input.born_abroad,
        email=input.email,
        phone=input.phone,
        address_line=input.address_line,
        postal_code=input.postal_code,
        city=input.city,
        professional_project=input.professional_project,
    )


async def _plan(info: Info, plan_id: strawberry.ID) -> TrainingPlan:
    key = parse_id(plan_id, PLAN_NOT_FOUND)
    plan = await info.context.session.scalar(select(TrainingPlan).where(TrainingPlan.id == key))
    if plan is None:
        raise PLAN_NOT_FOUND
    return plan


@strawberry.type
class PathwayMutations:
    @strawberry.mutation(description="Register a candidate (possible duplicates are flagged).")
    async def create_candidate(
        self, info: Info, input: inputs.CreateCandidateInput
    ) -> CandidatePayload:
        candidate = await candidates.create_candidate(
            info.context.session,
            info.context.actor,
            _candidate_data(input),
            today=dt.date.today(),
            confirm_not_duplicate=input.confirm_not_duplicate,
        )
        return CandidatePayload(candidate=CandidateType.from_model(candidate))

    @strawberry.mutation(
        description=(
            "Correct a candidate's data (checks of creation, revision the user saw; audited)."
        )
    )
    async def update_candidate(
        self, info: Info, input: inputs.UpdateCandidateInput
    ) -> CandidatePayload:
        not_found = CandidateError(
            CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field="id"
        )
        candidate = await candidates.update_candidate(
            info.context.session,
            info.context.actor,
            parse_id(input.id, not_found),
            _candidate_data(input),
            expected_revision=input.revision,
            today=dt.date.today(),
            confirm_not_duplicate=input.confirm_not_duplicate,
        )
        return CandidatePayload(candidate=CandidateType.from_model(candidate))

    @strawberry.mutation(
        description="Erase a candidate's personal data (GDPR); every dossier must be closed."
    )
    async def erase_candidate(
        self, info: Info, input: inputs.EraseCandidateInput
    ) -> CandidatePayload:
        not_found = CandidateError(
            CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field="id"
        )
        candidate = await candidates.erase(
            info.context.session, info.context.actor, parse_id(input.id, not_found)
        )
        return CandidatePayload(candidate=CandidateType.from_model(candidate))

    @strawberry.mutation(description="Open a dossier, pinned to the published référentiel.")
    async def open_dossier(self, info: Info, input: inputs.OpenDossierInput) -> DossierPayload:
        not_found = dossiers.DossierError(
            dossiers.DossierErrorCode.NOT_FOUND, "Introuvable.", field="candidateId"
        )
        dossier = await dossiers.open_dossier(
            info.context.session,
            info.context.actor,
            info.context.registry,
            dossiers.OpenDossier(
                candidate_id=parse_id(input.candidate_id, not_found),
                certification_code=input.certification_code,
                site_id=parse_id(input.site_id, not_found),
                prescriber_type=input.prescriber_type,
                financing=input.financing,
                consent=input.consent,
                prescriber_name=input.prescriber_name,
            ),
        )
        return DossierPayload(dossier=DossierType.from_model(dossier))

    @strawberry.mutation(description="Abandon a dossier (reason mandatory).")
    async def abandon_dossier(
        self, info: Info, input: inputs.AbandonDossierInput
    ) -> DossierPayload:
        if not input.reason.strip():
            raise dossiers.DossierError(
                dossiers.DossierErrorCode.REASON_REQUIRED,
                "Indiquez la raison de l'abandon.",
                field="reason",
            )
        dossier = await dossiers.get_dossier(
            info.context.session, parse_id(input.id, DOSSIER_NOT_FOUND)
        )
        await dossiers.move(
            info.context.session,
            info.context.actor,
            info.context.registry,
            dossier,
            DossierStatus.ABANDONED,
            comment=input.reason,
            expected_revision=input.revision,
        )
        return DossierPayload(dossier=DossierType.from_model(dossier))

    @strawberry.mutation(description="Start the évaluation préalable or finale of a dossier.")
    async def start_evaluation(
        self, info: Info, input: inputs.StartEvaluationInput
    ) -> EvaluationPayload:
        dossier = await dossiers.get_dossier(
            info.context.session, parse_id(input.dossier_id, DOSSIER_NOT_FOUND)
        )
        evaluation = await evaluations.start_evaluation(
            info.context.session, info.context.actor, info.context.registry, dossier, input.kind
        )
        return EvaluationPayload(evaluation=EvaluationType.from_model(evaluation))

    @strawberry.mutation(description="Plan a sitting (total within the certification's limit).")
    async def plan_evaluation_session(
        self, info: Info, input: inputs.PlanEvaluationSessionInput
    ) -> EvaluationPayload:
        evaluation = await evaluations.get_evaluation(
            info.context.session, parse_id(input.evaluation_id, EVALUATION_NOT_FOUND)
        )
        await evaluations.plan_session(
            info.context.session,
            info.context.actor,
            info.context.registry,
            evaluation,
            day=input.day,
            starts_at=_time(input.starts_at, "startsAt"),
            ends_at=_time(input.ends_at, "endsAt"),
            site_id=parse_id(input.site_id, EVALUATION_NOT_FOUND),
            evaluator_id=parse_id(input.evaluator_id, EVALUATION_NOT_FOUND),
        )
        return EvaluationPayload(evaluation=EvaluationType.from_model(evaluation))

    @strawberry.mutation(
        description=(
            "Save or clear (value null) results in bulk: all or nothing, with optimistic "
            "concurrency."
        )
    )
    async def save_evaluation_results(
        self, info: Info, input: inputs.SaveEvaluationResultsInput
    ) -> SaveResultsPayload:
        if len(input.results) > MAX_RESULTS_PER_SAVE:
            raise EvaluationError(
                EvaluationErrorCode.INVALID_VALUE,
                f"Au plus {MAX_RESULTS_PER_SAVE} résultats par enregistrement.",
                field="results",
            )
        session = info.context.session
        evaluation = await evaluations.get_evaluation(
            session, parse_id(input.evaluation_id, EVALUATION_NOT_FOUND)
        )
        dossier = await evaluations.dossier_of(session, evaluation)
        scale = info.context.registry.get(dossier.certification_code).scale
        results = []
        for result in input.results:
            value: ResultValue | None = result.value
            if scale.kind == "percent" and result.value is not None:
                try:
                    value = int(result.value)
                except ValueError:
                    value = result.value  # the scale explains what is expected
            results.append(evaluations.ResultInput(result.item_code, value, result.comment))
        saved = await evaluations.save_results(
            session,
            info.context.actor,
            info.context.registry,
            evaluation,
            results,
            expected_revision=input.revision,
            idempotency_key=input.idempotency_key,
        )
        return SaveResultsPayload(revision=saved.revision, saved=saved.saved)

    @strawberry.mutation(description="Close an evaluation: score it and move the dossier on.")
    async def close_evaluation(
        self, info: Info, input: inputs.CloseEvaluationInput
    ) -> EvaluationPayload:
        evaluation = await evaluations.get_evaluation(
            info.context.session, parse_id(input.evaluation_id, EVALUATION_NOT_FOUND)
        )
        await evaluations.close_evaluation(
            info.context.session, info.context.actor, info.context.registry, evaluation
        )
        return EvaluationPayload(evaluation=EvaluationType.from_model(evaluation))

    @strawberry.mutation(description="Build the training plan from the dossier's gaps.")
    async def create_training_plan(
        self, info: Info, input: inputs.CreateTrainingPlanInput
    ) -> TrainingPlanPayload:
        dossier = await dossiers.get_dossier(
            info.context.session, parse_id(input.dossier_id, DOSSIER_NOT_FOUND)
        )
        plan = await training.create_from_gaps(info.context.session, info.context.actor, dossier)
        return TrainingPlanPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(description="Edit the training plan (objectives, hours, trainer, dates).")
    async def update_training_plan(
        self, info: Info, input: inputs.UpdateTrainingPlanInput
    ) -> TrainingPlanPayload:
        plan = await _plan(info, input.plan_id)
        dossier = await dossiers.get_dossier(info.context.session, plan.dossier_id)
        await training.update_plan(
            info.context.session,
            info.context.actor,
            plan,
            dossier,
            training.PlanChanges(
                objectives={o.item_code: o.objective for o in input.objectives},
                hours_by_domain=training.hours_from_json(input.hours_by_domain),
                trainer_id=parse_id(input.trainer_id, PLAN_NOT_FOUND) if input.trainer_id else None,
                trainer_name=input.trainer_name,
                training_siret=input.training_siret,
                training_organisation_name=input.training_organisation_name,
                starts_on=input.starts_on,
                ends_on=input.ends_on,
                financing=input.financing,
            ),
            expected_revision=input.revision,
        )
        return TrainingPlanPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(description="Record training done.")
    async def record_training_progress(
        self, info: Info, input: inputs.RecordTrainingProgressInput
    ) -> TrainingPlanPayload:
        plan = await _plan(info, input.plan_id)
        await training.record_progress(
            info.context.session,
            info.context.actor,
            plan,
            day=input.day,
            hours=input.hours,
            items_worked=input.items_worked,
            note=input.note,
        )
        return TrainingPlanPayload(training_plan=TrainingPlanType.from_model(plan))

    @strawberry.mutation(description="Issue the attestation of the skills acquired (gaps remain).")
    async def issue_partial_attestation(
        self, info: Info, input: inputs.IssuePartialAttestationInput
    ) -> PartialAttestationPayload:
        evaluation = await evaluations.get_evaluation(
            info.context.session, parse_id(input.evaluation_id, EVALUATION_NOT_FOUND)
        )
        attestation = await attestations.issue(
            info.context.session, info.context.actor, info.context.registry, evaluation
        )
        return PartialAttestationPayload(attestation=PartialAttestationType.from_model(attestation))
