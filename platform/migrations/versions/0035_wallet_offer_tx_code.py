"""OpenID4VCI offers: a transaction code, offers by reference, and their purge.

- ``wallet_offer.reference_hash``: the SHA-256 of the offer's reference, the unguessable
  last segment of its ``credential_offer_uri`` (``GET /openid4vci/offers/<reference>``);
  null for the offers made before (by value).
- ``wallet_offer.tx_code_hash``: the HMAC (under a key derived from ``CLEA_SECRET_KEY``)
  of the offer's transaction code, when it has one (the candidate page's offers).
- ``wallet_offer.failed_attempts``: wrong transaction codes tried; the offer is burnt
  at the third.
- an index on ``wallet_offer.expires_at``, for the purge of finished offers.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-05 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wallet_offer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("tx_code_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_wallet_offer_reference_hash"), ["reference_hash"]
        )
        batch_op.create_index(
            batch_op.f("ix_wallet_offer_expires_at"), ["expires_at"], unique=False
        )
    with op.batch_alter_table("wallet_offer", schema=None) as batch_op:
        batch_op.alter_column("failed_attempts", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("wallet_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_offer_expires_at"))
        batch_op.drop_constraint(batch_op.f("uq_wallet_offer_reference_hash"), type_="unique")
        batch_op.drop_column("failed_attempts")
        batch_op.drop_column("tx_code_hash")
        batch_op.drop_column("reference_hash")
