"""Batched reads for the API's lists: what an application or an accreditation is shown with.

One statement per kind of data, whatever the number of rows. The GraphQL layer's
DataLoaders and payloads call these; no SQL is written above the domain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.drafts import ApplicationDraft, draft_from_content
from clea_platform.accreditations.enforcement import is_valid, status_label
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditedEvaluator,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    Campaign,
)
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.permissions import PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

#: Certif'Pro's reading and deciding of every organisation's applications.
REVIEW_SCOPE = "certifpro_admin:accreditation_review"
#: Certif'Pro's management of every organisation's accreditations.
ADMIN_SCOPE = "certifpro_admin:accreditations"


@contextlib.asynccontextmanager
async def reviewer_reads(session: AsyncSession, actor: Actor) -> AsyncIterator[None]:
    """Certif'Pro reads applications of every organisation; others their own only.

    Used for what comes with applications already handed out (and audited) by an
    accessor: their documents and timeline.
    """
    if PLATFORM_ADMIN.allows(actor):
        async with cross_tenant_reads(session, REVIEW_SCOPE):
            yield
    else:
        yield


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    application: Application
    organisation: Organisation

    @property
    def draft(self) -> ApplicationDraft:
        return draft_from_content(self.application.content)


async def organisations_by_id(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Organisation]:
    rows = await session.scalars(select(Organisation).where(Organisation.id.in_(set(ids))))
    return {row.id: row for row in rows}


async def application_rows(
    session: AsyncSession, applications: Sequence[Application]
) -> list[ApplicationRow]:
    """The applications with their applicants (organisations are platform data)."""
    organisations = await organisations_by_id(session, [a.organisation_id for a in applications])
    return [ApplicationRow(a, organisations[a.organisation_id]) for a in applications]


async def campaigns_by_id(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Campaign]:
    rows = await session.scalars(select(Campaign).where(Campaign.id.in_(set(ids))))
    return {row.id: row for row in rows}


async def documents_by_application(
    session: AsyncSession, actor: Actor, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ApplicationDocument]]:
    found: dict[uuid.UUID, list[ApplicationDocument]] = defaultdict(list)
    async with reviewer_reads(session, actor):
        for document in await session.scalars(
            select(ApplicationDocument)
            .where(ApplicationDocument.application_id.in_(ids))
            .order_by(ApplicationDocument.requirement_key)
        ):
            found[document.application_id].append(document)
    return found


async def events_by_application(
    session: AsyncSession, actor: Actor, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ApplicationEvent]]:
    found: dict[uuid.UUID, list[ApplicationEvent]] = defaultdict(list)
    async with reviewer_reads(session, actor):
        for event in await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id.in_(ids))
            .order_by(ApplicationEvent.occurred_at, ApplicationEvent.id)
        ):
            found[event.application_id].append(event)
    return found


@dataclass(frozen=True, slots=True)
class AccreditationRow:
    accreditation: Accreditation
    site: Site
    organisation: Organisation
    evaluators: list[AccreditedEvaluator]
    #: French: valide, expirée depuis le …, suspendue… (on the day it was read).
    status_label: str
    is_valid: bool


async def evaluators_of(
    session: AsyncSession, accreditation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[AccreditedEvaluator]]:
    found: dict[uuid.UUID, list[AccreditedEvaluator]] = {i: [] for i in accreditation_ids}
    for evaluator in await session.scalars(
        select(AccreditedEvaluator)
        .where(AccreditedEvaluator.accreditation_id.in_(accreditation_ids))
        .order_by(AccreditedEvaluator.full_name)
    ):
        found[evaluator.accreditation_id].append(evaluator)
    return found


async def accreditation_rows(
    session: AsyncSession, accreditations: Sequence[Accreditation], today: dt.date
) -> list[AccreditationRow]:
    """Sites, organisations and evaluators of ``accreditations`` in three statements.

    Call inside the admin scope for other organisations' accreditations.
    """
    site_ids = {row.site_id for row in accreditations}
    sites = {s.id: s for s in await session.scalars(select(Site).where(Site.id.in_(site_ids)))}
    organisations = await organisations_by_id(
        session, [row.organisation_id for row in accreditations]
    )
    evaluators = await evaluators_of(session, [row.id for row in accreditations])
    return [
        AccreditationRow(
            row,
            sites[row.site_id],
            organisations[row.organisation_id],
            evaluators[row.id],
            status_label(row, today),
            is_valid(row, today),
        )
        for row in accreditations
    ]


async def accreditation_rows_for(
    session: AsyncSession, actor: Actor, accreditations: Sequence[Accreditation], today: dt.date
) -> list[AccreditationRow]:
    """:func:`accreditation_rows`, under the admin scope for Certif'Pro."""
    if PLATFORM_ADMIN.allows(actor):
        async with cross_tenant_reads(session, ADMIN_SCOPE):
            return await accreditation_rows(session, accreditations, today)
    return await accreditation_rows(session, accreditations, today)
