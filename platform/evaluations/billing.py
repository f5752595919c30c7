"""Counting fee-bearing events per organisation and certification (Certif'Pro's billing)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.evaluations.models import BillableEvent
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads


@dataclass(frozen=True, slots=True)
class BillableCount:
    organisation_id: uuid.UUID
    organisation_name: str
    certification_code: str
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class BillableAmount:
    """Events of one organisation, certification and kind at one recorded amount."""

    organisation_id: uuid.UUID
    organisation_name: str
    certification_code: str
    kind: str
    #: The amount each event carries (None: recorded before amounts were, see the model).
    amount_cents: int | None
    count: int


async def billable_amounts(
    session: AsyncSession, actor: Actor, *, since: dt.date, until: dt.date
) -> list[BillableAmount]:
    """Events from ``since`` to ``until`` included, for every organisation, one line per
    organisation, certification, kind and amount in force (audited)."""
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    async with cross_tenant_reads(session, "certifpro_admin:billing"):
        audit.record(session, actor, "billing.read", [f"{since}..{until}"])
        rows = await session.execute(
            select(
                BillableEvent.organisation_id,
                Organisation.name,
                BillableEvent.certification_code,
                BillableEvent.kind,
                BillableEvent.amount_cents,
                func.count(),
            )
            .join(Organisation, Organisation.id == BillableEvent.organisation_id)
            .where(BillableEvent.occurred_at >= start, BillableEvent.occurred_at < end)
            .group_by(
                BillableEvent.organisation_id,
                Organisation.name,
                BillableEvent.certification_code,
                BillableEvent.kind,
                BillableEvent.amount_cents,
            )
            .order_by(Organisation.name, BillableEvent.certification_code, BillableEvent.kind)
        )
        return [BillableAmount(*row) for row in rows]


async def billable_counts(
    session: AsyncSession, actor: Actor, *, since: dt.date, until: dt.date
) -> list[BillableCount]:
    """Events from ``since`` to ``until`` included, for every organisation (audited): the
    lines of :func:`billable_amounts` whatever the amount they carry."""
    counts: dict[tuple[uuid.UUID, str, str, str], int] = {}
    for line in await billable_amounts(session, actor, since=since, until=until):
        key = (line.organisation_id, line.organisation_name, line.certification_code, line.kind)
        counts[key] = counts.get(key, 0) + line.count
    return [BillableCount(*key, count) for key, count in counts.items()]
