"""Campaigns (Certif'Pro's), applications and accreditations (the applicant's, tenant-owned)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, JsonDocument, new_id, utcnow
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class AccreditationScope(enum.StrEnum):
    """What an accreditation allows: evaluating, training, or both (DOMAIN.md)."""

    EVALUATION = "evaluation"
    TRAINING = "training"
    BOTH = "both"

    @property
    def evaluates(self) -> bool:
        return self in (AccreditationScope.EVALUATION, AccreditationScope.BOTH)

    @property
    def trains(self) -> bool:
        return self in (AccreditationScope.TRAINING, AccreditationScope.BOTH)


#: The scopes that allow evaluating (opening dossiers, recording evaluations).
EVALUATING_SCOPES = (AccreditationScope.EVALUATION, AccreditationScope.BOTH)
#: The scopes that allow delivering training plans.
TRAINING_SCOPES = (AccreditationScope.TRAINING, AccreditationScope.BOTH)


class Campaign(CreatedAtMixin, Base):
    """A call for applications run by Certif'Pro; not tenant data (it is public)."""

    __tablename__ = "campaign"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(200))
    certification_codes: Mapped[list[str]]
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    # [{"key", "label", "description", "mandatory"}]: what applicants must upload.
    required_documents: Mapped[list[Any]] = mapped_column(JsonDocument)
    application_fee_cents: Mapped[int] = mapped_column(default=0)
    site_fee_cents: Mapped[int] = mapped_column(default=0)
    accreditation_starts_on: Mapped[dt.date] = mapped_column(Date)
    accreditation_ends_on: Mapped[dt.date] = mapped_column(Date)
    # Whether dossiers opened under an accreditation may finish once it has expired.
    open_dossiers_may_finish: Mapped[bool] = mapped_column(default=True)
    reviewer_ids: Mapped[list[str]]
    # The scopes an application may ask for ("evaluation", "training"; both = both listed).
    accepted_scopes: Mapped[list[str]] = mapped_column(
        default=lambda: [AccreditationScope.EVALUATION.value, AccreditationScope.TRAINING.value]
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    revision: Mapped[int] = mapped_column(default=1)
    # Per-certification overrides of the plugin's accreditation fees (#19):
    # {code: {"application_cents": int, "site_cents": int}}; see campaigns.fees_for.
    fee_overrides: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Days an organisation has to reply to a control procedure (#19; see control.py).
    reply_days: Mapped[int] = mapped_column(default=15)


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    COMPLEMENT_REQUESTED = "complement_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Application(TenantScoped, CreatedAtMixin, Base):
    """An organisation's application to a campaign; its draft content is one JSON document."""

    __tablename__ = "accreditation_application"
    __table_args__ = (
        UniqueConstraint("campaign_id", "organisation_id"),
        Index("ix_accreditation_application_campaign", "campaign_id", "status"),
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaign.id"))
    status: Mapped[ApplicationStatus] = mapped_column(
        string_enum(ApplicationStatus, "status", 24), default=ApplicationStatus.DRAFT
    )
    # {"network", "sites": [{siret, name, addressLine, postalCode, city, region,
    #   evaluators: [{fullName, email, qualifications}]}], "declarations": {key: bool}}
    content: Mapped[dict[str, Any]]
    revision: Mapped[int] = mapped_column(default=1)
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    # The last message to the applicant: complement requested, or the decision's reasons.
    message: Mapped[str] = mapped_column(Text, default="")
    # What the decision kept: {"sites": [siret], "evaluators": {siret: [email]}}.
    decision: Mapped[dict[str, Any] | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApplicationEvent(TenantScoped, Base):
    """A step of an application's review, dated and attributed."""

    __tablename__ = "accreditation_application_event"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "application_id"],
            ["accreditation_application.organisation_id", "accreditation_application.id"],
            name="fk_accreditation_application_event_application",
            ondelete="CASCADE",
        ),
        Index("ix_accreditation_application_event", "organisation_id", "application_id"),
    )

    application_id: Mapped[uuid.UUID]
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(300))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    message: Mapped[str] = mapped_column(Text, default="")


class ApplicationDocument(TenantScoped, Base):
    """A supporting PDF; the bytes live in the document store under their SHA-256."""

    __tablename__ = "accreditation_document"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "application_id"],
            ["accreditation_application.organisation_id", "accreditation_application.id"],
            name="fk_accreditation_document_application",
            ondelete="CASCADE",
        ),
        UniqueConstraint("organisation_id", "application_id", "requirement_key"),
    )

    application_id: Mapped[uuid.UUID]
    requirement_key: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class AccreditationStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class Accreditation(TenantScoped, CreatedAtMixin, Base):
    """May this organisation evaluate and/or train this certification at this site, until when."""

    __tablename__ = "accreditation"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_accreditation_site",
        ),
        Index("ix_accreditation_lookup", "organisation_id", "certification_code", "site_id"),
        Index("ix_accreditation_directory", "certification_code", "status", "valid_until"),
    )

    certification_code: Mapped[str] = mapped_column(String(32))
    site_id: Mapped[uuid.UUID]
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaign.id"))
    application_id: Mapped[uuid.UUID | None]
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[AccreditationScope] = mapped_column(
        string_enum(AccreditationScope, "scope", 16), default=AccreditationScope.EVALUATION
    )
    status: Mapped[AccreditationStatus] = mapped_column(
        string_enum(AccreditationStatus, "status", 16), default=AccreditationStatus.ACTIVE
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[dt.datetime | None]
    open_dossiers_may_finish: Mapped[bool] = mapped_column(default=True)
    # A suspension decided by a control procedure: its last day, and the procedure (the
    # enforcement lets open dossiers finish under it; see control.py).
    suspended_until: Mapped[dt.date | None] = mapped_column(Date)
    suspended_by_procedure_id: Mapped[uuid.UUID | None]
    reminded_90_at: Mapped[dt.datetime | None]
    reminded_30_at: Mapped[dt.datetime | None]


class AccreditedEvaluator(TenantScoped, Base):
    """A named evaluator of an accreditation, matched to accounts by e-mail address."""

    __tablename__ = "accredited_evaluator"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "accreditation_id"],
            ["accreditation.organisation_id", "accreditation.id"],
            name="fk_accredited_evaluator_accreditation",
            ondelete="CASCADE",
        ),
        UniqueConstraint("organisation_id", "accreditation_id", "email"),
        Index("ix_accredited_evaluator_email", "organisation_id", "email"),
    )

    accreditation_id: Mapped[uuid.UUID]
    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(200))
    qualifications: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SignalementSource(enum.StrEnum):
    """Where a signalement comes from."""

    COMPLAINT = "complaint"
    JURY = "jury"
    AUDIT = "audit"


class Signalement(TenantScoped, CreatedAtMixin, Base):
    """A complaint or an irregularity against an accredited organisation's site, recorded
    by Certif'Pro (the row belongs to the organisation it is about)."""

    __tablename__ = "accreditation_signalement"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_accreditation_signalement_site",
        ),
    )

    site_id: Mapped[uuid.UUID]
    source: Mapped[SignalementSource] = mapped_column(string_enum(SignalementSource, "source", 16))
    description: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class ControlStatus(enum.StrEnum):
    AWAITING_REPLY = "awaiting_reply"
    REPLIED = "replied"
    DECIDED = "decided"


class ControlOutcome(enum.StrEnum):
    CLOSED = "closed"
    WARNING = "warning"
    SUSPENSION = "suspension"
    WITHDRAWAL = "withdrawal"


class ControlProcedure(TenantScoped, CreatedAtMixin, Base):
    """A control procedure opened on a signalement: the grievances notified, the
    organisation's reply within the deadline, Certif'Pro's reasoned outcome."""

    __tablename__ = "control_procedure"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "signalement_id"],
            ["accreditation_signalement.organisation_id", "accreditation_signalement.id"],
            name="fk_control_procedure_signalement",
        ),
        Index("ix_control_procedure_signalement", "organisation_id", "signalement_id"),
    )

    signalement_id: Mapped[uuid.UUID]
    status: Mapped[ControlStatus] = mapped_column(
        string_enum(ControlStatus, "status", 16), default=ControlStatus.AWAITING_REPLY
    )
    grievances: Mapped[str] = mapped_column(Text)
    opened_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    reply_due_on: Mapped[dt.date] = mapped_column(Date)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[dt.datetime | None]
    replied_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[ControlOutcome | None] = mapped_column(
        string_enum(ControlOutcome, "outcome", 16)
    )
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    # A suspension: its period, and what it covers (certification codes, scopes).
    suspended_from: Mapped[dt.date | None] = mapped_column(Date)
    suspended_until: Mapped[dt.date | None] = mapped_column(Date)
    suspended_codes: Mapped[list[str] | None]
    suspended_scopes: Mapped[list[str] | None]
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class ControlDocument(TenantScoped, Base):
    """A PDF the organisation joins to its reply; the bytes live in the document store."""

    __tablename__ = "control_document"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "procedure_id"],
            ["control_procedure.organisation_id", "control_procedure.id"],
            name="fk_control_document_procedure",
            ondelete="CASCADE",
        ),
        Index("ix_control_document_procedure", "organisation_id", "procedure_id"),
    )

    procedure_id: Mapped[uuid.UUID]
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
