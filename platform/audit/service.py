"""Recording and reading the audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from clea_platform.audit.models import AuditEvent
from clea_platform.core.pagination import Page, paginate
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

# Set in ``session.info`` when the unit of work already holds an audit event.
AUDITED = "clea_audited"
# Events waiting in ``session.info``: they join the session at its next flush or commit.
# Keeping them out of the session until then lets concurrent resolvers record reads
# while a sibling's flush is running.
PENDING = "clea_pending_audit_events"


@event.listens_for(Session, "before_flush")
def _add_pending_on_flush(session: Session, flush_context: Any, instances: Any) -> None:
    session.add_all(session.info.pop(PENDING, []))


@event.listens_for(Session, "before_commit")
def _add_pending_on_commit(session: Session) -> None:
    session.add_all(session.info.pop(PENDING, []))


def copy_event(event: AuditEvent) -> AuditEvent:
    """A new, unsaved event with the same values (to retry saving it)."""
    columns = AuditEvent.__table__.columns
    return AuditEvent(**{column.key: getattr(event, column.key) for column in columns})


def discard_pending(session: AsyncSession) -> None:
    """Forget events recorded for work that was rolled back."""
    session.info.pop(PENDING, None)
    session.info.pop(AUDITED, None)


def record(
    session: AsyncSession,
    actor: Actor,
    operation: str,
    object_ids: Iterable[object] = (),
    *,
    organisation_id: uuid.UUID | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    """Add an event to the session's transaction (it is saved with the work it describes)."""
    audit_event = AuditEvent(
        organisation_id=organisation_id if organisation_id is not None else actor.organisation_id,
        actor_user_id=actor.user_id,
        actor_api_key_id=actor.api_key_id,
        actor_label=actor.label,
        operation=operation,
        object_ids=[str(object_id) for object_id in object_ids],
        request_id=actor.request_id,
        ip_address=actor.ip_address,
        outcome=outcome,
    )
    session.info.setdefault(PENDING, []).append(audit_event)
    session.info[AUDITED] = True
    return audit_event


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
    """Newest first. Org admins see their organisation; Certif'Pro admins see everything."""
    from clea_platform.identity.models import User

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
            record(session, actor, "audit_log.read_all", [filters.organisation_id or "*"])
            return await paginate(
                session, query, AuditEvent.id, first=first, after=after, newest_first=True
            )
    query = query.where(AuditEvent.organisation_id == actor.organisation_id)
    return await paginate(
        session, query, AuditEvent.id, first=first, after=after, newest_first=True
    )
