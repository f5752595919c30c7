"""OpenID4VCI: credential offers of certificates to the holder's wallet.

- ``wallet_offer`` (platform data, no tenant: the wallet redeems it anonymously, by the
  hash of its pre-authorised code, then of its access token): the certificate offered,
  the code's and the token's hashes and lifetimes, when each was used and when the
  credential was delivered.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wallet_offer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_wallet_offer_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_offer")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_wallet_offer_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_wallet_offer_token_hash")),
    )
    with op.batch_alter_table("wallet_offer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_offer_certificate_id"), ["certificate_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("wallet_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_offer_certificate_id"))
    op.drop_table("wallet_offer")
