"""Reading issued documents in batches: one query per call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents.models import PartialAttestation


async def attestations_by_evaluation(
    session: AsyncSession, evaluation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, PartialAttestation]:
    """The partial attestation issued for each evaluation, if any (the first issued)."""
    rows = await session.scalars(
        select(PartialAttestation)
        .where(PartialAttestation.evaluation_id.in_(evaluation_ids))
        .order_by(PartialAttestation.issued_at)
    )
    found: dict[uuid.UUID, PartialAttestation] = {}
    for row in rows:
        found.setdefault(row.evaluation_id, row)
    return found
