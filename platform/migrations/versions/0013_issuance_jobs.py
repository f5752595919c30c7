"""Issuing a closed session's certificates as a background job: the session's issuance
state, the foreign key certificate.jury_session_id → jury_session.id, and (PostgreSQL
only) procrastinate's job queue in a schema of its own.

Revision ID: 0013
Revises: 0010
Create Date: 2026-11-29 22:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# procrastinate's tables, types and functions live apart from the platform's tables.
JOBS_SCHEMA = "procrastinate"


def install_procrastinate() -> None:
    """Create procrastinate's schema (its ``schema.sql``, at the installed version).

    Upgrading procrastinate to a version with SQL migrations of its own needs a new
    revision applying them (see docs/architecture.md, « Background jobs »).
    """
    from procrastinate.schema import SchemaManager

    bind = op.get_bind()
    previous = bind.exec_driver_sql("SELECT current_setting('search_path')").scalar_one()
    op.execute(f"CREATE SCHEMA {JOBS_SCHEMA}")
    bind.exec_driver_sql(f"SELECT set_config('search_path', '{JOBS_SCHEMA}', true)")
    # Several statements at once: psycopg sends a query without parameters as is.
    bind.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]
    bind.exec_driver_sql("SELECT set_config('search_path', %(path)s, true)", {"path": previous})
    # The runtime role, which defers jobs inside its own transactions, is granted the
    # schema by `clea db upgrade` (clea_platform.db.provisioning).


def upgrade() -> None:
    with op.batch_alter_table("jury_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "issuance_status",
                sa.Enum(
                    "pending",
                    "running",
                    "done",
                    "failed",
                    name="issuance_status",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("issuance_failures", JSON_DOCUMENT, server_default="[]", nullable=False)
        )
        batch_op.add_column(
            sa.Column("issuance_runs", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("issuance_started_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("issuance_finished_at", sa.DateTime(timezone=True), nullable=True)
        )
    # Sessions closed before this revision: their issuance ran in the process that closed them.
    op.execute(
        "UPDATE jury_session SET issuance_runs = 1, issuance_status = CASE"
        " WHEN certificates_issued >= certificates_total AND issuance_error = '' THEN 'done'"
        " ELSE 'failed' END WHERE status = 'closed'"
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_certificate_jury_session_id_jury_session"),
            "jury_session",
            ["jury_session_id"],
            ["id"],
        )
        batch_op.create_index("ix_certificate_jury_session", ["jury_session_id"], unique=False)
    if rls.is_postgresql():
        install_procrastinate()


def downgrade() -> None:
    if rls.is_postgresql():
        op.execute(f"DROP SCHEMA IF EXISTS {JOBS_SCHEMA} CASCADE")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index("ix_certificate_jury_session")
        batch_op.drop_constraint(
            batch_op.f("fk_certificate_jury_session_id_jury_session"), type_="foreignkey"
        )
    with op.batch_alter_table("jury_session", schema=None) as batch_op:
        batch_op.drop_column("issuance_finished_at")
        batch_op.drop_column("issuance_started_at")
        batch_op.drop_column("issuance_runs")
        batch_op.drop_column("issuance_failures")
        batch_op.drop_constraint(op.f("ck_jury_session_issuance_status"), type_="check")
        batch_op.drop_column("issuance_status")
