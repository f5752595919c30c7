"""Open Badges revocation through a W3C Bitstring Status List.

- ``status_list`` (platform data): one published list per number, its allocated entries
  and its signed credential (rebuilt when a certificate on it is revoked or reinstated).
- ``certificate.status_list``, ``certificate.status_list_index``: the certificate's entry,
  given when its credential is first made (certificates issued before have none yet).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_list",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_list")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_list", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("status_list_index", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificate_status_list_status_list_index"),
            ["status_list", "status_list_index"],
        )


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_certificate_status_list_status_list_index"), type_="unique"
        )
        batch_op.drop_column("status_list_index")
        batch_op.drop_column("status_list")
    op.drop_table("status_list")
