"""DataLoaders of juries: one statement per kind of data per request (reads in the domain)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.juries.attendance import Attendee, attendees_by_session
from clea_platform.juries.minutes import documents_by_session
from clea_platform.juries.models import MinutesDocument


class AttendeesBySessionLoader(DataLoader[uuid.UUID, list[Attendee]]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[Attendee]]:
            found = await attendees_by_session(session, ids)
            return [found[key] for key in ids]

        super().__init__(load_fn=load)


class MinutesBySessionLoader(DataLoader[uuid.UUID, list[MinutesDocument]]):
    def __init__(self, session: AsyncSession) -> None:
        async def load(ids: Sequence[uuid.UUID]) -> list[list[MinutesDocument]]:
            found = await documents_by_session(session, ids)
            return [found[key] for key in ids]

        super().__init__(load_fn=load)


class JuryLoaders:
    def __init__(self, session: AsyncSession) -> None:
        self.attendees = AttendeesBySessionLoader(session)
        self.minutes = MinutesBySessionLoader(session)
