"""GraphQL types of the pathway: candidates, dossiers, evaluations, training plans."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable
from typing import ClassVar

import strawberry
from strawberry.scalars import JSON

from clea_platform.candidates.models import Candidate
from clea_platform.documents.models import PartialAttestation
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import LABELS, TRANSITIONS
from clea_platform.evaluations.models import Evaluation, EvaluationSession, ItemResult
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.schema.context import Info
from clea_platform.schema.pathway.enums import (
    Civility,
    DossierStatus,
    EducationLevel,
    EvaluationKind,
    EvaluationStatus,
    Financing,
    PrescriberType,
    RegistrationStatus,
)
from clea_platform.schema.pathway.errors import (
    CandidateError,
    DossierError,
    EvaluationError,
    TrainingError,
)
from clea_platform.schema.referentiels.types import ReferentielVersionType
from clea_platform.training.models import TrainingPlan


def _id(value: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type(name="Candidate", description="A person on the pathway (personal data, audited).")
class CandidateType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    civility: Civility = strawberry.field(description="Civility.")
    birth_name: str = strawberry.field(description="Birth name.")
    usage_name: str = strawberry.field(description="Usage name, if different.")
    first_names: str = strawberry.field(description="First names.")
    birth_date: dt.date = strawberry.field(description="Birth date.")
    birth_country: str = strawberry.field(description="Country of birth.")
    birth_city: str = strawberry.field(description="City of birth.")
    born_abroad: bool = strawberry.field(description="Born outside France.")
    birth_postal_code: str = strawberry.field(description="Postal code of the place of birth.")
    email: str = strawberry.field(description="Email.")
    phone: str = strawberry.field(description="Phone.")
    address_line: str = strawberry.field(description="Street address.")
    postal_code: str = strawberry.field(description="Postal code of the address.")
    city: str = strawberry.field(description="City of the address.")
    status_at_registration: RegistrationStatus = strawberry.field(description="Status.")
    education_level: EducationLevel = strawberry.field(description="Education level.")
    professional_project: str = strawberry.field(description="Project or sector.")
    anonymised: bool = strawberry.field(
        description="Erased at the person's request or by retention."
    )
    revision: int = strawberry.field(description="Revision, to send back when correcting it.")

    @classmethod
    def from_model(cls, candidate: Candidate) -> CandidateType:
        return cls(
            id=_id(candidate.id),
            civility=candidate.civility,
            birth_name=candidate.birth_name,
            usage_name=candidate.usage_name,
            first_names=candidate.first_names,
            birth_date=candidate.birth_date,
            birth_country=candidate.birth_country,
            birth_city=candidate.birth_city,
            born_abroad=candidate.born_abroad,
            birth_postal_code=candidate.birth_postal_code,
            email=candidate.email,
            phone=candidate.phone,
            address_line=candidate.address_line,
            postal_code=candidate.postal_code,
            city=candidate.city,
            status_at_registration=candidate.status_at_registration,
            education_level=candidate.education_level,
            professional_project=candidate.professional_project,
            anonymised=candidate.anonymised_at is not None,
            revision=candidate.revision,
        )


@strawberry.type(name="DossierEvent", description="One line of a dossier's timeline.")
class DossierEventType:
    occurred_at: dt.datetime = strawberry.field(description="When.")
    actor_label: str = strawberry.field(description="Who.")
    kind: str = strawberry.field(description="opened, transition, …")
    from_status: DossierStatus | None = strawberry.field(description="Status before.")
    to_status: DossierStatus | None = strawberry.field(description="Status after.")
    comment: str = strawberry.field(description="Comment or reason.")

    @classmethod
    def from_model(cls, event: DossierEvent) -> DossierEventType:
        return cls(
            occurred_at=event.occurred_at,
            actor_label=event.actor_label,
            kind=event.kind,
            from_status=event.from_status,
            to_status=event.to_status,
            comment=event.comment,
        )


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
            dossier_id=_id(evaluation.dossier_id),
        )

    dossier_id: strawberry.ID = strawberry.field(description="The dossier it belongs to.")

    @strawberry.field(description="Results recorded so far (a cleared result is not listed).")
    async def results(self, info: Info) -> list[ItemResultType]:
        rows = await info.context.pathway_loaders.results_by_evaluation.load(uuid.UUID(self.id))
        return [ItemResultType.from_model(row) for row in rows if row.value is not None]

    @strawberry.field(description="Planned sittings.")
    async def sessions(self, info: Info) -> list[EvaluationSessionType]:
        rows = await info.context.pathway_loaders.sessions_by_evaluation.load(uuid.UUID(self.id))
        return [EvaluationSessionType.from_model(row) for row in rows]

    @strawberry.field(
        description=(
            "The attestation of the skills acquired issued for it, if any (issuePartialAttestation "
            "issues it once; this reads it without issuing)."
        )
    )
    async def partial_attestation(self, info: Info) -> PartialAttestationType | None:
        loader = info.context.pathway_loaders.attestations_by_evaluation
        rows = await loader.load(uuid.UUID(self.id))
        return PartialAttestationType.from_model(rows[0]) if rows else None


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
            id=_id(plan.id),
            revision=plan.revision,
            training_siret=plan.training_siret,
            training_organisation_name=plan.training_organisation_name,
            trainer_id=_id(plan.trainer_id) if plan.trainer_id else None,
            trainer_name=plan.trainer_name,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            financing=plan.financing,
            hours_by_domain=JSON(plan.hours_by_domain),
        )

    @strawberry.field(description="One objective per targeted item.")
    async def objectives(self, info: Info) -> list[TrainingObjectiveType]:
        rows = await info.context.pathway_loaders.objectives_by_plan.load(uuid.UUID(self.id))
        return [TrainingObjectiveType(item_code=r.item_code, objective=r.objective) for r in rows]

    @strawberry.field(description="Training recorded so far.")
    async def progress(self, info: Info) -> list[TrainingProgressType]:
        rows = await info.context.pathway_loaders.progress_by_plan.load(uuid.UUID(self.id))
        return [
            TrainingProgressType(
                day=r.day, hours=float(r.hours), items_worked=list(r.items_worked), note=r.note
            )
            for r in rows
        ]


@strawberry.type(description="How far the current evaluation's grid is filled in.")
class GridProgress:
    evaluated: int = strawberry.field(description="Items with a result.")
    total: int = strawberry.field(description="Items the evaluation assesses (0: none started).")


@strawberry.type(name="Dossier", description="A candidate's pathway towards one certification.")
class DossierType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    certification_code: str = strawberry.field(description="Certification.")
    status: DossierStatus = strawberry.field(description="Where it stands.")
    status_label: str = strawberry.field(description="The status, in French.")
    revision: int = strawberry.field(description="Revision, to send back when changing it.")
    site_id: strawberry.ID = strawberry.field(description="Site.")
    prescriber_type: PrescriberType = strawberry.field(description="Who oriented the candidate.")
    prescriber_name: str = strawberry.field(description="Prescriber's name.")
    financing: Financing = strawberry.field(description="Financing.")
    opened_at: dt.datetime = strawberry.field(description="Opening date (consent given).")
    window_ends_on: dt.date | None = strawberry.field(
        description="Deadline to reach the jury (5 years after the évaluation préalable)."
    )
    allowed_statuses: list[DossierStatus] = strawberry.field(
        description="Statuses it may move to next."
    )
    dossier: strawberry.Private[Dossier]
    # Loaded by the dossier list for its whole page: resolved without an awaitable, which
    # spares GraphQL a task per field and per row (see ``PathwayQueries.dossiers``).
    page_candidate: strawberry.Private[tuple[CandidateType | None] | None] = None
    page_progress: strawberry.Private[GridProgress | None] = None

    @classmethod
    def from_model(
        cls,
        dossier: Dossier,
        *,
        candidate: tuple[CandidateType | None] | None = None,
        progress: GridProgress | None = None,
    ) -> DossierType:
        return cls(
            id=_id(dossier.id),
            certification_code=dossier.certification_code,
            status=dossier.status,
            status_label=LABELS[dossier.status],
            revision=dossier.revision,
            site_id=_id(dossier.site_id),
            prescriber_type=dossier.prescriber_type,
            prescriber_name=dossier.prescriber_name,
            financing=dossier.financing,
            opened_at=dossier.consent_at,
            window_ends_on=dossier.window_ends_on,
            allowed_statuses=sorted(TRANSITIONS[dossier.status]),
            dossier=dossier,
            page_candidate=candidate,
            page_progress=progress,
        )

    @strawberry.field(description="The référentiel version the dossier was opened with.")
    async def referentiel_version(self, info: Info) -> ReferentielVersionType | None:
        version = await info.context.session.get(
            ReferentielVersion, self.dossier.referentiel_version_id
        )
        if version is None:
            return None
        return ReferentielVersionType.from_model(version, self.dossier.certification_code)

    @strawberry.field(
        description="The candidate (the read is audited).", graphql_type=CandidateType | None
    )
    def candidate(self, info: Info) -> CandidateType | Awaitable[CandidateType | None] | None:
        if self.page_candidate is not None:
            return self.page_candidate[0]
        return self._load_candidate(info)

    async def _load_candidate(self, info: Info) -> CandidateType | None:
        candidate = await info.context.pathway_loaders.candidate_by_id.load(
            self.dossier.candidate_id
        )
        return None if candidate is None else CandidateType.from_model(candidate)

    @strawberry.field(
        description="Progress of the latest evaluation's grid.", graphql_type=GridProgress
    )
    def progress(self, info: Info) -> GridProgress | Awaitable[GridProgress]:
        if self.page_progress is not None:
            return self.page_progress
        return self._load_progress(info)

    async def _load_progress(self, info: Info) -> GridProgress:
        evaluated, total = await info.context.pathway_loaders.progress_by_dossier.load(
            self.dossier.id
        )
        return GridProgress(evaluated=evaluated, total=total)

    @strawberry.field(description="Who did what, when.")
    async def timeline(self, info: Info) -> list[DossierEventType]:
        rows = await info.context.pathway_loaders.events_by_dossier.load(self.dossier.id)
        return [DossierEventType.from_model(row) for row in rows]

    @strawberry.field(description="Evaluations, oldest first.")
    async def evaluations(self, info: Info) -> list[EvaluationType]:
        rows = await info.context.pathway_loaders.evaluations_by_dossier.load(self.dossier.id)
        return [EvaluationType.from_model(row) for row in rows]

    @strawberry.field(description="The training plan, once built.")
    async def training_plan(self, info: Info) -> TrainingPlanType | None:
        rows = await info.context.pathway_loaders.plans_by_dossier.load(self.dossier.id)
        return TrainingPlanType.from_model(rows[0]) if rows else None


@strawberry.type(description="Number of dossiers in one status.")
class StatusCount:
    status: DossierStatus = strawberry.field(description="Status.")
    count: int = strawberry.field(description="Dossiers in it (with the list's filters).")


@strawberry.type(description="An attestation of the skills acquired, with its PDF.")
class PartialAttestationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    reference: str = strawberry.field(description="Unique reference printed on it.")
    issued_at: dt.datetime = strawberry.field(description="Issue date.")
    download_url: str = strawberry.field(description="Where its PDF is (same session).")

    @classmethod
    def from_model(cls, attestation: PartialAttestation) -> PartialAttestationType:
        return cls(
            id=_id(attestation.id),
            reference=attestation.reference,
            issued_at=attestation.issued_at,
            download_url=f"/documents/attestations/{attestation.id}.pdf",
        )


@strawberry.type(description="Result of a candidate change.")
class CandidatePayload:
    error_type: ClassVar[type[CandidateError]] = CandidateError
    candidate: CandidateType | None = strawberry.field(default=None, description="It.")
    errors: list[CandidateError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of a dossier change.")
class DossierPayload:
    error_type: ClassVar[type[DossierError]] = DossierError
    dossier: DossierType | None = strawberry.field(default=None, description="It.")
    errors: list[DossierError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of an evaluation change.")
class EvaluationPayload:
    error_type: ClassVar[type[EvaluationError]] = EvaluationError
    evaluation: EvaluationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(
    description="Result of saving results: the new revision, or why nothing was saved."
)
class SaveResultsPayload:
    error_type: ClassVar[type[EvaluationError]] = EvaluationError
    revision: int | None = strawberry.field(default=None, description="New grid revision.")
    saved: int = strawberry.field(default=0, description="Results in the batch.")
    errors: list[EvaluationError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of a training plan change.")
class TrainingPlanPayload:
    error_type: ClassVar[type[TrainingError]] = TrainingError
    training_plan: TrainingPlanType | None = strawberry.field(default=None, description="It.")
    errors: list[TrainingError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of issuing a partial attestation.")
class PartialAttestationPayload:
    error_type: ClassVar[type[EvaluationError]] = EvaluationError
    attestation: PartialAttestationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationError] = strawberry.field(default_factory=list, description="Problems.")
