"""Inputs of the dossiers' mutations."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.schema.candidates.inputs import CreateCandidateInput
from clea_platform.schema.dossiers.enums import Financing, InterviewOutcome, PrescriberType


@strawberry.input(
    description="The information interview recorded with the dossier it orients to (outcome "
    "ORIENTED, the certification of the dossier)."
)
class OpeningInterviewInput:
    held_on: dt.date = strawberry.field(description="When it was held (not in the future).")
    adviser_id: strawberry.ID = strawberry.field(
        description="The adviser who held it (a member of the organisation)."
    )
    note: str = strawberry.field(default="", description="The adviser's note.")


NEW_CANDIDATE_DESCRIPTION = (
    "A candidate registered with it, in the same transaction (instead of candidateId): "
    "nothing is kept if it is refused. Its problems come back with the field "
    "`newCandidate.<field>` (INVALID_CANDIDATE, POSSIBLE_DUPLICATE: confirm with "
    "confirmNotDuplicate or use the existing candidate)."
)


@strawberry.input(description="Opening a dossier after the information interview.")
class OpenDossierInput:
    candidate_id: strawberry.ID | None = strawberry.field(
        default=None, description="An existing candidate of the organisation (or newCandidate)."
    )
    new_candidate: CreateCandidateInput | None = strawberry.field(
        default=None, description=NEW_CANDIDATE_DESCRIPTION
    )
    certification_code: str = strawberry.field(description="CLEA, CLEA_NUMERIQUE, …")
    site_id: strawberry.ID = strawberry.field(description="Site of the organisation.")
    prescriber_type: PrescriberType = strawberry.field(description="Who oriented the candidate.")
    financing: Financing = strawberry.field(description="Financing.")
    consent: bool = strawberry.field(description="The candidate agreed (recorded with the date).")
    prescriber_name: str = strawberry.field(default="", description="Prescriber's name.")
    consent_to_share: bool = strawberry.field(
        default=False,
        description="The candidate agrees that other accredited organisations may learn that "
        "they follow a dossier here, and with which organisation.",
    )
    information_interview_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "The information interview that oriented the candidate here (recordInformation"
            "Interview); omitted: the candidate's latest one for this certification that no "
            "dossier used yet. One is required."
        ),
    )
    interview: OpeningInterviewInput | None = strawberry.field(
        default=None,
        description="The interview to record with the dossier, in the same transaction "
        "(instead of informationInterviewId; required with newCandidate).",
    )


@strawberry.input(description="The information interview held before a dossier opens.")
class RecordInformationInterviewInput:
    candidate_id: strawberry.ID | None = strawberry.field(
        default=None, description="An existing candidate of the organisation (or newCandidate)."
    )
    certification_code: str = strawberry.field(description="The certification discussed.")
    held_on: dt.date = strawberry.field(description="When it was held (not in the future).")
    adviser_id: strawberry.ID = strawberry.field(
        description="The adviser who held it (a member of the organisation)."
    )
    outcome: InterviewOutcome = strawberry.field(description="What it concluded.")
    note: str = strawberry.field(default="", description="The adviser's note.")
    new_candidate: CreateCandidateInput | None = strawberry.field(
        default=None, description=NEW_CANDIDATE_DESCRIPTION
    )


@strawberry.input(description="Abandoning a dossier.")
class AbandonDossierInput:
    id: strawberry.ID = strawberry.field(description="The dossier.")
    reason: str = strawberry.field(description="Why (mandatory).")
    revision: int = strawberry.field(description="The revision the user saw.")
