"""Root queries of the pathway."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

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
        session = info.context.session
        page = await listing.list_dossiers(
            session,
            filters,
            first=first,
            after=after,
            newest_first=order == DossierOrder.NEWEST_FIRST,
        )
        counts = await listing.counts_by_status(session, filters)
        return DossierConnection(
            edges=[Edge(cursor=str(d.id), node=DossierType.from_model(d)) for d in page.items],
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
