"""Imports (exchange): an uploaded file, its validation report, its confirmation.

- ``import_batch`` (tenant-owned, row-level security): the file (kept until confirmed),
  its status, progress and counts, who uploaded and who confirmed.
- ``import_problem`` (tenant-owned, row-level security): the report, one row per problem
  (row, column, French reason).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TENANT_TABLES = ("import_batch", "import_problem")


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", _enum("import_kind", 16, "candidates", "certifier"), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            _enum(
                "import_status",
                16,
                "validating",
                "validated",
                "rejected",
                "confirming",
                "confirmed",
                "failed",
            ),
            nullable=False,
        ),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("problem_count", sa.Integer(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("failure", sa.String(length=1000), nullable=False),
        sa.Column("in_background", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("confirmed_by_id", sa.Uuid(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["user_account.id"],
            name=op.f("fk_import_batch_confirmed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_import_batch_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_import_batch_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_import_batch")),
    )
    op.create_index(
        "ix_import_batch_created", "import_batch", ["organisation_id", "created_at"], unique=False
    )
    op.create_table(
        "import_problem",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "batch_id"],
            ["import_batch.organisation_id", "import_batch.id"],
            name="fk_import_problem_batch",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_import_problem_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_import_problem")),
    )
    op.create_index(
        "ix_import_problem_batch",
        "import_problem",
        ["organisation_id", "batch_id", "row_number"],
        unique=False,
    )
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    op.drop_index("ix_import_problem_batch", table_name="import_problem")
    op.drop_table("import_problem")
    op.drop_index("ix_import_batch_created", table_name="import_batch")
    op.drop_table("import_batch")
