"""Organisations (tenants) and référentiels with their versions and items.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 11:25:18.079833
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "operator",
                "evaluator",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisation_slug")),
    )
    op.create_table(
        "referentiel",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("certifier", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referentiel")),
        sa.UniqueConstraint("certification_code", name=op.f("uq_referentiel_certification_code")),
    )
    op.create_table(
        "referentiel_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("referentiel_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "retired",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("levels", JSON_DOCUMENT, nullable=False),
        sa.Column("scoring", JSON_DOCUMENT, nullable=False),
        sa.Column("counts_official", JSON_DOCUMENT, nullable=False),
        sa.Column("notes", JSON_DOCUMENT, nullable=False),
        sa.Column("provenance", JSON_DOCUMENT, nullable=False),
        sa.Column("leaf_rule", sa.String(length=16), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "bundled",
                "imported",
                name="source",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referentiel_id"],
            ["referentiel.id"],
            name=op.f("fk_referentiel_version_referentiel_id_referentiel"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referentiel_version")),
        sa.UniqueConstraint(
            "referentiel_id", "label", name=op.f("uq_referentiel_version_referentiel_id_label")
        ),
    )
    with op.batch_alter_table("referentiel_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referentiel_version_referentiel_id"), ["referentiel_id"], unique=False
        )

    op.create_table(
        "referentiel_item",
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("depth", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("is_leaf", sa.Boolean(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id", "parent_code"],
            ["referentiel_item.version_id", "referentiel_item.code"],
            name="fk_referentiel_item_parent",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["referentiel_version.id"],
            name=op.f("fk_referentiel_item_version_id_referentiel_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "code", name=op.f("pk_referentiel_item")),
    )


def downgrade() -> None:
    op.drop_table("referentiel_item")
    with op.batch_alter_table("referentiel_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referentiel_version_referentiel_id"))

    op.drop_table("referentiel_version")
    op.drop_table("referentiel")
    op.drop_table("organisation")
