"""The statistics' only table: annual reports rendered by a background job.

A report job belongs to the person who asked for it (platform data keyed by the user, not
by an organisation: Certif'Pro's national report has none). Its figures are read with the
requester's scope when the job runs; only the requester reads its progress and its PDF.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import AwareDateTime, Base, CreatedAtMixin, new_id
from clea_platform.db.types import string_enum


class ReportStatus(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AnnualReportJob(CreatedAtMixin, Base):
    """One annual report asked for: its progress, then its PDF (or why it failed)."""

    __tablename__ = "annual_report_job"
    __table_args__ = (Index("ix_annual_report_job_requester", "requested_by_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    requested_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    #: The requester's organisation when they asked (none: Certif'Pro's national report).
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"))
    certification_code: Mapped[str] = mapped_column(String(64))
    year: Mapped[int]
    status: Mapped[ReportStatus] = mapped_column(
        string_enum(ReportStatus, "annual_report_status", 16), default=ReportStatus.PENDING
    )
    #: Per cent, 0 to 100, and the step under way in French.
    progress: Mapped[int] = mapped_column(default=0)
    step: Mapped[str] = mapped_column(String(100), default="En attente")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    failure: Mapped[str] = mapped_column(String(1000), default="")
    finished_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
