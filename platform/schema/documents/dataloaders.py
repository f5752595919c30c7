"""DataLoaders of documents: one query per kind of data per request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents import loading
from clea_platform.documents.models import PartialAttestation
from clea_platform.schema.loading import batched


class DocumentLoaders:
    """Named ``<thing>_by_<key>``: what they load, by what."""

    def __init__(self, session: AsyncSession) -> None:
        async def attestations(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PartialAttestation]:
            return await loading.attestations_by_evaluation(session, ids)

        self.attestation_by_evaluation = batched(attestations, lambda: None)
