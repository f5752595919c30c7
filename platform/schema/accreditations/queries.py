"""Root queries of accreditation: each calls one accessor of the context and maps its result."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import strawberry

from clea_platform.accreditations import applications, campaigns, directory, review, service
from clea_platform.schema.accreditations.control import ControlQueries
from clea_platform.schema.accreditations.enums import AccreditationScope, ApplicationStatus
from clea_platform.schema.accreditations.quality import QualityQueries
from clea_platform.schema.accreditations.types import (
    AccreditationType,
    ApplicationResult,
    ApplicationType,
    CampaignResult,
    CampaignType,
    DirectoryEntryType,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Connection, Edge, PageInfo

First = Annotated[int | None, strawberry.argument(description="Page size (max 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor.")]
#: Matches nothing: a malformed ID filters everything out rather than nothing.
NOTHING = uuid.UUID(int=0)


@strawberry.type
class AccreditationQueries(ControlQueries, QualityQueries):
    @strawberry.field(description="Accreditation campaigns, newest first (public).")
    async def campaigns(
        self,
        info: Info,
        open_only: Annotated[
            bool, strawberry.argument(description="Only those open to applications today.")
        ] = False,
    ) -> list[CampaignType]:
        rows = await campaigns.list_campaigns(
            info.context.session, open_on=dt.date.today() if open_only else None
        )
        return [CampaignType.from_model(row) for row in rows]

    @strawberry.field(description="One campaign (public).")
    async def campaign(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> CampaignResult:
        key = optional_id(id)
        row = await campaigns.find_campaign(info.context.session, key) if key else None
        if row is None:
            return NotFound.of("Campagne introuvable.", id)
        return CampaignType.from_model(row)

    @strawberry.field(description="The active organisation's applications.")
    async def my_applications(self, info: Info) -> list[ApplicationType]:
        rows = await applications.my_applications(info.context.session)
        return [ApplicationType.from_row(row) for row in rows]

    @strawberry.field(description="Applications of every organisation, for review (audited).")
    async def applications(
        self,
        info: Info,
        campaign_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this campaign.")
        ] = None,
        status: Annotated[
            ApplicationStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
    ) -> list[ApplicationType]:
        rows = await review.review_queue(
            info.context.session,
            info.context.actor,
            review.ApplicationFilter(
                campaign_id=optional_id(campaign_id) if campaign_id else None, status=status
            ),
        )
        return [ApplicationType.from_row(row) for row in rows]

    @strawberry.field(
        description="One application: the organisation's own, or any for Certif'Pro (audited)."
    )
    async def application(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> ApplicationResult:
        key = optional_id(id)
        row = (
            await review.application_for(info.context.session, info.context.actor, key)
            if key
            else None
        )
        if row is None:
            return NotFound.of("Candidature introuvable.", id)
        return ApplicationType.from_row(row)

    @strawberry.field(description="The active organisation's accreditations.")
    async def accreditations(
        self,
        info: Info,
        certification_code: Annotated[
            str | None, strawberry.argument(description="Only this certification.")
        ] = None,
    ) -> list[AccreditationType]:
        rows = await service.my_accreditations(
            info.context.session, dt.date.today(), certification_code=certification_code
        )
        return [AccreditationType.from_row(row) for row in rows]

    @strawberry.field(description="Every organisation's accreditations, for Certif'Pro (audited).")
    async def accreditation_registry(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        certification_code: Annotated[
            str | None, strawberry.argument(description="Only this certification.")
        ] = None,
        organisation_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this organisation.")
        ] = None,
    ) -> Connection[AccreditationType]:
        page = await service.accreditation_registry(
            info.context.session,
            info.context.actor,
            dt.date.today(),
            certification_code=certification_code,
            organisation_id=(
                (optional_id(organisation_id) or NOTHING) if organisation_id is not None else None
            ),
            first=first,
            after=after,
        )
        return Connection(
            edges=[
                Edge(cursor=str(row.accreditation.id), node=AccreditationType.from_row(row))
                for row in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )

    @strawberry.field(
        description="« Trouver un organisme évaluateur »: accredited sites (public, no login)."
    )
    async def evaluator_directory(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        certification_code: Annotated[
            str | None, strawberry.argument(description="Certification (e.g. CLEA).")
        ] = None,
        region: Annotated[str | None, strawberry.argument(description="Région.")] = None,
        departement: Annotated[
            str | None, strawberry.argument(description="Département code (e.g. 59).")
        ] = None,
        postal_code: Annotated[
            str | None, strawberry.argument(description="Postal code, or its beginning.")
        ] = None,
        scope: Annotated[
            AccreditationScope | None,
            strawberry.argument(
                description="Accredited to evaluate, to train, or both (none: either)."
            ),
        ] = None,
    ) -> Connection[DirectoryEntryType]:
        page = await directory.search(
            info.context.session,
            directory.DirectoryFilter(
                certification_code=certification_code,
                region=region,
                departement=departement,
                postal_code=postal_code,
                scope=scope,
            ),
            today=dt.date.today(),
            first=first,
            after=after,
        )
        return Connection(
            edges=[
                Edge(cursor=str(entry.site.id), node=DirectoryEntryType.from_entry(entry))
                for entry in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )
