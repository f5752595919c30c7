"""Certificates (tenant-owned, row-level security), their numbering counters and signing keys.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 19:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TENANT_TABLES = ("certificate",)


def upgrade() -> None:
    op.create_table(
        "certificate_counter",
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("certification_code", "year", name=op.f("pk_certificate_counter")),
    )
    op.create_table(
        "signing_key",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("algorithm", sa.String(length=16), nullable=False),
        sa.Column("public_jwk", JSON_DOCUMENT, nullable=False),
        sa.Column("private_key_encrypted", sa.Text(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_signing_key")),
    )
    op.create_table(
        "certificate",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=96), nullable=False),
        sa.Column("verification_code", sa.String(length=10), nullable=False),
        sa.Column("holder_name", sa.String(length=300), nullable=False),
        sa.Column("certification_title", sa.String(length=300), nullable=False),
        sa.Column("referentiel_version_id", sa.Uuid(), nullable=False),
        sa.Column("referentiel_version_label", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("jury_session_id", sa.Uuid(), nullable=True),
        sa.Column("jury_session_label", sa.String(length=300), nullable=False),
        sa.Column("organisation_name", sa.String(length=300), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Uuid(), nullable=True),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=False),
        sa.Column("revoked_by_id", sa.Uuid(), nullable=True),
        sa.Column("paper_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paper_requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("paper_address", sa.Text(), nullable=False),
        sa.Column("paper_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user_account.id"],
            name=op.f("fk_certificate_issued_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_certificate_candidate",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_certificate_dossier",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_certificate_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["paper_requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_certificate_paper_requested_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["referentiel_version_id"],
            ["referentiel_version.id"],
            name=op.f("fk_certificate_referentiel_version_id_referentiel_version"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["user_account.id"],
            name=op.f("fk_certificate_revoked_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_certificate")),
        sa.UniqueConstraint(
            "certification_code",
            "year",
            "sequence",
            name=op.f("uq_certificate_certification_code_year_sequence"),
        ),
        sa.UniqueConstraint("number", name=op.f("uq_certificate_number")),
        sa.UniqueConstraint(
            "organisation_id", "dossier_id", name=op.f("uq_certificate_organisation_id_dossier_id")
        ),
        sa.UniqueConstraint("verification_code", name=op.f("uq_certificate_verification_code")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(
            "ix_certificate_listing",
            ["organisation_id", "certification_code", "issued_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_certificate_paper_queue", ["paper_requested_at", "paper_sent_at"], unique=False
        )

    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.enable_tenant_isolation(table, rls.UNSIGNED_TENANT_MATCH)


def downgrade() -> None:
    if rls.is_postgresql():
        for table in TENANT_TABLES:
            rls.disable_tenant_isolation(table)
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index("ix_certificate_paper_queue")
        batch_op.drop_index("ix_certificate_listing")

    op.drop_table("certificate")
    op.drop_table("signing_key")
    op.drop_table("certificate_counter")
