"""Certif'Pro's side of applications: reading every organisation's (audited), taking one
under review, asking for a complement, rejecting (accepting is ``granting.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.applications import get_application, notify_applicant
from clea_platform.accreditations.campaigns import get_campaign
from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.loading import REVIEW_SCOPE, ApplicationRow, application_rows
from clea_platform.accreditations.models import Application, ApplicationEvent, ApplicationStatus
from clea_platform.accreditations.states import transition
from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads


@dataclass(frozen=True, slots=True)
class ApplicationFilter:
    campaign_id: uuid.UUID | None = None
    status: ApplicationStatus | None = None


async def start_review(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID
) -> Application:
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        await transition(session, actor, application, ApplicationStatus.UNDER_REVIEW)
        application.reviewer_id = actor.user_id
        await session.flush()
        audit.record(
            session,
            actor,
            "application.review",
            [application.id],
            organisation_id=application.organisation_id,
        )
    return application


def required_message(message: str, what: str) -> str:
    message = message.strip()
    if not message:
        raise error(AccreditationErrorCode.REASON_REQUIRED, what, "message")
    return message


async def request_complement(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID, message: str
) -> Application:
    message = required_message(message, "Précisez les compléments attendus.")
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        await transition(
            session, actor, application, ApplicationStatus.COMPLEMENT_REQUESTED, message
        )
        application.message = message
        campaign = await get_campaign(session, application.campaign_id)
        await notify_applicant(
            session,
            application,
            f"Complément demandé — {campaign.title}",
            f"Bonjour,\n\nCertif'Pro demande un complément à votre candidature à la campagne "
            f"« {campaign.title} » :\n\n{message}\n\nComplétez-la puis déposez-la à nouveau "
            "sur la plateforme CléA.\n",
        )
        await session.flush()
        audit.record(
            session,
            actor,
            "application.request_complement",
            [application.id],
            organisation_id=application.organisation_id,
        )
    return application


async def reject(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID, reasons: str
) -> Application:
    reasons = required_message(reasons, "Indiquez les motifs du refus.")
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        await transition(session, actor, application, ApplicationStatus.REJECTED, reasons)
        application.message = reasons
        application.decided_at = utcnow()
        campaign = await get_campaign(session, application.campaign_id)
        await notify_applicant(
            session,
            application,
            f"Candidature refusée — {campaign.title}",
            f"Bonjour,\n\nVotre candidature à la campagne « {campaign.title} » est refusée "
            f"pour les motifs suivants :\n\n{reasons}\n",
        )
        await session.flush()
        audit.record(
            session,
            actor,
            "application.reject",
            [application.id],
            organisation_id=application.organisation_id,
        )
    return application


async def list_applications(session: AsyncSession, filters: ApplicationFilter) -> list[Application]:
    query = select(Application).order_by(Application.updated_at.desc())
    if filters.campaign_id is not None:
        query = query.where(Application.campaign_id == filters.campaign_id)
    if filters.status is not None:
        query = query.where(Application.status == filters.status)
    return list(await session.scalars(query))


async def events_of(session: AsyncSession, application_id: uuid.UUID) -> list[ApplicationEvent]:
    return list(
        await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.occurred_at, ApplicationEvent.id)
        )
    )


async def review_queue(
    session: AsyncSession, actor: Actor, filters: ApplicationFilter
) -> list[ApplicationRow]:
    """Applications of every organisation, for review (the read is audited)."""
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        rows = await list_applications(session, filters)
        audit.record(session, actor, "application.list", [r.id for r in rows])
        return await application_rows(session, rows)


async def application_for(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID
) -> ApplicationRow | None:
    """One application: the organisation's own, or any for Certif'Pro (audited).

    None when it does not exist or is another organisation's: both look the same.
    """
    query = select(Application).where(Application.id == application_id)
    if not PLATFORM_ADMIN.allows(actor):
        own = await session.scalar(query)
        return (await application_rows(session, [own]))[0] if own else None
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        found = await session.scalar(query)
        if found is None:
            return None
        audit.record(
            session, actor, "application.read", [found.id], organisation_id=found.organisation_id
        )
        (row,) = await application_rows(session, [found])
    return row
