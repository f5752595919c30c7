"""Professional sector as data: ``candidate.professional_sector``, a NAF section letter.

The candidate's sector is picked from the 21 sections of the NAF rév. 2 (A to U,
``candidates/sectors.py``) so that statistics can count it; the free text
``professional_project`` is kept as it was (nothing is guessed from it: existing
candidates have no sector until someone picks one).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("professional_sector", sa.String(length=1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_column("professional_sector")
