"""Control of accredited organisations (#19): signalements, control procedures, replies.

- ``accreditation_signalement`` (tenant-owned, row-level security): a complaint or an
  irregularity (jury, audit) against an organisation's site, recorded by Certif'Pro.
- ``control_procedure`` (tenant-owned): the grievances notified, the reply deadline, the
  organisation's reply, the reasoned outcome (and a suspension's period and coverage).
- ``control_document`` (tenant-owned): PDFs joined to a reply (document store by SHA-256).
- ``campaign.reply_days``: days to reply to a procedure (15 for existing campaigns).
- ``accreditation.suspended_until`` / ``suspended_by_procedure_id``: a suspension decided
  by a procedure (null for every existing accreditation: none was).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from clea_platform.db import rls

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")
TENANT_TABLES = ("accreditation_signalement", "control_procedure", "control_document")


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def _tenant_columns(table: str) -> list[Any]:
    return [
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f(f"fk_{table}_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f(f"pk_{table}")),
    ]


def _user(column: str, table: str) -> list[Any]:
    return [
        sa.Column(column, sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            [column], ["user_account.id"], name=op.f(f"fk_{table}_{column}_user_account")
        ),
    ]


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reply_days", sa.Integer(), nullable=False, server_default="15")
        )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.alter_column("reply_days", server_default=None)
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suspended_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("suspended_by_procedure_id", sa.Uuid(), nullable=True))
    op.create_table(
        "accreditation_signalement",
        *_tenant_columns("accreditation_signalement"),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("source", _enum("source", 16, "complaint", "jury", "audit"), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        *_user("recorded_by_id", "accreditation_signalement"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_accreditation_signalement_site",
        ),
    )
    op.create_table(
        "control_procedure",
        *_tenant_columns("control_procedure"),
        sa.Column("signalement_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status", _enum("status", 16, "awaiting_reply", "replied", "decided"), nullable=False
        ),
        sa.Column("grievances", sa.Text(), nullable=False),
        *_user("opened_by_id", "control_procedure"),
        sa.Column("reply_due_on", sa.Date(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        *_user("replied_by_id", "control_procedure"),
        sa.Column(
            "outcome",
            _enum("outcome", 16, "closed", "warning", "suspension", "withdrawal"),
            nullable=True,
        ),
        sa.Column("outcome_reason", sa.Text(), nullable=False),
        sa.Column("suspended_from", sa.Date(), nullable=True),
        sa.Column("suspended_until", sa.Date(), nullable=True),
        sa.Column("suspended_codes", JSON_DOCUMENT, nullable=True),
        sa.Column("suspended_scopes", JSON_DOCUMENT, nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        *_user("decided_by_id", "control_procedure"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "signalement_id"],
            ["accreditation_signalement.organisation_id", "accreditation_signalement.id"],
            name="fk_control_procedure_signalement",
        ),
    )
    op.create_index(
        "ix_control_procedure_signalement",
        "control_procedure",
        ["organisation_id", "signalement_id"],
        unique=False,
    )
    op.create_table(
        "control_document",
        *_tenant_columns("control_document"),
        sa.Column("procedure_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        *_user("uploaded_by_id", "control_document"),
        sa.ForeignKeyConstraint(
            ["organisation_id", "procedure_id"],
            ["control_procedure.organisation_id", "control_procedure.id"],
            name="fk_control_document_procedure",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_control_document_procedure",
        "control_document",
        ["organisation_id", "procedure_id"],
        unique=False,
    )
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    op.drop_index("ix_control_document_procedure", table_name="control_document")
    op.drop_table("control_document")
    op.drop_index("ix_control_procedure_signalement", table_name="control_procedure")
    op.drop_table("control_procedure")
    op.drop_table("accreditation_signalement")
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.drop_column("suspended_by_procedure_id")
        batch_op.drop_column("suspended_until")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("reply_days")
