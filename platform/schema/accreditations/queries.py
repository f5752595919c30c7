"""Root queries of accreditation."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import applications, campaigns, directory, service
from clea_platform.accreditations.models import Accreditation, Application, Campaign
from clea_platform.audit import service as audit
from clea_platform.core.pagination import paginate
from clea_platform.schema.accreditations.enums import ApplicationStatus
from clea_platform.schema.accreditations.types import (
    AccreditationType,
    ApplicationType,
    CampaignType,
    DirectoryEntryType,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.pagination import Connection, Edge, PageInfo
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads

First = Annotated[int | None, strawberry.argument(description="Page size (max 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor.")]


async def application_types(
    session: AsyncSession, rows: Sequence[Application]
) -> list[ApplicationType]:
    ids = {row.organisation_id for row in rows}
    organisations = {
        o.id: o for o in await session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    }
    return [ApplicationType.from_model(row, organisations[row.organisation_id]) for row in rows]


async def accreditation_types(
    session: AsyncSession, rows: Sequence[Accreditation]
) -> list[AccreditationType]:
    """Sites, organisations and evaluators of ``rows`` in three statements."""
    today = dt.date.today()
    site_ids = {row.site_id for row in rows}
    sites = {s.id: s for s in await session.scalars(select(Site).where(Site.id.in_(site_ids)))}
    organisations = {
        o.id: o
        for o in await session.scalars(
            select(Organisation).where(Organisation.id.in_({r.organisation_id for r in rows}))
        )
    }
    evaluators = await service.evaluators_of(session, [row.id for row in rows])
    return [
        AccreditationType.from_model(
            row, sites[row.site_id], organisations[row.organisation_id], evaluators[row.id], today
        )
        for row in rows
    ]


@strawberry.type
class AccreditationQueries:
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
    ) -> CampaignType | None:
        key = optional_id(id)
        if key is None:
            return None
        row = await info.context.session.get(Campaign, key)
        return CampaignType.from_model(row) if row else None

    @strawberry.field(description="The active organisation's applications.")
    async def my_applications(self, info: Info) -> list[ApplicationType]:
        session = info.context.session
        rows = await applications.list_applications(session, applications.ApplicationFilter())
        return await application_types(session, rows)

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
        session = info.context.session
        async with cross_tenant_reads(session, applications.REVIEW_SCOPE):
            rows = await applications.list_applications(
                session,
                applications.ApplicationFilter(
                    campaign_id=optional_id(campaign_id) if campaign_id else None, status=status
                ),
            )
            audit.record(session, info.context.actor, "application.list", [r.id for r in rows])
            return await application_types(session, rows)

    @strawberry.field(
        description="One application: the organisation's own, or any for Certif'Pro (audited)."
    )
    async def application(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> ApplicationType | None:
        key = optional_id(id)
        if key is None:
            return None
        session = info.context.session
        actor = info.context.actor
        if actor.is_platform_admin:
            async with cross_tenant_reads(session, applications.REVIEW_SCOPE):
                row = await session.scalar(select(Application).where(Application.id == key))
                if row is not None:
                    audit.record(
                        session,
                        actor,
                        "application.read",
                        [row.id],
                        organisation_id=row.organisation_id,
                    )
                return (await application_types(session, [row]))[0] if row else None
        row = await session.scalar(select(Application).where(Application.id == key))
        return (await application_types(session, [row]))[0] if row else None

    @strawberry.field(description="The active organisation's accreditations.")
    async def accreditations(
        self,
        info: Info,
        certification_code: Annotated[
            str | None, strawberry.argument(description="Only this certification.")
        ] = None,
    ) -> list[AccreditationType]:
        session = info.context.session
        rows = await service.list_accreditations(session, certification_code=certification_code)
        return await accreditation_types(session, rows)

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
        session = info.context.session
        query = select(Accreditation)
        if certification_code:
            query = query.where(Accreditation.certification_code == certification_code)
        if organisation_id is not None:
            query = query.where(
                Accreditation.organisation_id == (optional_id(organisation_id) or uuid.UUID(int=0))
            )
        async with cross_tenant_reads(session, service.ADMIN_SCOPE):
            page = await paginate(session, query, Accreditation.id, first=first, after=after)
            audit.record(
                session, info.context.actor, "accreditation.list", [r.id for r in page.items]
            )
            nodes = await accreditation_types(session, page.items)
        return Connection(
            edges=[Edge(cursor=str(node.id), node=node) for node in nodes],
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
    ) -> Connection[DirectoryEntryType]:
        page = await directory.search(
            info.context.session,
            directory.DirectoryFilter(
                certification_code=certification_code,
                region=region,
                departement=departement,
                postal_code=postal_code,
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
