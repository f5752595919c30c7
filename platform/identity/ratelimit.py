"""Counting attempts against a limit, atomically, on SQLite and PostgreSQL.

Each limit counts attempts per subject (an account, a client address, both) in a fixed
window. :func:`take` counts one attempt and says whether it was within the limit in a
single statement, ``INSERT … ON CONFLICT DO UPDATE … WHERE count < maximum RETURNING``:
the check and the increment cannot be separated, so twenty parallel attempts at a limit
of five get exactly five through (a read then a write let fourteen through). An attempt
refused by the limit is not counted, so hammering a locked subject does not feed the
other limits. On PostgreSQL a concurrent upsert of the same key waits for the row lock
and then sees the committed count; on SQLite writes are serialised anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import RateLimitCounter

# Rows whose window ended this long ago are deleted (longest window, with a margin).
FORGET_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``maximum`` attempts per subject in each ``window``."""

    name: str
    maximum: int
    window: dt.timedelta

    @property
    def minutes(self) -> int:
        return int(self.window.total_seconds() // 60)


def _key(limit: Limit, subject: str) -> str:
    return hashlib.sha256(f"{limit.name}\x00{subject}".encode()).hexdigest()


async def take(session: AsyncSession, limit: Limit, subject: str, now: dt.datetime) -> bool:
    """Count one attempt of ``subject``; False (and nothing counted) past the limit."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RateLimitCounter
    expired = table.window_started_at <= now - limit.window
    statement = (
        insert(table)
        .values(key=_key(limit, subject), window_started_at=now, count=1)
        .on_conflict_do_update(
            index_elements=[table.key],
            set_={
                "count": case((expired, 1), else_=table.count + 1),
                "window_started_at": case((expired, now), else_=table.window_started_at),
            },
            where=expired | (table.count < limit.maximum),
        )
        .returning(table.count)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def give_back(session: AsyncSession, limit: Limit, subject: str) -> None:
    """Uncount one attempt of ``subject`` (it turned out not to count, e.g. a success)."""
    await session.execute(
        update(RateLimitCounter)
        .where(RateLimitCounter.key == _key(limit, subject), RateLimitCounter.count > 0)
        .values(count=RateLimitCounter.count - 1)
        .execution_options(synchronize_session=False)
    )


async def forget_old(session: AsyncSession, now: dt.datetime) -> None:
    await session.execute(
        delete(RateLimitCounter)
        .where(RateLimitCounter.window_started_at < now - FORGET_AFTER)
        .execution_options(synchronize_session=False)
    )
