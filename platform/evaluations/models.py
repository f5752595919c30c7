"""Evaluations (préalable and finale), their sessions and their results per item."""

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
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, utcnow
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class EvaluationKind(enum.StrEnum):
    INITIAL = "initial"  # évaluation préalable
    FINAL = "final"  # évaluation finale


class EvaluationStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


#: The longest professional context of an evaluation.
PROFESSIONAL_CONTEXT_MAX_LENGTH = 500


class Evaluation(TenantScoped, CreatedAtMixin, Base):
    __tablename__ = "evaluation"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_evaluation_dossier",
        ),
        Index("ix_evaluation_dossier", "organisation_id", "dossier_id"),
    )

    dossier_id: Mapped[uuid.UUID]
    kind: Mapped[EvaluationKind] = mapped_column(string_enum(EvaluationKind, "kind", 16))
    status: Mapped[EvaluationStatus] = mapped_column(
        string_enum(EvaluationStatus, "status", 16), default=EvaluationStatus.OPEN
    )
    # Optimistic concurrency of the grid: every saved batch increments it.
    revision: Mapped[int] = mapped_column(default=0)
    # Items this evaluation may assess (a final evaluation: the trained ones only).
    target_items: Mapped[list[str]]
    closed_at: Mapped[dt.datetime | None]
    outcome: Mapped[dict[str, Any] | None]
    # The job or work situation the skills were assessed in (the référentiel asks for one).
    professional_context: Mapped[str] = mapped_column(
        String(PROFESSIONAL_CONTEXT_MAX_LENGTH), default=""
    )


class EvaluationSession(TenantScoped, Base):
    """A sitting of an evaluation: date, times, site and evaluator."""

    __tablename__ = "evaluation_session"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "evaluation_id"],
            ["evaluation.organisation_id", "evaluation.id"],
            name="fk_evaluation_session_evaluation",
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_evaluation_session_site",
        ),
        Index("ix_evaluation_session_evaluator", "organisation_id", "evaluator_id", "day"),
        Index("ix_evaluation_session_evaluation", "organisation_id", "evaluation_id"),
    )

    evaluation_id: Mapped[uuid.UUID]
    site_id: Mapped[uuid.UUID]
    evaluator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)


class ItemResult(TenantScoped, Base):
    """The result of one evaluable item, on the certification's scale (None: cleared)."""

    __tablename__ = "item_result"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "evaluation_id"],
            ["evaluation.organisation_id", "evaluation.id"],
            name="fk_item_result_evaluation",
            ondelete="CASCADE",
        ),
        UniqueConstraint("organisation_id", "evaluation_id", "item_code"),
    )

    evaluation_id: Mapped[uuid.UUID]
    item_code: Mapped[str] = mapped_column(String(32))
    # None once cleared: the row stays so that the revision that cleared it is known.
    value: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    # The grid revision that last changed this result: what a stale client missed.
    changed_in_revision: Mapped[int]
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


IDEMPOTENCY_KEY_MAX_LENGTH = 100  # IdempotentRequest.key's column


class IdempotentRequest(TenantScoped, CreatedAtMixin, Base):
    """A retried request with the same key gets the first answer, not a second effect."""

    __tablename__ = "idempotent_request"
    __table_args__ = (UniqueConstraint("organisation_id", "key"),)

    key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_MAX_LENGTH))
    operation: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]]


class BillableEvent(TenantScoped, Base):
    """A fee-bearing event counted for Certif'Pro (e.g. a completed évaluation préalable)."""

    __tablename__ = "billable_event"
    __table_args__ = (Index("ix_billable_event_kind", "organisation_id", "kind", "occurred_at"),)

    kind: Mapped[str] = mapped_column(String(32))
    certification_code: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[uuid.UUID]
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The certification's fee in force that day, in euro cents (#19); None for events
    # recorded before: the fees export then applies the plugin's current fee.
    amount_cents: Mapped[int | None]
