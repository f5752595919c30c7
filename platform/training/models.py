"""Individual training plans built from the gaps, and the progress recorded on them."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, utcnow
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class TrainingPlan(TenantScoped, CreatedAtMixin, Base):
    """One plan per dossier; the final evaluation covers exactly its objectives' items."""

    __tablename__ = "training_plan"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_training_plan_dossier",
        ),
        Index("uq_training_plan_dossier", "organisation_id", "dossier_id", unique=True),
    )

    dossier_id: Mapped[uuid.UUID]
    # The accredited training organisation (a tenant, possibly this one): it reads the
    # plan and records progress through ``training.delivery``. None: free text below
    # (plans from before #19), shown as « organisme non habilité » until linked.
    training_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    # Free text (older plans): this tenant (empty SIRET) or another one by SIRET.
    training_siret: Mapped[str] = mapped_column(String(14), default="")
    training_organisation_name: Mapped[str] = mapped_column(String(200), default="")
    trainer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    trainer_name: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    financing: Mapped[str] = mapped_column(String(32), default="")
    # Planned hours per domain code, e.g. {"3": 12, "5": 6}.
    hours_by_domain: Mapped[dict[str, Any]]
    revision: Mapped[int] = mapped_column(default=1)


class ObjectiveStatus(enum.StrEnum):
    """Where the training stands on one objective, as the trainer records it.

    Never « acquis »: only an évaluation finale says a criterion is acquired (DOMAIN.md),
    and the trainer never evaluates the candidate. « Objectif atteint » is the trainer's
    view that the candidate is ready to be evaluated on it.
    """

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    REACHED = "reached"


class TrainingObjective(TenantScoped, Base):
    """A pedagogical objective for one missing item (pre-filled, editable)."""

    __tablename__ = "training_objective"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "plan_id"],
            ["training_plan.organisation_id", "training_plan.id"],
            name="fk_training_objective_plan",
            ondelete="CASCADE",
        ),
        Index("uq_training_objective_item", "organisation_id", "plan_id", "item_code", unique=True),
    )

    plan_id: Mapped[uuid.UUID]
    item_code: Mapped[str] = mapped_column(String(32))
    objective: Mapped[str] = mapped_column(Text)
    status: Mapped[ObjectiveStatus] = mapped_column(
        string_enum(ObjectiveStatus, "status", 16), default=ObjectiveStatus.TO_DO
    )


class TrainingProgress(TenantScoped, Base):
    """Hours done and items worked, recorded over time."""

    __tablename__ = "training_progress"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "plan_id"],
            ["training_plan.organisation_id", "training_plan.id"],
            name="fk_training_progress_plan",
            ondelete="CASCADE",
        ),
        Index("ix_training_progress_plan", "organisation_id", "plan_id", "day"),
    )

    plan_id: Mapped[uuid.UUID]
    day: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Numeric(6, 2, asdecimal=False))
    items_worked: Mapped[list[str]]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
