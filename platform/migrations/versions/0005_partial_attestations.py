"""Partial attestations (tenant-owned, row-level security).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:18:12.722982
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TENANT_TABLES = ("partial_attestation",)


def upgrade() -> None:
    op.create_table(
        "partial_attestation",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Uuid(), nullable=True),
        sa.Column("snapshot", JSON_DOCUMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user_account.id"],
            name=op.f("fk_partial_attestation_issued_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "evaluation_id"],
            ["evaluation.organisation_id", "evaluation.id"],
            name="fk_partial_attestation_evaluation",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_partial_attestation_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_partial_attestation")),
        sa.UniqueConstraint("reference", name=op.f("uq_partial_attestation_reference")),
    )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    op.drop_table("partial_attestation")
