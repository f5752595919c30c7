"""Root queries of the pathway seen whole: the dossier list, one's work, the GDPR export."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types.nodes import SelectedField, Selection

from clea_platform.candidate_space import rights
from clea_platform.core.pagination import PaginationError
from clea_platform.pathway import candidate_list, gdpr, listing, persons, work
from clea_platform.schema.candidate_space.types import CorrectionRequestType
from clea_platform.schema.candidates.types import CandidateType
from clea_platform.schema.context import Info
from clea_platform.schema.dossiers.types import DossierType
from clea_platform.schema.evaluations.types import EvaluationSessionType, GridProgress
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Edge, PageInfo
from clea_platform.schema.pathway.inputs import CandidateFilter, DossierFilter
from clea_platform.schema.pathway.types import (
    CandidateConnection,
    CandidateExport,
    CandidateExportResult,
    CandidateListEntry,
    DossierConnection,
    DossierElsewhere,
    MyWork,
    StatusCount,
    UpcomingSitting,
)
from clea_platform.tenants.permissions import ADVISERS

CANDIDATE_NOT_FOUND = "Candidat introuvable."


def _uuid(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise PaginationError("Identifiant invalide dans les filtres.") from None


def _filters(chosen: DossierFilter) -> listing.DossierFilters:
    return listing.DossierFilters(
        statuses=list(chosen.status or []),
        certification_code=chosen.certification_code,
        site_id=_uuid(chosen.site_id),
        adviser_id=_uuid(chosen.adviser_id),
        evaluator_id=_uuid(chosen.evaluator_id),
        trainer_id=_uuid(chosen.trainer_id),
        search=chosen.search,
        opened_from=chosen.opened_from,
        opened_to=chosen.opened_to,
    )


def _selected(selections: Sequence[Selection], *path: str) -> bool:
    """Whether the query asks for ``path`` (GraphQL names) below these selections."""
    name, rest = path[0], path[1:]
    for selection in selections:
        skip = selection.directives.get("skip", {}).get("if") is True
        if skip or selection.directives.get("include", {}).get("if") is False:
            continue
        if isinstance(selection, SelectedField):
            if selection.name == name and (not rest or _selected(selection.selections, *rest)):
                return True
        elif _selected(selection.selections, *path):  # a fragment
            return True
    return False


def _page_edges(
    listed: Sequence[listing.ListedDossier], with_candidates: bool
) -> list[Edge[DossierType]]:
    """The page's edges, with the candidates and grids' progress read with the page.

    Given to each dossier, their fields resolve without awaiting: GraphQL then creates no
    task per field and row, which cost more than the queries themselves.
    """
    people: list[tuple[CandidateType | None] | None] = [None] * len(listed)
    if with_candidates:
        people = [
            (None if row.candidate is None else CandidateType.from_model(row.candidate),)
            for row in listed
        ]
    progress = [
        None
        if row.progress is None
        else (GridProgress(evaluated=row.progress[0], total=row.progress[1]),)
        for row in listed
    ]
    return [
        Edge(
            cursor=str(row.dossier.id),
            node=DossierType.from_model(row.dossier, candidate=candidate, progress=grid),
        )
        for row, candidate, grid in zip(listed, people, progress, strict=True)
    ]


@strawberry.type
class PathwayQueries:
    @strawberry.field(description="Dossiers of the active organisation.")
    async def dossiers(
        self,
        info: Info,
        filter: Annotated[DossierFilter | None, strawberry.argument(description="Filters.")] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        order: Annotated[
            listing.DossierSort, strawberry.argument(description="Order of the list.")
        ] = listing.DossierSort.NEWEST_FIRST,
    ) -> DossierConnection:
        asked = info.selected_fields[0].selections
        with_candidates = _selected(asked, "edges", "node", "candidate")
        listed = await listing.list_dossiers(
            info.context.session,
            _filters(filter or DossierFilter()),
            first=first,
            after=after,
            sort=order,
            candidates_read_by=info.context.actor if with_candidates else None,
            with_progress=_selected(asked, "edges", "node", "progress"),
        )
        page, counts = listed.page, listed.counts_by_status
        return DossierConnection(
            edges=_page_edges(page.items, with_candidates),
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
            counts_by_status=[
                StatusCount(status=status, count=count) for status, count in sorted(counts.items())
            ],
        )

    @strawberry.field(
        description="Candidates of the active organisation with their dossiers (the read is "
        "audited; erased candidates are not listed)."
    )
    async def candidates(
        self,
        info: Info,
        filter: Annotated[
            CandidateFilter | None, strawberry.argument(description="Filters.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        order: Annotated[
            candidate_list.CandidateSort, strawberry.argument(description="Order of the list.")
        ] = candidate_list.CandidateSort.NAME_ASC,
    ) -> CandidateConnection:
        chosen = filter or CandidateFilter()
        page = await candidate_list.list_candidates(
            info.context.session,
            info.context.actor,
            candidate_list.CandidateFilters(
                search=chosen.search, birth_date=chosen.birth_date, email=chosen.email
            ),
            first=first,
            after=after,
            sort=order,
        )
        return CandidateConnection(
            edges=[
                Edge(
                    cursor=str(entry.candidate.id),
                    node=CandidateListEntry(
                        candidate=CandidateType.from_model(entry.candidate),
                        dossiers=[DossierType.from_model(d) for d in entry.dossiers],
                    ),
                )
                for entry in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )

    @strawberry.field(description="The current user's work in the active organisation.")
    async def my_work(self, info: Info) -> MyWork:
        session, actor = info.context.session, info.context.actor
        found = await work.my_work(session, actor, dt.date.today())
        # Candidates' correction requests are tasks of the organisation's advisers.
        corrections = (
            await rights.open_requests(session, actor)
            if actor.user_id is not None and ADVISERS.allows(actor)
            else []
        )
        return MyWork(
            correction_requests=[CorrectionRequestType.from_domain(c) for c in corrections],
            dossiers_to_handle=[DossierType.from_model(row) for row in found.dossiers_to_handle],
            upcoming_sittings=[
                UpcomingSitting(
                    session=EvaluationSessionType.from_model(upcoming.sitting),
                    dossier=DossierType.from_model(upcoming.dossier),
                )
                for upcoming in found.upcoming_sittings
            ],
        )

    @strawberry.field(
        description="The candidate's active dossiers in other organisations that the person "
        "agreed to share (audited); null if the candidate is not found."
    )
    async def dossiers_elsewhere(
        self,
        info: Info,
        candidate_id: Annotated[strawberry.ID, strawberry.argument(description="Candidate.")],
    ) -> list[DossierElsewhere] | None:
        key = optional_id(candidate_id)
        found = (
            None
            if key is None
            else await persons.dossiers_elsewhere(info.context.session, info.context.actor, key)
        )
        if found is None:
            return None
        return [
            DossierElsewhere(
                certification_code=row.certification_code,
                organisation_name=row.organisation_name,
                status_label=row.status_label,
            )
            for row in found
        ]

    @strawberry.field(
        description="Everything stored about a candidate (GDPR access request; audited)."
    )
    async def candidate_export(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> CandidateExportResult:
        key = optional_id(id)
        data = (
            None
            if key is None
            else await gdpr.full_export(info.context.session, info.context.actor, key)
        )
        if data is None:
            return NotFound.of(CANDIDATE_NOT_FOUND, id)
        return CandidateExport(data=JSON(data))
