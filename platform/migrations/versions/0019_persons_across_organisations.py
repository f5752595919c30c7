"""Candidates are people: one person across organisations, one active dossier per person
and certification anywhere, and a candidate's consent to be known elsewhere.

- ``person`` (platform data): a pseudonymous identity key, nothing else.
- ``candidate.person_id``, ``candidate.sharing_consent_at``.
- ``dossier.person_id`` and the unique partial index ``uq_dossier_active_per_person``
  (person, certification) over the active dossiers of every organisation.

Existing candidates are linked to their person when their next dossier is opened
(``candidates.persons.ensure_person``): the key is computed by the application.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 03:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ACTIVE_ONLY = sa.text("status NOT IN ('abandoned', 'certified')")


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("identity_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("identity_key", name=op.f("uq_person_identity_key")),
    )
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("sharing_consent_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_candidate_person_id_person"), "person", ["person_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_candidate_person_id"), ["person_id"], unique=False)
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_dossier_person_id_person"), "person", ["person_id"], ["id"]
        )
        batch_op.create_index(
            "uq_dossier_active_per_person",
            ["person_id", "certification_code"],
            unique=True,
            sqlite_where=ACTIVE_ONLY,
            postgresql_where=ACTIVE_ONLY,
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_dossier_active_per_person", sqlite_where=ACTIVE_ONLY, postgresql_where=ACTIVE_ONLY
        )
        batch_op.drop_constraint(batch_op.f("fk_dossier_person_id_person"), type_="foreignkey")
        batch_op.drop_column("person_id")
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_person_id"))
        batch_op.drop_constraint(batch_op.f("fk_candidate_person_id_person"), type_="foreignkey")
        batch_op.drop_column("sharing_consent_at")
        batch_op.drop_column("person_id")
    op.drop_table("person")
