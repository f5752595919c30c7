"""GraphQL types of evaluations: the evaluation, its sittings and results, the payloads."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar

import strawberry
from strawberry.scalars import JSON

from clea_platform.evaluations.billing import BillableCount
from clea_platform.evaluations.models import Evaluation, EvaluationSession, ItemResult
from clea_platform.schema.context import Info
from clea_platform.schema.documents.types import PartialAttestationType
from clea_platform.schema.evaluations.enums import EvaluationKind, EvaluationStatus
from clea_platform.schema.evaluations.problems import EvaluationProblem
from clea_platform.schema.notfound import NotFound


def _id(value: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type(name="ItemResult", description="The result recorded for one item.")
class ItemResultType:
    item_code: str = strawberry.field(description="Item code.")
    value: str = strawberry.field(description="Value on the certification's scale.")
    comment: str = strawberry.field(description="Evaluator's comment.")
    changed_in_revision: int = strawberry.field(description="Grid revision of the last change.")

    @classmethod
    def from_model(cls, row: ItemResult) -> ItemResultType:
        assert row.value is not None, "cleared results are not listed"
        return cls(
            item_code=row.item_code,
            value=row.value,
            comment=row.comment,
            changed_in_revision=row.changed_in_revision,
        )


@strawberry.type(name="EvaluationSession", description="A sitting of an evaluation.")
class EvaluationSessionType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    day: dt.date = strawberry.field(description="Date.")
    starts_at: str = strawberry.field(description="Start time, HH:MM.")
    ends_at: str = strawberry.field(description="End time, HH:MM.")
    site_id: strawberry.ID = strawberry.field(description="Site.")
    evaluator_id: strawberry.ID = strawberry.field(description="Evaluator (a user).")

    @classmethod
    def from_model(cls, sitting: EvaluationSession) -> EvaluationSessionType:
        return cls(
            id=_id(sitting.id),
            day=sitting.day,
            starts_at=sitting.starts_at.strftime("%H:%M"),
            ends_at=sitting.ends_at.strftime("%H:%M"),
            site_id=_id(sitting.site_id),
            evaluator_id=_id(sitting.evaluator_id),
        )


@strawberry.type(name="Evaluation", description="An évaluation préalable or finale.")
class EvaluationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    kind: EvaluationKind = strawberry.field(description="Préalable or finale.")
    status: EvaluationStatus = strawberry.field(description="Open or closed.")
    revision: int = strawberry.field(description="Grid revision, to send back when saving.")
    target_items: list[str] = strawberry.field(description="Items this evaluation assesses.")
    closed_at: dt.datetime | None = strawberry.field(description="When it was closed.")
    outcome: JSON | None = strawberry.field(
        description="When closed: {eligible, gaps, mastery: {code: {acquired, score}}}."
    )
    professional_context: str = strawberry.field(
        description="The job or work situation the skills are assessed in (empty: not said)."
    )

    @classmethod
    def from_model(cls, evaluation: Evaluation) -> EvaluationType:
        return cls(
            id=_id(evaluation.id),
            kind=evaluation.kind,
            status=evaluation.status,
            revision=evaluation.revision,
            target_items=list(evaluation.target_items),
            closed_at=evaluation.closed_at,
            outcome=JSON(evaluation.outcome) if evaluation.outcome is not None else None,
            professional_context=evaluation.professional_context,
            dossier_id=_id(evaluation.dossier_id),
        )

    dossier_id: strawberry.ID = strawberry.field(description="The dossier it belongs to.")

    @strawberry.field(description="Results recorded so far (a cleared result is not listed).")
    async def results(self, info: Info) -> list[ItemResultType]:
        loader = info.context.evaluation_loaders.results_by_evaluation
        rows = await loader.load(uuid.UUID(self.id))
        return [ItemResultType.from_model(row) for row in rows if row.value is not None]

    @strawberry.field(description="Planned sittings.")
    async def sessions(self, info: Info) -> list[EvaluationSessionType]:
        loader = info.context.evaluation_loaders.sessions_by_evaluation
        rows = await loader.load(uuid.UUID(self.id))
        return [EvaluationSessionType.from_model(row) for row in rows]

    @strawberry.field(
        description=(
            "The attestation of the skills acquired issued for it, if any (issuePartialAttestation "
            "issues it once; this reads it without issuing)."
        )
    )
    async def partial_attestation(self, info: Info) -> PartialAttestationType | None:
        loader = info.context.document_loaders.attestation_by_evaluation
        attestation = await loader.load(uuid.UUID(self.id))
        return None if attestation is None else PartialAttestationType.from_model(attestation)


EvaluationResult = Annotated[
    EvaluationType | NotFound,
    strawberry.union("EvaluationResult", description="The evaluation, or why it is not there."),
]


@strawberry.type(description="How far the current evaluation's grid is filled in.")
class GridProgress:
    evaluated: int = strawberry.field(description="Items with a result.")
    total: int = strawberry.field(description="Items the evaluation assesses (0: none started).")


@strawberry.type(description="Fee-bearing events of one kind for an organisation.")
class BillableCountType:
    organisation_id: strawberry.ID = strawberry.field(description="Organisation.")
    organisation_name: str = strawberry.field(description="Its name.")
    certification_code: str = strawberry.field(description="Certification.")
    kind: str = strawberry.field(description="e.g. initial_evaluation (CléA: 20 € each).")
    count: int = strawberry.field(description="Number of events in the period.")

    @classmethod
    def from_count(cls, count: BillableCount) -> BillableCountType:
        return cls(
            organisation_id=_id(count.organisation_id),
            organisation_name=count.organisation_name,
            certification_code=count.certification_code,
            kind=count.kind,
            count=count.count,
        )


@strawberry.type(description="Result of starting an evaluation.")
class StartEvaluationPayload:
    error_type: ClassVar[type[EvaluationProblem]] = EvaluationProblem
    evaluation: EvaluationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of planning a sitting: the evaluation with its sittings.")
class PlanEvaluationSessionPayload:
    error_type: ClassVar[type[EvaluationProblem]] = EvaluationProblem
    evaluation: EvaluationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of recording an evaluation's professional context.")
class SetEvaluationProfessionalContextPayload:
    error_type: ClassVar[type[EvaluationProblem]] = EvaluationProblem
    evaluation: EvaluationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(
    description="Result of saving results: the new revision, or why nothing was saved."
)
class SaveEvaluationResultsPayload:
    error_type: ClassVar[type[EvaluationProblem]] = EvaluationProblem
    revision: int | None = strawberry.field(default=None, description="New grid revision.")
    saved: int = strawberry.field(default=0, description="Results in the batch.")
    errors: list[EvaluationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of closing an evaluation: scored, the dossier moved on.")
class CloseEvaluationPayload:
    error_type: ClassVar[type[EvaluationProblem]] = EvaluationProblem
    evaluation: EvaluationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )
