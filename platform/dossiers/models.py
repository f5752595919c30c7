"""Dossiers (one per candidate and certification) and their timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import namedtuple
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, utcnow
from clea_platform.db.types import string_enum
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.states import CLOSED_STATUSES, DossierStatus
from clea_platform.tenants.scoping import TenantScoped

_CLOSED = ", ".join(f"'{status.value}'" for status in sorted(CLOSED_STATUSES))
#: One active dossier per candidate and certification (closed ones do not count).
ACTIVE_ONLY = text(f"status NOT IN ({_CLOSED})")


#: The longest note of an information interview.
INTERVIEW_NOTE_MAX_LENGTH = 2000


class InformationInterview(TenantScoped, CreatedAtMixin, Base):
    """The free information interview with an adviser, held before a dossier opens."""

    __tablename__ = "information_interview"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_information_interview_candidate",
        ),
        Index("ix_information_interview_candidate", "organisation_id", "candidate_id"),
    )

    candidate_id: Mapped[uuid.UUID]
    certification_code: Mapped[str] = mapped_column(String(64))
    held_on: Mapped[dt.date] = mapped_column(Date)
    adviser_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[InterviewOutcome] = mapped_column(string_enum(InterviewOutcome, "outcome", 24))
    note: Mapped[str] = mapped_column(String(INTERVIEW_NOTE_MAX_LENGTH), default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class Dossier(TenantScoped, CreatedAtMixin, Base):
    """A candidate's pathway towards one certification, on a pinned référentiel version."""

    __tablename__ = "dossier"
    __table_args__ = (
        # Tenant-first composite keys: a dossier cannot point at another tenant's rows.
        ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_dossier_candidate",
        ),
        ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_dossier_site",
        ),
        ForeignKeyConstraint(
            ["organisation_id", "information_interview_id"],
            ["information_interview.organisation_id", "information_interview.id"],
            name="fk_dossier_information_interview",
        ),
        Index(
            "uq_dossier_active_per_certification",
            "organisation_id",
            "candidate_id",
            "certification_code",
            unique=True,
            sqlite_where=ACTIVE_ONLY,
            postgresql_where=ACTIVE_ONLY,
        ),
        # One active dossier per person and certification anywhere, whatever the
        # organisation: a unique index sees every row, row-level security or not.
        Index(
            "uq_dossier_active_per_person",
            "person_id",
            "certification_code",
            unique=True,
            sqlite_where=ACTIVE_ONLY,
            postgresql_where=ACTIVE_ONLY,
        ),
        Index("ix_dossier_status", "organisation_id", "status"),
        # A candidate's dossiers (the list's search by name, the candidate's page).
        Index("ix_dossier_candidate", "organisation_id", "candidate_id"),
    )

    candidate_id: Mapped[uuid.UUID]
    # The candidate's person (``candidates.persons``), copied here for the unique index.
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[uuid.UUID]
    certification_code: Mapped[str] = mapped_column(String(64))
    referentiel_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referentiel_version.id"))
    adviser_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    prescriber_type: Mapped[PrescriberType] = mapped_column(
        string_enum(PrescriberType, "prescriber_type", 32)
    )
    prescriber_name: Mapped[str] = mapped_column(String(200), default="")
    # The interview that oriented the candidate here (null: opened before it was recorded).
    information_interview_id: Mapped[uuid.UUID | None]
    financing: Mapped[Financing] = mapped_column(string_enum(Financing, "financing", 32))
    consent_at: Mapped[dt.datetime]
    status: Mapped[DossierStatus] = mapped_column(
        string_enum(DossierStatus, "status", 24), default=DossierStatus.OPENED
    )
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The certification's training window opens when the évaluation préalable is completed.
    window_ends_on: Mapped[dt.date | None] = mapped_column(Date)
    abandon_reason: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency: every change increments it.
    revision: Mapped[int] = mapped_column(default=1)


#: A dossier read as plain values, under its attributes' names (the dossier list's page,
#: ``pathway.listing``): no ORM object to build for a read-only page.
if TYPE_CHECKING:  # a namedtuple of the columns (built at import: mypy sees no fields)
    DossierRecord = Any
else:
    DossierRecord = namedtuple(
        "DossierRecord", [column.key for column in Dossier.__table__.columns]
    )


class DossierEvent(TenantScoped, Base):
    """One line of a dossier's timeline: who did what, when, with what comment."""

    __tablename__ = "dossier_event"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_dossier_event_dossier",
            ondelete="CASCADE",
        ),
        Index("ix_dossier_event_dossier", "organisation_id", "dossier_id", "occurred_at"),
    )

    dossier_id: Mapped[uuid.UUID]
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[DossierStatus | None] = mapped_column(
        string_enum(DossierStatus, "from_status", 24)
    )
    to_status: Mapped[DossierStatus | None] = mapped_column(
        string_enum(DossierStatus, "to_status", 24)
    )
    comment: Mapped[str] = mapped_column(Text, default="")


#: ``DossierStatusCount.adviser_key`` of the dossiers without an adviser (a key column
#: cannot be null).
NO_ADVISER = uuid.UUID(int=0)


class DossierStatusCount(TenantScoped, Base):
    """Numbers of dossiers per status, certification, site and adviser, to add up (the
    list's tabs).

    Database triggers append the changes of every statement that changes dossiers, in its
    transaction; the app folds the rows of a key together now and then, so the list's
    counts do not grow with the organisation's size (``clea_platform.dossiers.counts``);
    ``clea dossiers rebuild-counts`` recomputes it.
    """

    __tablename__ = "dossier_status_count"
    __table_args__ = (
        Index("ix_dossier_status_count_adviser", "organisation_id", "adviser_key", "status"),
    )

    certification_code: Mapped[str] = mapped_column(String(64))
    site_id: Mapped[uuid.UUID]
    #: The adviser, or ``NO_ADVISER``.
    adviser_key: Mapped[uuid.UUID]
    status: Mapped[DossierStatus] = mapped_column(string_enum(DossierStatus, "status", 24))
    dossier_count: Mapped[int] = mapped_column(default=0)
