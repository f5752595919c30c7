"""Recording the audit log: every context writes through :func:`record`.

Reading it is :mod:`clea_platform.audit.log`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from clea_platform.audit.models import AuditEvent
from clea_platform.db.base import new_id, utcnow
from clea_platform.tenants.context import Actor

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


_EVENT_COLUMNS = tuple(column.key for column in AuditEvent.__table__.columns)


def copy_event(event: AuditEvent) -> AuditEvent:
    """A new, unsaved event with the same values (to retry saving it)."""
    return AuditEvent(**{key: getattr(event, key) for key in _EVENT_COLUMNS})


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


#: On PostgreSQL, the commit of a transaction that wrote nothing before its read audit
#: events does not wait for the WAL to reach the disk (``synchronous_commit`` off for that
#: transaction only; ``pg_current_xact_id_if_assigned()`` is null until a transaction
#: writes). The events are committed — visible to every other transaction, and after
#: every earlier commit — before the response leaves; only a crash of the database
#: server in the next few hundred milliseconds could lose them (docs/security.md, « Audit
#: log »). A transaction that wrote anything else keeps the synchronous commit.
ASYNC_COMMIT_IF_READ_ONLY = text(
    "SELECT set_config('synchronous_commit', 'off', true) "
    "WHERE pg_current_xact_id_if_assigned() IS NULL"
)


async def commit_reads_asynchronously(session: AsyncSession) -> None:
    """Before committing a request's read audit events: on PostgreSQL, let that commit
    skip the wait for the disk if the transaction wrote nothing else."""
    if session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        # On the connection, not the session: a flush would write the events first.
        connection = await session.connection()
        await connection.execute(ASYNC_COMMIT_IF_READ_ONLY)


#: Plain rows of ``audit_event``, executed on the connection (no unit of work).
_INSERT_EVENTS = insert(AuditEvent)


async def save_pending_reads(session: AsyncSession) -> None:
    """Write the pending events of a request that changed nothing else, in one INSERT.

    A read-only request's events need no unit of work: they are inserted as plain rows
    on the session's connection (the list's busiest reads then spend no time building
    and flushing ORM objects). When the session holds other changes nothing is written
    here: its commit flushes everything together, events included.
    """
    pending: list[AuditEvent] = session.info.get(PENDING, [])
    if not pending or session.new or session.dirty or session.deleted:
        return
    now = utcnow()
    rows = []
    for audit_event in pending:
        # Left to the columns' defaults until now (the ORM applies them at a flush).
        audit_event.id = audit_event.id or new_id()
        audit_event.occurred_at = audit_event.occurred_at or now
        rows.append({key: getattr(audit_event, key) for key in _EVENT_COLUMNS})
    connection = await session.connection()
    await connection.execute(_INSERT_EVENTS, rows)
    session.info.pop(PENDING, None)
