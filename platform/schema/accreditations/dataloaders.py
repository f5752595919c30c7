"""DataLoaders of accreditation: one query per kind of data per request.

Certif'Pro reviewers see applications of every organisation: for them the loaders read
under the review scope (the resolver that handed out the applications audited it).
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from clea_platform.accreditations.applications import REVIEW_SCOPE
from clea_platform.accreditations.models import ApplicationDocument, ApplicationEvent, Campaign
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads


class AccreditationLoaders:
    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        @contextlib.asynccontextmanager
        async def scope() -> AsyncIterator[None]:
            if actor.is_platform_admin:
                async with cross_tenant_reads(session, REVIEW_SCOPE):
                    yield
            else:
                yield

        async def campaigns(ids: Sequence[uuid.UUID]) -> list[Campaign]:
            rows = {
                c.id: c for c in await session.scalars(select(Campaign).where(Campaign.id.in_(ids)))
            }
            return [rows[key] for key in ids]

        async def organisations(ids: Sequence[uuid.UUID]) -> list[Organisation]:
            rows = {
                o.id: o
                for o in await session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
            }
            return [rows[key] for key in ids]

        async def documents(ids: Sequence[uuid.UUID]) -> list[list[ApplicationDocument]]:
            found: dict[uuid.UUID, list[ApplicationDocument]] = defaultdict(list)
            async with scope():
                for document in await session.scalars(
                    select(ApplicationDocument)
                    .where(ApplicationDocument.application_id.in_(ids))
                    .order_by(ApplicationDocument.requirement_key)
                ):
                    found[document.application_id].append(document)
            return [found[key] for key in ids]

        async def events(ids: Sequence[uuid.UUID]) -> list[list[ApplicationEvent]]:
            found: dict[uuid.UUID, list[ApplicationEvent]] = defaultdict(list)
            async with scope():
                for event in await session.scalars(
                    select(ApplicationEvent)
                    .where(ApplicationEvent.application_id.in_(ids))
                    .order_by(ApplicationEvent.occurred_at, ApplicationEvent.id)
                ):
                    found[event.application_id].append(event)
            return [found[key] for key in ids]

        self.campaign = DataLoader(load_fn=campaigns)
        self.organisation = DataLoader(load_fn=organisations)
        self.documents = DataLoader(load_fn=documents)
        self.events = DataLoader(load_fn=events)
