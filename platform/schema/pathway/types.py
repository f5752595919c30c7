"""GraphQL types of the pathway seen whole: the dossier list, one's work, GDPR."""

from __future__ import annotations

from typing import Annotated, ClassVar

import strawberry
from strawberry.scalars import JSON

from clea_platform.pathway.candidate_list import CandidateSort
from clea_platform.pathway.listing import DossierSort
from clea_platform.schema.candidate_space.types import CorrectionRequestType
from clea_platform.schema.candidates.types import CandidateProblem, CandidateType
from clea_platform.schema.dossiers.enums import DossierStatus
from clea_platform.schema.dossiers.types import DossierProblem, DossierType
from clea_platform.schema.evaluations.types import EvaluationSessionType
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Edge, PageInfo

DossierOrder = strawberry.enum(
    DossierSort,
    name="DossierOrder",
    description="Order of the dossier list: by opening (newest or oldest first), by "
    "candidate name, by status (in the pathway's order) or by deadline (the training "
    "window's end; dossiers without one last), each ascending or descending.",
)


CandidateOrder = strawberry.enum(
    CandidateSort,
    name="CandidateOrder",
    description="Order of the candidate list: by names (birth name first, accents ignored), "
    "ascending or descending, or by registration (newest or oldest first).",
)


@strawberry.type(description="A candidate of the list, with their dossiers here.")
class CandidateListEntry:
    candidate: CandidateType = strawberry.field(description="The candidate.")
    dossiers: list[DossierType] = strawberry.field(
        description="Their dossiers in this organisation, oldest first."
    )


@strawberry.type(description="A page of the organisation's candidates.")
class CandidateConnection:
    edges: list[Edge[CandidateListEntry]] = strawberry.field(description="This page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Candidates matching the filters.")


@strawberry.type(description="Number of dossiers in one status.")
class StatusCount:
    status: DossierStatus = strawberry.field(description="Status.")
    count: int = strawberry.field(description="Dossiers in it (with the list's filters).")


@strawberry.type(description="A page of dossiers, with counts per status.")
class DossierConnection:
    edges: list[Edge[DossierType]] = strawberry.field(description="The dossiers of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Dossiers matching the filters.")
    counts_by_status: list[StatusCount] = strawberry.field(
        description="Counts per status under every filter but the status one."
    )


@strawberry.type(description="An upcoming sitting of the evaluator, with its dossier.")
class UpcomingSitting:
    session: EvaluationSessionType = strawberry.field(description="The sitting.")
    dossier: DossierType = strawberry.field(description="Its dossier.")


@strawberry.type(description="What waits on the current user.")
class MyWork:
    dossiers_to_handle: list[DossierType] = strawberry.field(
        description="As adviser: own dossiers opened, in training, not certified or expired."
    )
    upcoming_sittings: list[UpcomingSitting] = strawberry.field(
        description="As evaluator: planned sittings from today on."
    )
    correction_requests: list[CorrectionRequestType] = strawberry.field(
        default_factory=list,
        description="As adviser or org admin: candidates' correction requests still to "
        "handle in the organisation, oldest first (empty for the other roles).",
    )


@strawberry.type(description="Everything stored about a candidate (GDPR access request).")
class CandidateExport:
    data: JSON = strawberry.field(
        description=(
            "{candidate: {…every stored field}, dossiers: [{…, timeline: […], "
            "evaluations: [{…, results: […]}]}]}, in the database's field names."
        )
    )


CandidateExportResult = Annotated[
    CandidateExport | NotFound,
    strawberry.union(
        "CandidateExportResult", description="The candidate's export, or why it is not there."
    ),
]


@strawberry.type(description="Result of erasing a candidate's personal data.")
class EraseCandidatePayload:
    error_type: ClassVar[type[CandidateProblem]] = CandidateProblem
    candidate: CandidateType | None = strawberry.field(default=None, description="It, erased.")
    errors: list[CandidateProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Where a dossier went: all the former organisation learns.")
class DossierTransfer:
    dossier_id: strawberry.ID = strawberry.field(description="The dossier (now elsewhere).")
    organisation_name: str = strawberry.field(description="The organisation it moved to.")
    site_name: str = strawberry.field(description="Its establishment.")


@strawberry.type(description="Result of transferring a dossier.")
class TransferDossierPayload:
    error_type: ClassVar[type[DossierProblem]] = DossierProblem
    transfer: DossierTransfer | None = strawberry.field(default=None, description="Done.")
    errors: list[DossierProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(
    description="An active dossier of the same person in another organisation, shown "
    "because the person agreed to share it there."
)
class DossierElsewhere:
    certification_code: str = strawberry.field(description="Certification.")
    organisation_name: str = strawberry.field(description="The organisation following it.")
    status_label: str = strawberry.field(description="Where it stands, in French.")
