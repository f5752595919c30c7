"""DataLoaders of dossiers: one query per kind of data per request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers import loading
from clea_platform.dossiers.models import DossierEvent
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.schema.loading import batched


class DossierLoaders:
    """Named ``<thing>_by_<key>``: what they load, by what."""

    def __init__(self, session: AsyncSession) -> None:
        async def events(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[DossierEvent]]:
            return await loading.events_by_dossier(session, ids)

        async def versions(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ReferentielVersion]:
            return await loading.pinned_versions(session, ids)

        self.events_by_dossier = batched(events, lambda: [])
        self.version_by_id = batched(versions, lambda: None)
