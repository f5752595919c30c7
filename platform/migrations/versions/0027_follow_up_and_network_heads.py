"""Follow-up of certified people, network heads, and annual reports as background jobs.

- ``follow_up_survey`` (tenant-owned, row-level security): one questionnaire per
  certificate and wave (6 or 12 months), its link's hash, expiry and the answers.
- ``organisation.heads_network``: the national network an organisation heads (its
  administrators see the statistics of the network's organisations); none by default.
- ``annual_report_job`` (platform data, keyed by the requester): an annual report PDF
  rendered by a background job, its progress, then its content.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade() -> None:
    op.create_table(
        "follow_up_survey",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "situation",
            _enum("follow_up_situation", 16, "employed", "training", "job_seeking"),
            nullable=True,
        ),
        sa.Column("employer", _enum("follow_up_employer", 8, "same", "new"), nullable=True),
        sa.Column("next_certification_planned", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "certificate_id"],
            ["certificate.organisation_id", "certificate.id"],
            name="fk_follow_up_survey_certificate",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_follow_up_survey_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_follow_up_survey")),
        sa.UniqueConstraint(
            "organisation_id",
            "certificate_id",
            "wave",
            name=op.f("uq_follow_up_survey_organisation_id_certificate_id_wave"),
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_follow_up_survey_token_hash")),
    )
    op.create_index(
        "ix_follow_up_survey_statistics",
        "follow_up_survey",
        ["organisation_id", "certification_code", "wave"],
        unique=False,
    )
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column(
                "heads_network",
                _enum("heads_network", 16, "app", "afpa", "2a2c", "urof", "greta", "infrep"),
                nullable=True,
            )
        )
    op.create_table(
        "annual_report_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            _enum("annual_report_status", 16, "pending", "running", "done", "failed"),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("failure", sa.String(length=1000), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_annual_report_job_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_annual_report_job_requested_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_report_job")),
    )
    op.create_index(
        "ix_annual_report_job_requester",
        "annual_report_job",
        ["requested_by_id", "created_at"],
        unique=False,
    )
    if rls.is_postgresql():
        rls.enable_tenant_isolation("follow_up_survey")


def downgrade() -> None:
    if rls.is_postgresql():
        rls.disable_tenant_isolation("follow_up_survey")
    op.drop_index("ix_annual_report_job_requester", table_name="annual_report_job")
    op.drop_table("annual_report_job")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_constraint(op.f("ck_organisation_heads_network"), type_="check")
        batch.drop_column("heads_network")
    op.drop_index("ix_follow_up_survey_statistics", table_name="follow_up_survey")
    op.drop_table("follow_up_survey")
