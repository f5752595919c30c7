"""DataLoaders of candidates: one query (and one audit event) per batch of a request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates import loading
from clea_platform.candidates.models import Candidate
from clea_platform.schema.loading import batched
from clea_platform.tenants.context import Actor


class CandidateLoaders:
    """Named ``<thing>_by_<key>``: what they load, by what."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        async def read(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Candidate]:
            return await loading.read_candidates(session, actor, ids)

        #: Personal data: each batch read is audited by the domain.
        self.candidate_by_id = batched(read, lambda: None)
