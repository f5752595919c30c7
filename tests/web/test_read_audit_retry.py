"""A read's audit events that SQLite refuses to write are saved again, once each.

On SQLite a transaction that has read cannot write once another connection has committed
(its snapshot is stale: « database is locked », at once). The read audit of a request is
then written again in a fresh transaction (``web.app.commit_read_audit``): every event,
and no event twice — the browser's parallel requests hit this all the time.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.tenants.context import Actor
from clea_platform.web.app import commit_read_audit


async def test_a_read_audit_refused_by_a_stale_snapshot_is_saved_once(
    settings: Settings,
) -> None:
    if not settings.is_sqlite:
        pytest.skip("a stale snapshot refusing a write is SQLite's")
    engine = create_engine_for(settings)
    sessions = session_factory(engine)
    operation = f"test.read.{uuid.uuid4().hex[:8]}"
    reader = Actor(label="Lecteur <lecteur@example.fr>", request_id="r1", ip_address="10.0.0.1")
    try:
        async with sessions() as session:
            # Given a request that has read (its transaction holds a snapshot)…
            await session.scalar(select(func.count()).select_from(AuditEvent))
            read = [uuid.uuid4(), uuid.uuid4()]
            audit.record(session, reader, operation, [read[0]])
            audit.record(session, reader, operation, [read[1]])
            # …while another connection commits a write
            async with sessions.begin() as other:
                other.add(
                    AuditEvent(
                        actor_label="autre",
                        operation="other.write",
                        object_ids=[],
                        request_id="r2",
                        ip_address="",
                    )
                )
            # When its audit events are committed
            await commit_read_audit(session)
        # Then each is saved, once
        async with sessions() as check:
            saved = (
                await check.scalars(select(AuditEvent).where(AuditEvent.operation == operation))
            ).all()
        assert sorted(event.object_ids[0] for event in saved) == sorted(str(i) for i in read)
    finally:
        await engine.dispose()
