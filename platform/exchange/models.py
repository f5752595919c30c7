"""Imports: an uploaded file, its validation report, and whether it was confirmed."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class ImportKind(enum.StrEnum):
    """What a file holds: the organisation's candidates and dossiers (the platform's
    template), or the certifier's exchange format (results produced elsewhere)."""

    CANDIDATES = "candidates"
    CERTIFIER = "certifier"


class ImportStatus(enum.StrEnum):
    """uploaded → validating → validated | rejected; validated → confirming → confirmed | failed."""

    VALIDATING = "validating"
    VALIDATED = "validated"
    REJECTED = "rejected"
    CONFIRMING = "confirming"
    CONFIRMED = "confirmed"
    FAILED = "failed"


#: The report keeps this many problems; ``problem_count`` counts them all.
MAX_STORED_PROBLEMS = 5000
FILENAME_MAX_LENGTH = 200
REASON_MAX_LENGTH = 1000


class ImportBatch(TenantScoped, CreatedAtMixin, Base):
    """One uploaded file of an organisation, validated, then confirmed (or not) as a whole.

    The file is kept until it is confirmed: confirming reads it again and checks every
    row again against the database of that moment, in the same transaction that creates
    the rows. Once confirmed, the content is dropped (the candidates hold the data now).
    """

    __tablename__ = "import_batch"
    __table_args__ = (Index("ix_import_batch_created", "organisation_id", "created_at"),)

    kind: Mapped[ImportKind] = mapped_column(string_enum(ImportKind, "import_kind", 16))
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX_LENGTH))
    status: Mapped[ImportStatus] = mapped_column(string_enum(ImportStatus, "import_status", 16))
    content: Mapped[bytes | None] = mapped_column(LargeBinary())
    size_bytes: Mapped[int] = mapped_column(default=0)
    # Data rows read so far (the progress bar) and in all (known once read through).
    rows_done: Mapped[int] = mapped_column(default=0)
    row_count: Mapped[int] = mapped_column(default=0)
    problem_count: Mapped[int] = mapped_column(default=0)
    # Candidates and dossiers the confirmation created.
    created_count: Mapped[int] = mapped_column(default=0)
    # Why a confirmation failed (nothing was created), in French.
    failure: Mapped[str] = mapped_column(String(REASON_MAX_LENGTH), default="")
    # Run as a background job (large file) rather than within the request.
    in_background: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[dt.datetime | None]


class ImportProblem(TenantScoped, Base):
    """One line of a validation report: the row, the column and the French reason."""

    __tablename__ = "import_problem"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "batch_id"],
            ["import_batch.organisation_id", "import_batch.id"],
            name="fk_import_problem_batch",
            ondelete="CASCADE",
        ),
        Index("ix_import_problem_batch", "organisation_id", "batch_id", "row_number"),
    )

    batch_id: Mapped[uuid.UUID]
    # 1 is the header (a missing column, a file that cannot be read); data from 2.
    row_number: Mapped[int]
    column: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(REASON_MAX_LENGTH))
