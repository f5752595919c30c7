"""Indexes for the public directory's searches by postal code, département and région.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 22:45:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_site_postal_code", "site", ["postal_code"])
    op.create_index("ix_site_departement", "site", ["departement"])
    op.create_index("ix_site_region", "site", ["region"])


def downgrade() -> None:
    op.drop_index("ix_site_region", table_name="site")
    op.drop_index("ix_site_departement", table_name="site")
    op.drop_index("ix_site_postal_code", table_name="site")
