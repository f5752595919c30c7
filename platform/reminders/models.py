"""The reminders ledger: one row per reminder sent, unique per kind, subject and recipient."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id


class ReminderSent(CreatedAtMixin, Base):
    """A reminder recorded in the transaction that queued its e-mail (platform data)."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "recipient"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # What it reminds of: ``dossier_window_6m``, ``evaluation_tomorrow``…
    kind: Mapped[str] = mapped_column(String(40))
    # The dossier, evaluation sitting, jury session or accreditation it is about.
    subject_id: Mapped[uuid.UUID]
    recipient: Mapped[str] = mapped_column(String(254))
    # The day the run that sent it stood on (``--today``).
    sent_on: Mapped[dt.date] = mapped_column(Date)
