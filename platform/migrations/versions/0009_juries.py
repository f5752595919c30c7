"""Jury roster, sessions, agenda, conflict declarations and decisions (tenant-owned ones with RLS).

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-29 19:15:18.443383
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TENANT_TABLES = ("jury_agenda_item", "jury_conflict_declaration", "jury_decision")


def upgrade() -> None:
    op.create_table(
        "jury_member",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "employer",
                "employee",
                name="side",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("certification_codes", JSON_DOCUMENT, nullable=False),
        sa.Column("affiliations", JSON_DOCUMENT, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_jury_member_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_member")),
        sa.UniqueConstraint("user_id", name=op.f("uq_jury_member_user_id")),
    )
    op.create_table(
        "jury_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("certification_codes", JSON_DOCUMENT, nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "convened",
                "open",
                "closed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("convened_by_id", sa.Uuid(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("certificates_total", sa.Integer(), nullable=False),
        sa.Column("certificates_issued", sa.Integer(), nullable=False),
        sa.Column("issuance_error", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["convened_by_id"],
            ["user_account.id"],
            name=op.f("fk_jury_session_convened_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_session")),
    )
    op.create_table(
        "jury_conflict_declaration",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["jury_member.id"],
            name=op.f("fk_jury_conflict_declaration_member_id_jury_member"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_jury_conflict_declaration_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["jury_session.id"],
            name=op.f("fk_jury_conflict_declaration_session_id_jury_session"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_jury_conflict_declaration")),
        sa.UniqueConstraint(
            "organisation_id",
            "session_id",
            "member_id",
            "dossier_id",
            name="uq_jury_conflict",
        ),
    )
    op.create_table(
        "jury_session_member",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["jury_member.id"],
            name=op.f("fk_jury_session_member_member_id_jury_member"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["jury_session.id"],
            name=op.f("fk_jury_session_member_session_id_jury_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_session_member")),
        sa.UniqueConstraint(
            "session_id", "member_id", name=op.f("uq_jury_session_member_session_id_member_id")
        ),
    )
    op.create_table(
        "jury_agenda_item",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_jury_agenda_item_added_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_jury_agenda_item_dossier",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_jury_agenda_item_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["jury_session.id"],
            name=op.f("fk_jury_agenda_item_session_id_jury_session"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_jury_agenda_item")),
        sa.UniqueConstraint(
            "organisation_id",
            "session_id",
            "dossier_id",
            name=op.f("uq_jury_agenda_item_organisation_id_session_id_dossier_id"),
        ),
    )
    with op.batch_alter_table("jury_agenda_item", schema=None) as batch_op:
        batch_op.create_index("ix_jury_agenda_item_session", ["session_id"], unique=False)

    op.create_table(
        "jury_decision",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "certified",
                "not_certified",
                "postponed",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("amends_id", sa.Uuid(), nullable=True),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_jury_decision_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_jury_decision_dossier",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_jury_decision_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["jury_session.id"],
            name=op.f("fk_jury_decision_session_id_jury_session"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_jury_decision")),
    )
    with op.batch_alter_table("jury_decision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_jury_decision_session", ["session_id", "dossier_id"], unique=False
        )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    with op.batch_alter_table("jury_decision", schema=None) as batch_op:
        batch_op.drop_index("ix_jury_decision_session")

    op.drop_table("jury_decision")
    with op.batch_alter_table("jury_agenda_item", schema=None) as batch_op:
        batch_op.drop_index("ix_jury_agenda_item_session")

    op.drop_table("jury_agenda_item")
    op.drop_table("jury_session_member")
    op.drop_table("jury_conflict_declaration")
    op.drop_table("jury_session")
    op.drop_table("jury_member")
