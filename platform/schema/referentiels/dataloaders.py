"""DataLoaders of the référentiels context: one query per kind of data per request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.referentiels import service
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.referentiels.service import StoredItem


class PublishedVersionByCertificationLoader(DataLoader[str, ReferentielVersion | None]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(codes: Sequence[str]) -> list[ReferentielVersion | None]:
            versions = await service.published_versions(session, codes)
            return [versions.get(code) for code in codes]

        super().__init__(load_fn=load)


class ItemsByVersionLoader(DataLoader[uuid.UUID, tuple[StoredItem, ...]]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(version_ids: Sequence[uuid.UUID]) -> list[tuple[StoredItem, ...]]:
            items = await service.items_of_versions(session, version_ids)
            return [items[version_id] for version_id in version_ids]

        super().__init__(load_fn=load)


class LevelCountsByVersionLoader(DataLoader[uuid.UUID, dict[int, int]]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(version_ids: Sequence[uuid.UUID]) -> list[dict[int, int]]:
            counts = await service.level_counts_of_versions(session, version_ids)
            return [counts[version_id] for version_id in version_ids]

        super().__init__(load_fn=load)


class ReferentielLoaders:
    """The référentiel DataLoaders of one request."""

    def __init__(self, session: AsyncSession) -> None:
        self.published_version_by_certification = PublishedVersionByCertificationLoader(session)
        self.items_by_version = ItemsByVersionLoader(session)
        self.level_counts_by_version = LevelCountsByVersionLoader(session)
