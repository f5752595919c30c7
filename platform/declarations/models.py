"""Declaration batches and the certificates each one declared (platform data, Certif'Pro's).

A certificate is declared once: ``declared_certificate`` holds it (unique), with the batch
and the time. A batch keeps the file it produced, as sent.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id


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
