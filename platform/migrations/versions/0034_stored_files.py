"""The database file store (``CLEA_STORAGE=postgresql``): ``stored_file``.

Platform data (no tenant, no RLS): a file is reached only by the key a tenant-owned row
names (an application's document). The runtime role's privileges come from the default
privileges ``clea db upgrade`` keeps.

Revision ID: 0034
Revises: 0026
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_file",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_stored_file")),
    )


def downgrade() -> None:
    op.drop_table("stored_file")
