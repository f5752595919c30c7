"""GraphQL types of dossiers: the dossier, its timeline, the problems of a change."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable
from typing import Annotated, ClassVar

import strawberry

from clea_platform.dossiers import interviews
from clea_platform.dossiers.models import Dossier, DossierEvent, DossierRecord
from clea_platform.dossiers.states import LABELS, TRANSITIONS
from clea_platform.schema.candidates.types import CandidateType
from clea_platform.schema.context import Info
from clea_platform.schema.dossiers.enums import (
    DossierErrorCode,
    DossierStatus,
    Financing,
    InterviewOutcome,
    PrescriberType,
)
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.evaluations.types import EvaluationType, GridProgress
from clea_platform.schema.execution import preloaded
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.referentiels.types import ReferentielVersionType
from clea_platform.schema.training.types import TrainingPlanType


def _id(value: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type(description="Why a dossier change was refused.")
class DossierProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: DossierErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


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


@strawberry.type(
    name="InformationInterview",
    description="The free information interview with an adviser, held before a dossier opens.",
)
class InformationInterviewType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    candidate_id: strawberry.ID = strawberry.field(description="The candidate.")
    certification_code: str = strawberry.field(description="The certification discussed.")
    held_on: dt.date = strawberry.field(description="When it was held.")
    adviser_id: strawberry.ID = strawberry.field(description="The adviser (a staff member).")
    adviser_name: str = strawberry.field(description="The adviser's name.")
    outcome: InterviewOutcome = strawberry.field(description="What it concluded.")
    note: str = strawberry.field(description="The adviser's note.")

    @classmethod
    def from_row(cls, row: interviews.InterviewRow) -> InformationInterviewType:
        interview = row.interview
        return cls(
            id=_id(interview.id),
            candidate_id=_id(interview.candidate_id),
            certification_code=interview.certification_code,
            held_on=interview.held_on,
            adviser_id=_id(interview.adviser_id),
            adviser_name=row.adviser_name,
            outcome=interview.outcome,
            note=interview.note,
        )


#: Each status's next statuses in the API's order, sorted once (every dossier of a list).
_ALLOWED_STATUSES = {status: tuple(sorted(targets)) for status, targets in TRANSITIONS.items()}


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
        description="Deadline to reach the jury: the certification's training window "
        "(Certification.limits.trainingWindowYears) after the évaluation préalable."
    )
    allowed_statuses: list[DossierStatus] = strawberry.field(
        description="Statuses it may move to next."
    )
    #: The dossier read (an ORM object, or a record of the dossier list: the same names).
    dossier: strawberry.Private[Dossier | DossierRecord]
    # Loaded by the dossier list for its whole page: resolved without an awaitable, which
    # spares GraphQL a task per field and per row (see ``schema.pathway.queries``).
    page_candidate: strawberry.Private[tuple[CandidateType | None] | None] = None
    page_progress: strawberry.Private[tuple[GridProgress] | None] = None

    @classmethod
    def from_model(
        cls,
        dossier: Dossier | DossierRecord,
        *,
        candidate: tuple[CandidateType | None] | None = None,
        progress: tuple[GridProgress] | None = None,
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
            allowed_statuses=list(_ALLOWED_STATUSES[dossier.status]),
            dossier=dossier,
            page_candidate=candidate,
            page_progress=progress,
        )

    @strawberry.field(
        description="The information interview it was opened from (null: opened before "
        "interviews were recorded)."
    )
    async def information_interview(self, info: Info) -> InformationInterviewType | None:
        interview_id = self.dossier.information_interview_id
        if interview_id is None:
            return None
        row = await interviews.interview_row(info.context.session, interview_id)
        return None if row is None else InformationInterviewType.from_row(row)

    @strawberry.field(description="The référentiel version the dossier was opened with.")
    async def referentiel_version(self, info: Info) -> ReferentielVersionType | None:
        loader = info.context.dossier_loaders.version_by_id
        version = await loader.load(self.dossier.referentiel_version_id)
        if version is None:
            return None
        return ReferentielVersionType.from_model(version, self.dossier.certification_code)

    @strawberry.field(
        description="The candidate (the read is audited).",
        graphql_type=CandidateType | None,
        metadata=preloaded("page_candidate"),
    )
    def candidate(self, info: Info) -> CandidateType | Awaitable[CandidateType | None] | None:
        if self.page_candidate is not None:
            return self.page_candidate[0]
        return self._load_candidate(info)

    async def _load_candidate(self, info: Info) -> CandidateType | None:
        candidate = await info.context.candidate_loaders.candidate_by_id.load(
            self.dossier.candidate_id
        )
        return None if candidate is None else CandidateType.from_model(candidate)

    @strawberry.field(
        description="Progress of the latest evaluation's grid.",
        graphql_type=GridProgress,
        metadata=preloaded("page_progress"),
    )
    def progress(self, info: Info) -> GridProgress | Awaitable[GridProgress]:
        if self.page_progress is not None:
            return self.page_progress[0]
        return self._load_progress(info)

    async def _load_progress(self, info: Info) -> GridProgress:
        evaluated, total = await info.context.evaluation_loaders.progress_by_dossier.load(
            self.dossier.id
        )
        return GridProgress(evaluated=evaluated, total=total)

    @strawberry.field(description="Who did what, when.")
    async def timeline(self, info: Info) -> list[DossierEventType]:
        rows = await info.context.dossier_loaders.events_by_dossier.load(self.dossier.id)
        return [DossierEventType.from_model(row) for row in rows]

    @strawberry.field(description="Evaluations, oldest first.")
    async def evaluations(self, info: Info) -> list[EvaluationType]:
        rows = await info.context.evaluation_loaders.evaluations_by_dossier.load(self.dossier.id)
        return [EvaluationType.from_model(row) for row in rows]

    @strawberry.field(description="The training plan, once built.")
    async def training_plan(self, info: Info) -> TrainingPlanType | None:
        plan = await info.context.training_loaders.plan_by_dossier.load(self.dossier.id)
        return None if plan is None else TrainingPlanType.from_model(plan)


DossierResult = Annotated[
    DossierType | NotFound,
    strawberry.union("DossierResult", description="The dossier, or why it is not there."),
]


@strawberry.type(description="Result of opening a dossier.")
class OpenDossierPayload:
    error_type: ClassVar[type[DossierProblem]] = DossierProblem
    dossier: DossierType | None = strawberry.field(default=None, description="It.")
    errors: list[DossierProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of recording an information interview.")
class RecordInformationInterviewPayload:
    error_type: ClassVar[type[DossierProblem]] = DossierProblem
    interview: InformationInterviewType | None = strawberry.field(default=None, description="It.")
    errors: list[DossierProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of abandoning a dossier.")
class AbandonDossierPayload:
    error_type: ClassVar[type[DossierProblem]] = DossierProblem
    dossier: DossierType | None = strawberry.field(default=None, description="It.")
    errors: list[DossierProblem] = strawberry.field(default_factory=list, description="Problems.")
