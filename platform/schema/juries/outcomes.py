"""The jury's decisions as the evaluator organisation reads them (no internal comment)."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.juries.outcomes import OrganisationDecision
from clea_platform.schema.juries.enums import Outcome


@strawberry.type(
    description="A jury decision on one of the organisation's dossiers, once the session is "
    "closed, or an amendment of it (the jury's internal comment is never shown)."
)
class DossierJuryDecision:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    session_label: str = strawberry.field(description="The session (title and date).")
    outcome: Outcome = strawberry.field(description="Outcome.")
    reason: str = strawberry.field(description="Grounds (or why the decision was amended).")
    decided_at: dt.datetime = strawberry.field(description="When.")
    criteria_at_issue: list[str] = strawberry.field(
        description="Référentiel codes at issue when not certified."
    )
    candidate_comment: str = strawberry.field(description="Comment for the candidate.")
    organisation_comment: str = strawberry.field(description="Comment for the organisation.")
    obtained_at_first_evaluation: bool = strawberry.field(
        description="Certified on the évaluation préalable alone (no évaluation finale)."
    )
    amends_id: strawberry.ID | None = strawberry.field(
        description="The decision this amendment corrects (null: the session's decision)."
    )
    effect: str = strawberry.field(description="What an amendment did to the dossier.")

    @classmethod
    def from_row(cls, row: OrganisationDecision) -> DossierJuryDecision:
        return cls(
            id=strawberry.ID(str(row.id)),
            session_label=row.session_label,
            outcome=row.outcome,
            reason=row.reason,
            decided_at=row.decided_at,
            criteria_at_issue=row.criteria_at_issue,
            candidate_comment=row.candidate_comment,
            organisation_comment=row.organisation_comment,
            obtained_at_first_evaluation=row.obtained_at_first_evaluation,
            amends_id=strawberry.ID(str(row.amends_id)) if row.amends_id else None,
            effect=row.effect,
        )
