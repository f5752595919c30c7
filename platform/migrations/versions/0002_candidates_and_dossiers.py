"""Candidates, dossiers and their timeline (tenant-owned, row-level security).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:07:25.235426
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TENANT_TABLES = ("candidate", "dossier", "dossier_event")


def upgrade() -> None:
    op.create_table(
        "candidate",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "civility",
            sa.Enum(
                "madame",
                "monsieur",
                name="civility",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("birth_name", sa.String(length=100), nullable=False),
        sa.Column("usage_name", sa.String(length=100), nullable=False),
        sa.Column("first_names", sa.String(length=150), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("birth_country", sa.String(length=100), nullable=False),
        sa.Column("birth_city", sa.String(length=120), nullable=False),
        sa.Column("birth_postal_code", sa.String(length=5), nullable=False),
        sa.Column("born_abroad", sa.Boolean(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("address_line", sa.String(length=300), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column(
            "status_at_registration",
            sa.Enum(
                "employee",
                "jobseeker",
                "young_mission_locale",
                "other",
                name="status_at_registration",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "education_level",
            sa.Enum(
                "level_1_2",
                "level_3",
                "level_4",
                "level_5",
                "level_6_plus",
                name="education_level",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("professional_project", sa.Text(), nullable=False),
        sa.Column("search_text", sa.String(length=400), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_candidate_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_candidate_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_candidate")),
    )
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidate_identity", ["organisation_id", "birth_name", "birth_date"], unique=False
        )
        batch_op.create_index(
            "ix_candidate_search", ["organisation_id", "search_text"], unique=False
        )

    op.create_table(
        "dossier",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("referentiel_version_id", sa.Uuid(), nullable=False),
        sa.Column("adviser_id", sa.Uuid(), nullable=True),
        sa.Column(
            "prescriber_type",
            sa.Enum(
                "self",
                "employer",
                "cep_adviser",
                "france_travail",
                "region",
                "mission_locale",
                "opco",
                "staff_representative",
                "other",
                name="prescriber_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("prescriber_name", sa.String(length=200), nullable=False),
        sa.Column(
            "financing",
            sa.Enum(
                "cpf",
                "pro_a",
                "poe",
                "skills_development_plan",
                "professionalisation_contract",
                "other",
                name="financing",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "opened",
                "initial_evaluation",
                "training",
                "final_evaluation",
                "ready_for_jury",
                "submitted_to_jury",
                "certified",
                "not_certified",
                "abandoned",
                "expired",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_ends_on", sa.Date(), nullable=True),
        sa.Column("abandon_reason", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["adviser_id"], ["user_account.id"], name=op.f("fk_dossier_adviser_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_dossier_candidate",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "site_id"],
            ["site.organisation_id", "site.id"],
            name="fk_dossier_site",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_dossier_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["referentiel_version_id"],
            ["referentiel_version.id"],
            name=op.f("fk_dossier_referentiel_version_id_referentiel_version"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_dossier")),
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_status", ["organisation_id", "status"], unique=False)
        batch_op.create_index(
            "uq_dossier_active_per_certification",
            ["organisation_id", "candidate_id", "certification_code"],
            unique=True,
            sqlite_where=sa.text("status NOT IN ('abandoned', 'certified')"),
            postgresql_where=sa.text("status NOT IN ('abandoned', 'certified')"),
        )

    op.create_table(
        "dossier_event",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "opened",
                "initial_evaluation",
                "training",
                "final_evaluation",
                "ready_for_jury",
                "submitted_to_jury",
                "certified",
                "not_certified",
                "abandoned",
                "expired",
                name="from_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "opened",
                "initial_evaluation",
                "training",
                "final_evaluation",
                "ready_for_jury",
                "submitted_to_jury",
                "certified",
                "not_certified",
                "abandoned",
                "expired",
                name="to_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["user_account.id"],
            name=op.f("fk_dossier_event_actor_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_dossier_event_dossier",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_dossier_event_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_dossier_event")),
    )
    with op.batch_alter_table("dossier_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_event_dossier",
            ["organisation_id", "dossier_id", "occurred_at"],
            unique=False,
        )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    with op.batch_alter_table("dossier_event", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_event_dossier")

    op.drop_table("dossier_event")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_dossier_active_per_certification",
            sqlite_where=sa.text("status NOT IN ('abandoned', 'certified')"),
            postgresql_where=sa.text("status NOT IN ('abandoned', 'certified')"),
        )
        batch_op.drop_index("ix_dossier_status")

    op.drop_table("dossier")
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_index("ix_candidate_search")
        batch_op.drop_index("ix_candidate_identity")

    op.drop_table("candidate")
