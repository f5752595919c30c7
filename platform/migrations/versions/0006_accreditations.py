"""Accreditation campaigns, applications and accreditations (tenant-owned ones with RLS).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 18:36:03.182431
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TENANT_TABLES = (
    "accreditation",
    "accreditation_application",
    "accreditation_application_event",
    "accreditation_document",
    "accredited_evaluator",
)


def upgrade() -> None:
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_email", sa.String(length=254), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("contact_phone", sa.String(length=20), server_default="", nullable=False)
        )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("certification_codes", JSON_DOCUMENT, nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("required_documents", JSON_DOCUMENT, nullable=False),
        sa.Column("application_fee_cents", sa.Integer(), nullable=False),
        sa.Column("site_fee_cents", sa.Integer(), nullable=False),
        sa.Column("accreditation_starts_on", sa.Date(), nullable=False),
        sa.Column("accreditation_ends_on", sa.Date(), nullable=False),
        sa.Column("open_dossiers_may_finish", sa.Boolean(), nullable=False),
        sa.Column("reviewer_ids", JSON_DOCUMENT, nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_campaign_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_table(
        "accreditation",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=32), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "suspended",
                "withdrawn",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("open_dossiers_may_finish", sa.Boolean(), nullable=False),
        sa.Column("reminded_90_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_30_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_accreditation_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_accreditation_site",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_accreditation_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_accreditation")),
    )
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accreditation_directory",
            ["certification_code", "status", "valid_until"],
            unique=False,
        )
        batch_op.create_index(
            "ix_accreditation_lookup",
            ["organisation_id", "certification_code", "site_id"],
            unique=False,
        )

    op.create_table(
        "accreditation_application",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "complement_requested",
                "accepted",
                "rejected",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("content", JSON_DOCUMENT, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("decision", JSON_DOCUMENT, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_accreditation_application_campaign_id_campaign"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_accreditation_application_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user_account.id"],
            name=op.f("fk_accreditation_application_reviewer_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_accreditation_application")),
        sa.UniqueConstraint(
            "campaign_id",
            "organisation_id",
            name=op.f("uq_accreditation_application_campaign_id_organisation_id"),
        ),
    )
    with op.batch_alter_table("accreditation_application", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accreditation_application_campaign", ["campaign_id", "status"], unique=False
        )

    op.create_table(
        "accreditation_application_event",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sa.String(length=300), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_accreditation_application_event_actor_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "application_id"],
            ["accreditation_application.organisation_id", "accreditation_application.id"],
            name="fk_accreditation_application_event_application",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_accreditation_application_event_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "id", name=op.f("pk_accreditation_application_event")
        ),
    )
    with op.batch_alter_table("accreditation_application_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accreditation_application_event",
            ["organisation_id", "application_id"],
            unique=False,
        )

    op.create_table(
        "accreditation_document",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("requirement_key", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id", "application_id"],
            ["accreditation_application.organisation_id", "accreditation_application.id"],
            name="fk_accreditation_document_application",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_accreditation_document_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_accreditation_document_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_accreditation_document")),
        sa.UniqueConstraint(
            "organisation_id",
            "application_id",
            "requirement_key",
            name=op.f("uq_accreditation_document_organisation_id_application_id_requirement_key"),
        ),
    )
    op.create_table(
        "accredited_evaluator",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("accreditation_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("qualifications", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "accreditation_id"],
            ["accreditation.organisation_id", "accreditation.id"],
            name="fk_accredited_evaluator_accreditation",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_accredited_evaluator_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_accredited_evaluator")),
        sa.UniqueConstraint(
            "organisation_id",
            "accreditation_id",
            "email",
            name=op.f("uq_accredited_evaluator_organisation_id_accreditation_id_email"),
        ),
    )
    with op.batch_alter_table("accredited_evaluator", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accredited_evaluator_email", ["organisation_id", "email"], unique=False
        )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    with op.batch_alter_table("accredited_evaluator", schema=None) as batch_op:
        batch_op.drop_index("ix_accredited_evaluator_email")

    op.drop_table("accredited_evaluator")
    op.drop_table("accreditation_document")
    with op.batch_alter_table("accreditation_application_event", schema=None) as batch_op:
        batch_op.drop_index("ix_accreditation_application_event")

    op.drop_table("accreditation_application_event")
    with op.batch_alter_table("accreditation_application", schema=None) as batch_op:
        batch_op.drop_index("ix_accreditation_application_campaign")

    op.drop_table("accreditation_application")
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.drop_index("ix_accreditation_lookup")
        batch_op.drop_index("ix_accreditation_directory")

    op.drop_table("accreditation")
    op.drop_table("campaign")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_email")
