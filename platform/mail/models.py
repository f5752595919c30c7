"""The outbox: emails are written in the same transaction as what caused them."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id
from clea_platform.db.types import string_enum

# Set in ``session.info`` when the transaction queued mail (or another outbound item)
# to deliver after commit.
MAIL_QUEUED = "clea_mail_queued"


class OutboxStatus(enum.StrEnum):
    """Where a message stands: waiting (or retrying), sent, or set aside for good."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class OutboxEmail(CreatedAtMixin, Base):
    __tablename__ = "outbox_email"
    __table_args__ = (Index("ix_outbox_email_status_next", "status", "next_attempt_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        string_enum(OutboxStatus, "outbox_status", length=16),
        default=OutboxStatus.PENDING,
        server_default=OutboxStatus.PENDING.value,
    )
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # No delivery before this time (backoff after a failure); None: as soon as possible.
    next_attempt_at: Mapped[dt.datetime | None]
    # When it was set aside (status DEAD).
    dead_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    # One optional attachment (a convocation's calendar event): file name, MIME type
    # with its parameters (``text/calendar; method=REQUEST``), bytes.
    attachment_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    attachment_type: Mapped[str] = mapped_column(String(100), default="", server_default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary())
