"""Claiming a reminder in the ledger: ``INSERT … ON CONFLICT DO NOTHING``.

The claim and the e-mail it allows are written in the same transaction. A rerun finds the
row and sends nothing; two workers running at once both try the insert, and the unique
constraint ``(kind, subject_id, recipient)`` lets one through: on PostgreSQL the second
waits for the first's commit, then inserts nothing; on SQLite writers take turns. A run
that rolls back gives its claims back with its e-mails.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.mail.service import enqueue
from clea_platform.reminders.models import ReminderSent


async def claim(
    session: AsyncSession, kind: str, subject_id: uuid.UUID, recipient: str, today: dt.date
) -> bool:
    """Record the reminder; False when it was already recorded (by this run or another)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    inserted = await session.scalar(
        insert(ReminderSent)
        .values(kind=kind, subject_id=subject_id, recipient=recipient, sent_on=today)
        .on_conflict_do_nothing()
        .returning(ReminderSent.id)
    )
    return inserted is not None


async def remind_once(
    session: AsyncSession,
    kind: str,
    subject_id: uuid.UUID,
    recipient: str,
    today: dt.date,
    subject: str,
    body: str,
) -> bool:
    """Queue the e-mail if this reminder was never sent; True when queued now."""
    if not recipient or not await claim(session, kind, subject_id, recipient, today):
        return False
    enqueue(session, recipient, subject, body)
    return True


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the last day of a shorter month if needed).

    Example:
        >>> add_months(dt.date(2026, 8, 31), -6), add_months(dt.date(2026, 1, 31), 1)
        (datetime.date(2026, 2, 28), datetime.date(2026, 2, 28))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
