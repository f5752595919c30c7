"""The audit log: append-only (on PostgreSQL the application role cannot change it)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, new_id, utcnow


class AuditEvent(Base):
    """Who did or read what, for which organisation, from where and when."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_organisation_occurred", "organisation_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"))
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    actor_api_key_id: Mapped[uuid.UUID | None]
    actor_label: Mapped[str] = mapped_column(String(300))
    operation: Mapped[str] = mapped_column(String(100), index=True)
    # "ok", or "refused" when the operation was turned down (nothing changed).
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    object_ids: Mapped[list[str]]
    request_id: Mapped[str] = mapped_column(String(64))
    ip_address: Mapped[str] = mapped_column(String(64))
