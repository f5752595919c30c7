"""Inputs of the evaluations' mutations."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.evaluations.models import PROFESSIONAL_CONTEXT_MAX_LENGTH
from clea_platform.evaluations.service import MAX_RESULTS_PER_SAVE
from clea_platform.schema.evaluations.enums import EvaluationKind


@strawberry.input(description="Starting an evaluation of a dossier.")
class StartEvaluationInput:
    dossier_id: strawberry.ID = strawberry.field(description="The dossier.")
    kind: EvaluationKind = strawberry.field(
        description="INITIAL: the whole référentiel; FINAL: the training plan's items."
    )


@strawberry.input(description="A sitting of an evaluation.")
class PlanEvaluationSessionInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")
    day: dt.date = strawberry.field(description="Date.")
    starts_at: str = strawberry.field(description="Start time, HH:MM.")
    ends_at: str = strawberry.field(description="End time, HH:MM.")
    site_id: strawberry.ID = strawberry.field(description="Site.")
    evaluator_id: strawberry.ID = strawberry.field(description="An evaluator of the organisation.")


@strawberry.input(description="The result of one item, or its clearing.")
class ItemResultInput:
    item_code: str = strawberry.field(description="Item code (a leaf of the référentiel).")
    value: str | None = strawberry.field(
        description=(
            "On the certification's scale (Certification.scale): e.g. acquis / non_acquis, "
            "or 0–100. null clears the item's result and its comment."
        )
    )
    comment: str = strawberry.field(
        default="", description="Optional comment (none when clearing)."
    )


@strawberry.input(
    description=f"Saving results in bulk (max {MAX_RESULTS_PER_SAVE} per call): all or nothing."
)
class SaveEvaluationResultsInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")
    revision: int = strawberry.field(description="The grid revision the client started from.")
    results: list[ItemResultInput] = strawberry.field(
        description=f"Results (max {MAX_RESULTS_PER_SAVE})."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Same key on a retry: the first answer, applied once."
    )


@strawberry.input(description="An evaluation to close and score.")
class CloseEvaluationInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")


@strawberry.input(description="The professional context an evaluation assesses the skills in.")
class SetEvaluationProfessionalContextInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation (still open).")
    professional_context: str = strawberry.field(
        description=(
            f"Job or work situation used (max {PROFESSIONAL_CONTEXT_MAX_LENGTH} characters; "
            "empty clears it)."
        )
    )
