"""Inputs of the pathway mutations."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON

from clea_platform.schema.pathway.enums import (
    Civility,
    DossierStatus,
    EducationLevel,
    EvaluationKind,
    Financing,
    PrescriberType,
    RegistrationStatus,
)


@strawberry.input(description="A new candidate of the active organisation.")
class CreateCandidateInput:
    civility: Civility = strawberry.field(description="Civility.")
    birth_name: str = strawberry.field(description="Birth name.")
    first_names: str = strawberry.field(description="First names.")
    birth_date: dt.date = strawberry.field(description="Birth date.")
    birth_country: str = strawberry.field(description="Country of birth.")
    birth_city: str = strawberry.field(description="City of birth.")
    status_at_registration: RegistrationStatus = strawberry.field(description="Status.")
    education_level: EducationLevel = strawberry.field(description="Education level.")
    usage_name: str = strawberry.field(default="", description="Usage name.")
    birth_postal_code: str = strawberry.field(default="", description="Birth postal code.")
    born_abroad: bool = strawberry.field(default=False, description="Born outside France.")
    email: str = strawberry.field(default="", description="Email.")
    phone: str = strawberry.field(default="", description="French phone number.")
    address_line: str = strawberry.field(default="", description="Street address.")
    postal_code: str = strawberry.field(default="", description="Postal code.")
    city: str = strawberry.field(default="", description="City.")
    professional_project: str = strawberry.field(default="", description="Project or sector.")
    confirm_not_duplicate: bool = strawberry.field(
        default=False,
        description="Create even though a candidate with the same names and birth date exists.",
    )


@strawberry.input(
    description=(
        "Corrections to a candidate, checked as at creation: every field is sent, "
        "with the revision the user saw."
    )
)
class UpdateCandidateInput:
    id: strawberry.ID = strawberry.field(description="The candidate.")
    revision: int = strawberry.field(description="The candidate's revision the user saw.")
    civility: Civility = strawberry.field(description="Civility.")
    birth_name: str = strawberry.field(description="Birth name.")
    first_names: str = strawberry.field(description="First names.")
    birth_date: dt.date = strawberry.field(description="Birth date.")
    birth_country: str = strawberry.field(description="Country of birth.")
    birth_city: str = strawberry.field(description="City of birth.")
    status_at_registration: RegistrationStatus = strawberry.field(description="Status.")
    education_level: EducationLevel = strawberry.field(description="Education level.")
    usage_name: str = strawberry.field(default="", description="Usage name.")
    birth_postal_code: str = strawberry.field(default="", description="Birth postal code.")
    born_abroad: bool = strawberry.field(default=False, description="Born outside France.")
    email: str = strawberry.field(default="", description="Email.")
    phone: str = strawberry.field(default="", description="French phone number.")
    address_line: str = strawberry.field(default="", description="Street address.")
    postal_code: str = strawberry.field(default="", description="Postal code.")
    city: str = strawberry.field(default="", description="City.")
    professional_project: str = strawberry.field(default="", description="Project or sector.")
    confirm_not_duplicate: bool = strawberry.field(
        default=False,
        description=(
            "Save even though another candidate has the new names and birth date "
            "(only asked when they change)."
        ),
    )


@strawberry.input(description="A candidate whose personal data to erase.")
class EraseCandidateInput:
    id: strawberry.ID = strawberry.field(description="The candidate.")


@strawberry.input(description="Opening a dossier after the information interview.")
class OpenDossierInput:
    candidate_id: strawberry.ID = strawberry.field(description="The candidate.")
    certification_code: str = strawberry.field(description="CLEA, CLEA_NUMERIQUE, …")
    site_id: strawberry.ID = strawberry.field(description="Site of the organisation.")
    prescriber_type: PrescriberType = strawberry.field(description="Who oriented the candidate.")
    financing: Financing = strawberry.field(description="Financing.")
    consent: bool = strawberry.field(description="The candidate agreed (recorded with the date).")
    prescriber_name: str = strawberry.field(default="", description="Prescriber's name.")


@strawberry.input(description="Abandoning a dossier.")
class AbandonDossierInput:
    id: strawberry.ID = strawberry.field(description="The dossier.")
    reason: str = strawberry.field(description="Why (mandatory).")
    revision: int = strawberry.field(description="The revision the user saw.")


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


@strawberry.input(description="Saving results in bulk (max 500 per call): all or nothing.")
class SaveEvaluationResultsInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")
    revision: int = strawberry.field(description="The grid revision the client started from.")
    results: list[ItemResultInput] = strawberry.field(description="Results (max 500).")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Same key on a retry: the first answer, applied once."
    )


@strawberry.input(description="An evaluation to close and score.")
class CloseEvaluationInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")


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


@strawberry.input(description="A closed evaluation with gaps to attest.")
class IssuePartialAttestationInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation.")


@strawberry.input(description="Filters of the dossier list; all optional, combined with AND.")
class DossierFilter:
    status: list[DossierStatus] | None = strawberry.field(default=None, description="Statuses.")
    certification_code: str | None = strawberry.field(default=None, description="Certification.")
    site_id: strawberry.ID | None = strawberry.field(default=None, description="Site.")
    adviser_id: strawberry.ID | None = strawberry.field(default=None, description="Adviser.")
    evaluator_id: strawberry.ID | None = strawberry.field(
        default=None, description="Evaluator of one of its sittings."
    )
    search: str | None = strawberry.field(default=None, description="Part of a candidate's name.")
    opened_from: dt.date | None = strawberry.field(default=None, description="Opened on or after.")
    opened_to: dt.date | None = strawberry.field(default=None, description="Opened on or before.")
