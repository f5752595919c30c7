"""Training plans, their objectives and progress (tenant-owned, row-level security).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:15:03.969914
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TENANT_TABLES = ("training_plan", "training_objective", "training_progress")


def upgrade() -> None:
    op.create_table(
        "training_plan",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("training_siret", sa.String(length=14), nullable=False),
        sa.Column("training_organisation_name", sa.String(length=200), nullable=False),
        sa.Column("trainer_id", sa.Uuid(), nullable=True),
        sa.Column("trainer_name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("financing", sa.String(length=32), nullable=False),
        sa.Column("hours_by_domain", JSON_DOCUMENT, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_training_plan_dossier",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_training_plan_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["user_account.id"],
            name=op.f("fk_training_plan_trainer_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_training_plan")),
    )
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.create_index(
            "uq_training_plan_dossier", ["organisation_id", "dossier_id"], unique=True
        )

    op.create_table(
        "training_objective",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(length=32), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "plan_id"],
            ["training_plan.organisation_id", "training_plan.id"],
            name="fk_training_objective_plan",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_training_objective_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_training_objective")),
    )
    with op.batch_alter_table("training_objective", schema=None) as batch_op:
        batch_op.create_index(
            "uq_training_objective_item", ["organisation_id", "plan_id", "item_code"], unique=True
        )

    op.create_table(
        "training_progress",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=6, scale=2, asdecimal=False), nullable=False),
        sa.Column("items_worked", JSON_DOCUMENT, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "plan_id"],
            ["training_plan.organisation_id", "training_plan.id"],
            name="fk_training_progress_plan",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_training_progress_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_training_progress_recorded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_training_progress")),
    )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    op.drop_table("training_progress")
    with op.batch_alter_table("training_objective", schema=None) as batch_op:
        batch_op.drop_index("uq_training_objective_item")

    op.drop_table("training_objective")
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.drop_index("uq_training_plan_dossier")

    op.drop_table("training_plan")
