"""Declaration batches and the certificates each one declared (platform data, Certif'Pro's).

A certificate is declared once: ``declared_certificate`` holds it (unique), with the batch
and the time. A batch keeps the file it produced, as sent, and is itself the outbox row of
its transmission (``transmission.py``): claimed, retried with backoff, set aside (``dead``).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id
from clea_platform.db.types import string_enum


class Transmission(enum.StrEnum):
    """Where a batch's file is: handed by Certif'Pro (batches before transmission existed),
    waiting for the transmitter (or retrying), transmitted, or set aside for good."""

    MANUAL = "manual"
    PENDING = "pending"
    TRANSMITTED = "transmitted"
    DEAD = "dead"


class DeclarationBatch(CreatedAtMixin, Base):
    __tablename__ = "declaration_batch"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Certificates issued from ``period_start`` to ``period_end`` (inclusive).
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    certificate_count: Mapped[int] = mapped_column(default=0)
    # The generator that wrote it (``format.FORMAT``) and its output.
    format: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(120))
    document: Mapped[str] = mapped_column(Text)
    # Its transmission, through the outbox's rules (``core/retry.py``).
    transmission: Mapped[Transmission] = mapped_column(
        string_enum(Transmission, "declaration_transmission", length=16),
        default=Transmission.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    transmitted_at: Mapped[dt.datetime | None]
    dead_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    # What the transmitter answered (the default one: the file's path in the data dir).
    transmission_reference: Mapped[str] = mapped_column(String(500), default="")


class DeclaredCertificate(Base):
    __tablename__ = "declared_certificate"
    __table_args__ = (
        UniqueConstraint("certificate_id"),
        ForeignKeyConstraint(
            ["organisation_id", "certificate_id"],
            ["certificate.organisation_id", "certificate.id"],
            name="fk_declared_certificate_certificate",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    certificate_id: Mapped[uuid.UUID]
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("declaration_batch.id"), index=True)
    declared_at: Mapped[dt.datetime]
