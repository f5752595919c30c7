"""Evaluations, their sessions and results, idempotent requests, billable events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:12:00.105114
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TENANT_TABLES = (
    "billable_event",
    "idempotent_request",
    "evaluation",
    "evaluation_session",
    "item_result",
)


def upgrade() -> None:
    op.create_table(
        "billable_event",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_billable_event_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_billable_event")),
    )
    with op.batch_alter_table("billable_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_billable_event_kind", ["organisation_id", "kind", "occurred_at"], unique=False
        )

    op.create_table(
        "idempotent_request",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("operation", sa.String(length=100), nullable=False),
        sa.Column("response", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_idempotent_request_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_idempotent_request")),
        sa.UniqueConstraint(
            "organisation_id", "key", name=op.f("uq_idempotent_request_organisation_id_key")
        ),
    )
    op.create_table(
        "evaluation",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "initial",
                "final",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "closed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("target_items", JSON_DOCUMENT, nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", JSON_DOCUMENT, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_evaluation_dossier",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_evaluation_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_evaluation")),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluation_dossier", ["organisation_id", "dossier_id"], unique=False
        )

    op.create_table(
        "evaluation_session",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("evaluator_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluator_id"],
            ["user_account.id"],
            name=op.f("fk_evaluation_session_evaluator_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "evaluation_id"],
            ["evaluation.organisation_id", "evaluation.id"],
            name="fk_evaluation_session_evaluation",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_evaluation_session_site",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_evaluation_session_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_evaluation_session")),
    )
    with op.batch_alter_table("evaluation_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluation_session_evaluator",
            ["organisation_id", "evaluator_id", "day"],
            unique=False,
        )

    op.create_table(
        "item_result",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("changed_in_revision", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "evaluation_id"],
            ["evaluation.organisation_id", "evaluation.id"],
            name="fk_item_result_evaluation",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_item_result_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_item_result_updated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_item_result")),
        sa.UniqueConstraint(
            "organisation_id",
            "evaluation_id",
            "item_code",
            name=op.f("uq_item_result_organisation_id_evaluation_id_item_code"),
        ),
    )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    op.drop_table("item_result")
    with op.batch_alter_table("evaluation_session", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_session_evaluator")

    op.drop_table("evaluation_session")
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_dossier")

    op.drop_table("evaluation")
    op.drop_table("idempotent_request")
    with op.batch_alter_table("billable_event", schema=None) as batch_op:
        batch_op.drop_index("ix_billable_event_kind")

    op.drop_table("billable_event")
