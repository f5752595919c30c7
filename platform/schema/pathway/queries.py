"""Root queries of the pathway."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from typing import Annotated

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON
from strawberry.types.nodes import SelectedField, Selection

from clea_platform.candidates import service as candidates
from clea_platform.candidates.validation import CandidateError
from clea_platform.core.pagination import PaginationError
from clea_platform.dossiers import listing
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import billing
from clea_platform.evaluations.models import Evaluation
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.pagination import Edge, PageInfo
from clea_platform.schema.pathway.inputs import DossierFilter
from clea_platform.schema.pathway.types import (
    CandidateType,
    DossierType,
    EvaluationSessionType,
    EvaluationType,
    GridProgress,
    StatusCount,
)


def _uuid(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise PaginationError("Identifiant invalide dans les filtres.") from None


@strawberry.enum(description="Order of the dossier list.")
class DossierOrder(enum.Enum):
    NEWEST_FIRST = "newest_first"
    OLDEST_FIRST = "oldest_first"


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


@strawberry.type(description="Fee-bearing events of one kind for an organisation.")
class BillableCountType:
    organisation_id: strawberry.ID = strawberry.field(description="Organisation.")
    organisation_name: str = strawberry.field(description="Its name.")
    certification_code: str = strawberry.field(description="Certification.")
    kind: str = strawberry.field(description="e.g. initial_evaluation (CléA: 20 € each).")
    count: int = strawberry.field(description="Number of events in the period.")


@strawberry.type(description="A page of dossiers, with counts per status.")
class DossierConnection:
    edges: list[Edge[DossierType]] = strawberry.field(description="The dossiers of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Dossiers matching the filters.")
    counts_by_status: list[StatusCount] = strawberry.field(
        description="Counts per status under every filter but the status one."
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


async def _page_edges(info: Info, dossiers: Sequence[Dossier]) -> list[Edge[DossierType]]:
    """The page's edges, with the candidates and grid progress asked for loaded at once.

    Loaded here for the whole page (the same single query each), their fields resolve
    without awaiting: GraphQL then creates no task per field and row, which cost more
    than the queries themselves.
    """
    loaders = info.context.pathway_loaders
    asked = info.selected_fields[0].selections
    people: list[tuple[CandidateType | None] | None] = [None] * len(dossiers)
    progress: list[GridProgress | None] = [None] * len(dossiers)
    if dossiers and _selected(asked, "edges", "node", "candidate"):
        loaded = await loaders.candidate_by_id.load_many([d.candidate_id for d in dossiers])
        people = [(None if c is None else CandidateType.from_model(c),) for c in loaded]
    if dossiers and _selected(asked, "edges", "node", "progress"):
        grids = await loaders.progress_by_dossier.load_many([d.id for d in dossiers])
        progress = [GridProgress(evaluated=done, total=total) for done, total in grids]
    return [
        Edge(
            cursor=str(dossier.id),
            node=DossierType.from_model(dossier, candidate=candidate, progress=grid),
        )
        for dossier, candidate, grid in zip(dossiers, people, progress, strict=True)
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
            DossierOrder, strawberry.argument(description="Order of the list.")
        ] = DossierOrder.NEWEST_FIRST,
    ) -> DossierConnection:
        chosen = filter or DossierFilter()
        filters = listing.DossierFilters(
            statuses=list(chosen.status or []),
            certification_code=chosen.certification_code,
            site_id=_uuid(chosen.site_id),
            adviser_id=_uuid(chosen.adviser_id),
            evaluator_id=_uuid(chosen.evaluator_id),
            search=chosen.search,
            opened_from=chosen.opened_from,
            opened_to=chosen.opened_to,
        )
        listed = await listing.list_dossiers(
            info.context.session,
            filters,
            first=first,
            after=after,
            newest_first=order == DossierOrder.NEWEST_FIRST,
        )
        page, counts = listed.page, listed.counts_by_status
        return DossierConnection(
            edges=await _page_edges(info, page.items),
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
            counts_by_status=[
                StatusCount(status=status, count=count) for status, count in sorted(counts.items())
            ],
        )

    @strawberry.field(
        description="Billable events per organisation and certification over a period (Certif'Pro)."
    )
    async def billable_events(
        self,
        info: Info,
        since: Annotated[dt.date, strawberry.argument(description="First day.")],
        until: Annotated[dt.date, strawberry.argument(description="Last day (included).")],
    ) -> list[BillableCountType]:
        counts = await billing.billable_counts(
            info.context.session, info.context.actor, since=since, until=until
        )
        return [
            BillableCountType(
                organisation_id=strawberry.ID(str(c.organisation_id)),
                organisation_name=c.organisation_name,
                certification_code=c.certification_code,
                kind=c.kind,
                count=c.count,
            )
            for c in counts
        ]

    @strawberry.field(description="The current user's work in the active organisation.")
    async def my_work(self, info: Info) -> MyWork:
        actor = info.context.actor
        session = info.context.session
        if actor.user_id is None:
            return MyWork(dossiers_to_handle=[], upcoming_sittings=[])
        waiting = await listing.waiting_on_adviser(session, actor.user_id)
        sittings = await listing.upcoming_sittings(session, actor.user_id, dt.date.today())
        dossiers = {
            row.id: row
            for row in await session.scalars(
                select(Dossier).where(Dossier.id.in_([dossier for _, dossier in sittings]))
            )
        }
        return MyWork(
            dossiers_to_handle=[DossierType.from_model(row) for row in waiting],
            upcoming_sittings=[
                UpcomingSitting(
                    session=EvaluationSessionType.from_model(sitting),
                    dossier=DossierType.from_model(dossiers[dossier_id]),
                )
                for sitting, dossier_id in sittings
                if dossier_id in dossiers
            ],
        )

    @strawberry.field(description="One dossier of the active organisation.")
    async def dossier(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> DossierType | None:
        key = optional_id(id)
        if key is None:
            return None
        row = await info.context.session.get(Dossier, (info.context.actor.organisation_id, key))
        return None if row is None else DossierType.from_model(row)

    @strawberry.field(description="One candidate of the active organisation (the read is audited).")
    async def candidate(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> CandidateType | None:
        key = optional_id(id)
        if key is None:
            return None
        row = await info.context.pathway_loaders.candidate_by_id.load(key)
        return None if row is None else CandidateType.from_model(row)

    @strawberry.field(
        description="Everything stored about a candidate (GDPR access request; audited)."
    )
    async def candidate_export(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> JSON | None:
        key = optional_id(id)
        if key is None:
            return None
        try:
            data = await candidates.full_export(info.context.session, info.context.actor, key)
        except CandidateError:
            return None
        return JSON(data)

    @strawberry.field(description="One evaluation, with its grid.")
    async def evaluation(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> EvaluationType | None:
        key = optional_id(id)
        if key is None:
            return None
        row = await info.context.session.get(Evaluation, (info.context.actor.organisation_id, key))
        return None if row is None else EvaluationType.from_model(row)
