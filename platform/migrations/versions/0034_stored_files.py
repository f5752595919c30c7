"""Several app nodes: the database file store and the shared credential changes.

- ``stored_file``: the database file store (``CLEA_STORAGE=postgresql``).
- ``credential_change``: changes that invalidate cached credentials, which every app
  process reads about once a second (``identity.credential_changes``); identifiers only,
  kept ten minutes, platform data like ``browser_session``.

Platform data (no tenant, no RLS): a file is reached only by the key a tenant-owned row
names (an application's document). The runtime role's privileges come from the default
privileges ``clea db upgrade`` keeps.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
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
    op.create_table(
        "credential_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("api_key_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_change")),
    )
    with op.batch_alter_table("credential_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credential_change_changed_at"), ["changed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("credential_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_change_changed_at"))
    op.drop_table("credential_change")
    op.drop_table("stored_file")
