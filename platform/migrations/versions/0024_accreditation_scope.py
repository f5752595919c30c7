"""Accreditation scope (evaluation, training, both) and accredited training organisations.

- ``accreditation.scope``: what the accreditation allows. Every existing accreditation
  becomes ``evaluation``: each was granted from an application naming evaluators, before
  training could be asked for, and no data recorded a training accreditation (the 2023
  and 2024 campaigns' "additional training organisations" were never entered).
- ``campaign.accepted_scopes``: the scopes a campaign accepts; existing campaigns accept
  ``["evaluation"]`` (what their applications asked evidence for).
- ``campaign.fee_overrides``: per-certification overrides of the plugin's application and
  establishment fees (empty for existing campaigns: their own fees keep applying).
- ``billable_event.amount_cents``: the certification's fee in force the day of the event
  (null for earlier events: the fees export applies the plugin's fee to them).
- ``training_plan.training_organisation_id``: the accredited training organisation that
  delivers the plan; existing plans keep their free text and stay unlinked (shown as
  « organisme non habilité » until linked).

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-05 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("billable_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount_cents", sa.Integer(), nullable=True))
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "scope",
                sa.Enum(
                    "evaluation",
                    "training",
                    "both",
                    name="scope",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=False,
                server_default="evaluation",
            )
        )
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.alter_column("scope", server_default=None)
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_scopes", JSON_DOCUMENT, nullable=True))
        batch_op.add_column(sa.Column("fee_overrides", JSON_DOCUMENT, nullable=True))
    op.execute(
        sa.text("""UPDATE campaign SET accepted_scopes = '["evaluation"]', fee_overrides = '{}'""")
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.alter_column("accepted_scopes", existing_type=JSON_DOCUMENT, nullable=False)
        batch_op.alter_column("fee_overrides", existing_type=JSON_DOCUMENT, nullable=False)
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("training_organisation_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_training_plan_training_organisation_id_organisation"),
            "organisation",
            ["training_organisation_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_training_plan_training_organisation_id"),
            ["training_organisation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_plan_training_organisation_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_training_plan_training_organisation_id_organisation"),
            type_="foreignkey",
        )
        batch_op.drop_column("training_organisation_id")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("fee_overrides")
        batch_op.drop_column("accepted_scopes")
    with op.batch_alter_table("billable_event", schema=None) as batch_op:
        batch_op.drop_column("amount_cents")
    with op.batch_alter_table("accreditation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_accreditation_scope"), type_="check")
        batch_op.drop_column("scope")
