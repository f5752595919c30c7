"""Outbound channels: webhooks (subscriptions, captured events, deliveries) and the
reminders ledger.

- ``webhook_event`` (platform): lifecycle events waiting to be fanned out.
- ``webhook_subscription`` and ``webhook_delivery`` (tenant, row-level security).
- ``reminder_sent`` (platform): one row per reminder sent, unique per kind, subject and
  recipient.
- ``declaration_batch`` and ``declared_certificate`` (platform, Certif'Pro's): declarations
  to the national training-account system; a certificate is declared once (unique).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clea_platform.db import rls

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
DELIVERY_STATUS = sa.Enum(
    "pending",
    "delivered",
    "dead",
    name="webhook_delivery_status",
    native_enum=False,
    create_constraint=True,
    length=16,
)


def upgrade() -> None:
    op.create_table(
        "webhook_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=50), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_event")),
    )
    op.create_index(op.f("ix_webhook_event_organisation_id"), "webhook_event", ["organisation_id"])
    op.create_table(
        "webhook_subscription",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("events", JSON, nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_webhook_subscription_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_webhook_subscription")),
    )
    op.create_table(
        "webhook_delivery",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subscription_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=50), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", DELIVERY_STATUS, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("replay_of_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_webhook_delivery_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "subscription_id"],
            ["webhook_subscription.organisation_id", "webhook_subscription.id"],
            name="fk_webhook_delivery_subscription",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_webhook_delivery")),
    )
    op.create_index(
        "ix_webhook_delivery_status_next", "webhook_delivery", ["status", "next_attempt_at"]
    )
    op.create_index(
        "ix_webhook_delivery_subscription",
        "webhook_delivery",
        ["organisation_id", "subscription_id", "id"],
    )
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_sent")),
        sa.UniqueConstraint(
            "kind",
            "subject_id",
            "recipient",
            name=op.f("uq_reminder_sent_kind_subject_id_recipient"),
        ),
    )
    op.create_table(
        "declaration_batch",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("certificate_count", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_declaration_batch_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_batch")),
    )
    op.create_table(
        "declared_certificate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["declaration_batch.id"],
            name=op.f("fk_declared_certificate_batch_id_declaration_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "certificate_id"],
            ["certificate.organisation_id", "certificate.id"],
            name="fk_declared_certificate_certificate",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_declared_certificate_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declared_certificate")),
        sa.UniqueConstraint("certificate_id", name=op.f("uq_declared_certificate_certificate_id")),
    )
    op.create_index(op.f("ix_declared_certificate_batch_id"), "declared_certificate", ["batch_id"])
    if rls.is_postgresql():
        rls.enable_tenant_isolation("webhook_subscription")
        rls.enable_tenant_isolation("webhook_delivery")


def downgrade() -> None:
    op.drop_index(op.f("ix_declared_certificate_batch_id"), table_name="declared_certificate")
    op.drop_table("declared_certificate")
    op.drop_table("declaration_batch")
    op.drop_table("reminder_sent")
    op.drop_index("ix_webhook_delivery_subscription", table_name="webhook_delivery")
    op.drop_index("ix_webhook_delivery_status_next", table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_subscription")
    op.drop_index(op.f("ix_webhook_event_organisation_id"), table_name="webhook_event")
    op.drop_table("webhook_event")
