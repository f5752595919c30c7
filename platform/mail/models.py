"""The outbox: emails are written in the same transaction as what caused them."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id


class OutboxEmail(CreatedAtMixin, Base):
    __tablename__ = "outbox_email"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
