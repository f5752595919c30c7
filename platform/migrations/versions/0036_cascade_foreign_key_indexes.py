"""Indexes under the three foreign keys that cascade and had none.

Deleting (or erasing) a parent row made PostgreSQL scan the whole child table, and the
candidate's home page read a training plan's progress and an evaluation's sittings by a
scan of every row (74 ms and 19 ms at 100 000 dossiers, more than the page's budget):

- ``training_progress (organisation_id, plan_id, day)``: a plan's progress in date order;
- ``evaluation_session (organisation_id, evaluation_id)``: an evaluation's sittings;
- ``candidate_name_suffix (organisation_id, candidate_id)``: a candidate's name index,
  rewritten by the triggers on each change of name and deleted with the candidate.

``tests/db/test_foreign_key_indexes.py`` keeps every cascading foreign key indexed.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-05 12:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_training_progress_plan", "training_progress", ["organisation_id", "plan_id", "day"]),
    (
        "ix_evaluation_session_evaluation",
        "evaluation_session",
        ["organisation_id", "evaluation_id"],
    ),
    (
        "ix_candidate_name_suffix_candidate",
        "candidate_name_suffix",
        ["organisation_id", "candidate_id"],
    ),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
