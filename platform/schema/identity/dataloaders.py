"""DataLoaders of the identity context."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.identity.models import User


class UserByIdLoader(DataLoader[uuid.UUID, User | None]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[User | None]:
            rows = await session.scalars(select(User).where(User.id.in_(ids)))
            found = {row.id: row for row in rows}
            return [found.get(key) for key in ids]

        super().__init__(load_fn=load)


class IdentityLoaders:
    def __init__(self, session: AsyncSession) -> None:
        self.user_by_id = UserByIdLoader(session)
