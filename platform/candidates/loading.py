"""Reading candidates in batches (the API's DataLoaders call these; one query per batch).

Candidates are personal data: every batch read is recorded in the audit log here, so no
caller can read them without leaving a trace.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.tenants.context import Actor


async def read_candidates(
    session: AsyncSession, actor: Actor, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Candidate]:
    """The organisation's candidates among ``ids`` (others are absent); the read is audited."""
    rows = await session.scalars(select(Candidate).where(Candidate.id.in_(ids)))
    found = {row.id: row for row in rows}
    if found:
        audit.record(session, actor, "candidate.read", sorted(found))
    return found
