"""DataLoaders of accreditation: one statement per kind of data per request.

The reads (and who reads under which scope) are the domain's (``accreditations/loading.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.accreditations import loading
from clea_platform.accreditations.models import ApplicationDocument, ApplicationEvent, Campaign
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation


class AccreditationLoaders:
    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        async def campaigns(ids: Sequence[uuid.UUID]) -> list[Campaign]:
            found = await loading.campaigns_by_id(session, ids)
            return [found[key] for key in ids]

        async def organisations(ids: Sequence[uuid.UUID]) -> list[Organisation]:
            found = await loading.organisations_by_id(session, ids)
            return [found[key] for key in ids]

        async def documents(ids: Sequence[uuid.UUID]) -> list[list[ApplicationDocument]]:
            found = await loading.documents_by_application(session, actor, ids)
            return [found[key] for key in ids]

        async def events(ids: Sequence[uuid.UUID]) -> list[list[ApplicationEvent]]:
            found = await loading.events_by_application(session, actor, ids)
            return [found[key] for key in ids]

        self.campaign = DataLoader(load_fn=campaigns)
        self.organisation = DataLoader(load_fn=organisations)
        self.documents = DataLoader(load_fn=documents)
        self.events = DataLoader(load_fn=events)
