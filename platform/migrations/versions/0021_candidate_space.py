"""The candidate space: candidates' accounts, one-time sign-in links, their sessions and
their correction requests.

- ``candidate_account`` (platform data): one per person, the address links go to.
- ``candidate_sign_in_link``, ``candidate_sign_in_code`` (SMS), ``candidate_session``:
  hashes only.
- ``candidate_correction_request`` (tenant data, row-level security): a task for the
  organisation holding the data.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=20), server_default="", nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_candidate_account_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_account")),
        sa.UniqueConstraint("person_id", name=op.f("uq_candidate_account_person_id")),
    )
    op.create_index(
        op.f("ix_candidate_account_email"), "candidate_account", ["email"], unique=False
    )
    op.create_index(
        op.f("ix_candidate_account_phone"), "candidate_account", ["phone"], unique=False
    )
    op.create_table(
        "candidate_sign_in_code",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["candidate_account.id"],
            name=op.f("fk_candidate_sign_in_code_account_id_candidate_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_sign_in_code")),
    )
    op.create_index(
        op.f("ix_candidate_sign_in_code_account_id"),
        "candidate_sign_in_code",
        ["account_id"],
        unique=False,
    )
    for table in ("candidate_sign_in_link", "candidate_session"):
        extra = (
            [sa.Column("used_at", sa.DateTime(timezone=True), nullable=True)]
            if table == "candidate_sign_in_link"
            else [sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True)]
        )
        op.create_table(
            table,
            sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("account_id", sa.Uuid(), nullable=False),
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            *extra,
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                ["account_id"],
                ["candidate_account.id"],
                name=op.f(f"fk_{table}_account_id_candidate_account"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("token_hash", name=op.f(f"uq_{table}_token_hash")),
        )
        op.create_index(op.f(f"ix_{table}_account_id"), table, ["account_id"], unique=False)
    op.create_table(
        "candidate_correction_request",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_candidate_correction_request_candidate",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_candidate_correction_request_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "id", name=op.f("pk_candidate_correction_request")
        ),
    )
    if rls.is_postgresql():
        rls.enable_tenant_isolation("candidate_correction_request")


def downgrade() -> None:
    if rls.is_postgresql():
        rls.disable_tenant_isolation("candidate_correction_request")
    op.drop_table("candidate_correction_request")
    for table in ("candidate_session", "candidate_sign_in_link", "candidate_sign_in_code"):
        op.drop_index(op.f(f"ix_{table}_account_id"), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f("ix_candidate_account_phone"), table_name="candidate_account")
    op.drop_index(op.f("ix_candidate_account_email"), table_name="candidate_account")
    op.drop_table("candidate_account")
