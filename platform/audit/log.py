"""Reading the audit log: filters, and who sees which organisation's events.

Recording is :mod:`clea_platform.audit.service`, which every context uses; this module
reads accounts (to filter by actor email), so it sits above the identity context.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.core.pagination import Page, paginate
from clea_platform.identity.models import User
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads


@dataclass(frozen=True, slots=True)
class AuditFilter:
    operation: str | None = None
    actor_email: str | None = None
    occurred_from: dt.datetime | None = None
    occurred_to: dt.datetime | None = None
    organisation_id: uuid.UUID | None = None


async def list_events(
    session: AsyncSession,
    actor: Actor,
    filters: AuditFilter,
    *,
    first: int | None,
    after: str | None,
) -> Page[AuditEvent]:
    """Newest first. Org admins see their organisation; Certif'Pro admins see everything.

    Certif'Pro at platform level (no active organisation) reads across tenants, and that
    read is itself recorded.
    """
    query = select(AuditEvent)
    if filters.operation:
        query = query.where(AuditEvent.operation.contains(filters.operation))
    if filters.actor_email:
        query = query.where(
            AuditEvent.actor_user_id.in_(
                select(User.id).where(User.email == filters.actor_email.strip().lower())
            )
        )
    if filters.occurred_from:
        query = query.where(AuditEvent.occurred_at >= filters.occurred_from)
    if filters.occurred_to:
        query = query.where(AuditEvent.occurred_at <= filters.occurred_to)
    if actor.is_platform_admin and actor.organisation_id is None:
        if filters.organisation_id:
            query = query.where(AuditEvent.organisation_id == filters.organisation_id)
        async with cross_tenant_reads(session, "certifpro_admin:audit_log"):
            audit.record(session, actor, "audit_log.read_all", [filters.organisation_id or "*"])
            return await paginate(
                session, query, AuditEvent.id, first=first, after=after, newest_first=True
            )
    query = query.where(AuditEvent.organisation_id == actor.organisation_id)
    return await paginate(
        session, query, AuditEvent.id, first=first, after=after, newest_first=True
    )
