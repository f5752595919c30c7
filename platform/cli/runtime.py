"""What several ``clea`` commands share: one transaction, each organisation in turn, today."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import check_connection
from clea_platform.plugins.registry import CertificationRegistry, installed_registry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import refresh_tenant
from clea_platform.tenants.service import evaluator_organisations

T = TypeVar("T")

Work = Callable[[AsyncSession, CertificationRegistry], Awaitable[T]]


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


async def with_session(work: Work[T]) -> T:
    """Run ``work(session, registry)`` in one transaction: all of it is saved, or nothing."""
    settings = Settings.from_environ()
    check_connection(settings.database_url)
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            return await work(session, installed_registry())
    finally:
        await engine.dispose()


async def for_each_organisation(
    session: AsyncSession, scope: str, label: str, work: Callable[[Actor], Awaitable[T]]
) -> list[tuple[str, T]]:
    """Run ``work(actor)`` in each evaluator organisation, as a system actor of that tenant.

    ``scope`` names the cross-tenant read that lists the organisations; ``label`` is the
    actor's name in the audit log and the dossiers' timelines.
    """
    results: list[tuple[str, T]] = []
    for organisation_id, name in await evaluator_organisations(session, scope):
        actor = Actor(label=label, organisation_id=organisation_id, roles=frozenset({"org_admin"}))
        with acting_as(actor):
            await refresh_tenant(session)
            results.append((name, await work(actor)))
    await refresh_tenant(session)
    return results


def rebuild_in_every_organisation(
    scope: str,
    label: str,
    rebuild: Callable[[AsyncSession, uuid.UUID], Awaitable[int]],
    counted: str,
    done: str,
) -> int:
    """Run a summary's ``rebuild(session, organisation_id)`` in every organisation, in one
    transaction, then print each organisation's count (« <name> : N dossier(s) <counted> »)
    and the total followed by ``done``."""

    async def work(session: AsyncSession, registry: CertificationRegistry) -> list[tuple[str, int]]:
        async def rebuild_in(actor: Actor) -> int:
            assert actor.organisation_id is not None
            return await rebuild(session, actor.organisation_id)

        return await for_each_organisation(session, scope, label, rebuild_in)

    counts = asyncio.run(with_session(work))
    for name, count in counts:
        print(f"{name} : {count} dossier(s) {counted}")
    print(f"Total : {sum(count for _, count in counts)} dossier(s) ; {done}")
    return 0
