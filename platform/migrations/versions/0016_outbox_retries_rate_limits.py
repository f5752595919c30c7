"""Outbox: status, backoff and dead letters; login and reset limits as atomic counters.

The outbox gains a status (pending, sent, dead), the time of the next attempt and the
time a message was set aside. Failed logins were rows counted by a read then a write
(racy); they become counters incremented in one statement (``rate_limit_counter``),
and ``login_attempt`` goes: its rows only mattered for fifteen minutes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

OUTBOX_STATUS = sa.Enum(
    "pending",
    "sent",
    "dead",
    name="outbox_status",
    native_enum=False,
    create_constraint=True,
    length=16,
)


def upgrade() -> None:
    with op.batch_alter_table("outbox_email", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", OUTBOX_STATUS, server_default="pending", nullable=False)
        )
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_outbox_email_status_next", ["status", "next_attempt_at"], unique=False
        )
    op.execute("UPDATE outbox_email SET status = 'sent' WHERE sent_at IS NOT NULL")
    # Messages that used up the former five attempts: set aside, as they are now.
    op.execute(
        "UPDATE outbox_email SET status = 'dead', dead_at = CURRENT_TIMESTAMP"
        " WHERE sent_at IS NULL AND attempts >= 5"
    )

    op.create_table(
        "rate_limit_counter",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counter")),
    )
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_limit_counter_window_started_at"),
            ["window_started_at"],
            unique=False,
        )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempt_key_at")
    op.drop_table("login_attempt")


def downgrade() -> None:
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempt_key_at", ["key", "attempted_at"], unique=False)
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_counter_window_started_at"))
    op.drop_table("rate_limit_counter")

    # Set-aside messages look, to the former code, like messages out of attempts.
    op.execute("UPDATE outbox_email SET attempts = 5 WHERE status = 'dead' AND attempts < 5")
    with op.batch_alter_table("outbox_email", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_email_status_next")
        batch_op.drop_column("dead_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_constraint(op.f("ck_outbox_email_outbox_status"), type_="check")
        batch_op.drop_column("status")
