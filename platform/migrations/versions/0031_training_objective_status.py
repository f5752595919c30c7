"""A status per training objective (à faire, en cours, objectif atteint), set by the trainer.

``training_objective.status``: existing objectives start « à faire » (``to_do``): nothing
recorded says more about them (progress entries name items worked, not reached).

Revision ID: 0031
Revises: 0029
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_objective", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    "to_do",
                    "in_progress",
                    "reached",
                    name="status",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=False,
                server_default="to_do",
            )
        )
    with op.batch_alter_table("training_objective", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("training_objective", schema=None) as batch_op:
        # SQLite's batch copy would keep the check, naming a column it no longer has.
        batch_op.drop_constraint(op.f("ck_training_objective_status"), type_="check")
        batch_op.drop_column("status")
