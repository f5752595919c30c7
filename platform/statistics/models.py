"""The statistics' tables: annual reports rendered by a background job, and the per-dossier
summary the figures are read from (``dossier_statistics``).

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
from clea_platform.tenants.scoping import TenantScoped


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


class DossierStatistics(TenantScoped, Base):
    """One row per dossier (``id`` is the dossier's): the steps the statistics count, read
    once from its timeline and certificates instead of at every request.

    Database triggers (migration 0037) recompute a dossier's row in the transaction of
    every write to its events or certificates, and copy its certification and opening
    (and site, candidate, prescriber and financing) whenever they change, whatever code path
    writes; ``clea statistics rebuild``
    recomputes the table (``clea_platform.statistics.summary``).
    """

    __tablename__ = "dossier_statistics"
    __table_args__ = (Index("ix_dossier_statistics_opened", "opened_at"),)

    certification_code: Mapped[str] = mapped_column(String(64))
    #: The dossier's ``created_at``.
    opened_at: Mapped[dt.datetime]
    #: The dossier's own columns the breakdowns group by (copies: no join to the dossiers).
    site_id: Mapped[uuid.UUID]
    candidate_id: Mapped[uuid.UUID]
    prescriber_type: Mapped[str] = mapped_column(String(32))
    financing: Mapped[str] = mapped_column(String(32))
    #: First end of the évaluation préalable (to ready for jury or to training).
    initial_at: Mapped[dt.datetime | None]
    #: 1 once reached, else 0 (added up by the funnel).
    direct_to_jury: Mapped[int] = mapped_column(default=0)
    to_training: Mapped[int] = mapped_column(default=0)
    final_completed: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[dt.datetime | None]
    certified: Mapped[int] = mapped_column(default=0)
    not_certified: Mapped[int] = mapped_column(default=0)
    abandoned: Mapped[int] = mapped_column(default=0)
    expired: Mapped[int] = mapped_column(default=0)
    #: First issue of a certificate not revoked.
    issued_at: Mapped[dt.datetime | None]
