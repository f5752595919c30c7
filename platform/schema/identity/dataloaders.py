"""DataLoaders of the identity context: they batch keys and call :mod:`identity.loading`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.identity import loading
from clea_platform.identity.models import User


class UserByIdLoader(DataLoader[uuid.UUID, User | None]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[User | None]:
            found = await loading.users_by_id(session, ids)
            return [found.get(key) for key in ids]

        super().__init__(load_fn=load)


class IdentityLoaders:
    def __init__(self, session: AsyncSession) -> None:
        self.user_by_id = UserByIdLoader(session)
