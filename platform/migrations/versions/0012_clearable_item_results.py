"""An item's result can be cleared: the row stays, without a value, for the grid's revisions.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 19:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item_result", schema=None) as batch_op:
        batch_op.alter_column("value", existing_type=sa.String(length=32), nullable=True)


def downgrade() -> None:
    # A cleared result has nothing to restore: it goes, as if it had never been recorded.
    op.execute(sa.text("DELETE FROM item_result WHERE value IS NULL"))
    with op.batch_alter_table("item_result", schema=None) as batch_op:
        batch_op.alter_column("value", existing_type=sa.String(length=32), nullable=False)
