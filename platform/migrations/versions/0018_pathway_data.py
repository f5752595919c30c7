"""Pathway data the seeds name: the information interview, two prescriber types, the
evaluation's professional context.

- ``information_interview`` (tenant-owned, row-level security): the free interview with an
  adviser that precedes a dossier (date, adviser, certification, outcome, note).
- ``dossier.information_interview_id``: the interview that oriented the candidate (null for
  dossiers opened before interviews were recorded).
- ``dossier.prescriber_type``: « branche professionnelle » joins the closed list.
- ``evaluation.professional_context``: the job or situation the skills were assessed in.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 03:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TENANT_TABLES = ("information_interview",)
OLD_PRESCRIBERS = (
    "self",
    "employer",
    "cep_adviser",
    "france_travail",
    "region",
    "mission_locale",
    "opco",
    "staff_representative",
    "other",
)
NEW_PRESCRIBERS = (*OLD_PRESCRIBERS[:-1], "professional_branch", "other")


def _prescriber(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="prescriber_type", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    op.create_table(
        "information_interview",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("adviser_id", sa.Uuid(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "oriented",
                "other_orientation",
                "deferred",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["adviser_id"],
            ["user_account.id"],
            name=op.f("fk_information_interview_adviser_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_information_interview_recorded_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_information_interview_candidate",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_information_interview_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_information_interview")),
    )
    op.create_index(
        "ix_information_interview_candidate",
        "information_interview",
        ["organisation_id", "candidate_id"],
        unique=False,
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_dossier_prescriber_type"), type_="check")
        batch_op.alter_column(
            "prescriber_type",
            existing_type=sa.String(length=32),
            type_=_prescriber(NEW_PRESCRIBERS),
        )
        batch_op.add_column(sa.Column("information_interview_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_dossier_information_interview",
            "information_interview",
            ["organisation_id", "information_interview_id"],
            ["organisation_id", "id"],
        )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "professional_context",
                sa.String(length=500),
                server_default="",
                nullable=False,
            )
        )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table)


def downgrade() -> None:
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_column("professional_context")
    # Dossiers a branch oriented: the old list says « autre ».
    op.execute(
        "UPDATE dossier SET prescriber_type = 'other' WHERE prescriber_type = 'professional_branch'"
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_constraint("fk_dossier_information_interview", type_="foreignkey")
        batch_op.drop_column("information_interview_id")
        batch_op.drop_constraint(op.f("ck_dossier_prescriber_type"), type_="check")
        batch_op.alter_column(
            "prescriber_type",
            existing_type=sa.String(length=32),
            type_=_prescriber(OLD_PRESCRIBERS),
        )
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    op.drop_index("ix_information_interview_candidate", table_name="information_interview")
    op.drop_table("information_interview")
