"""Jury integrity: collegial decisions, amendments that take effect, frozen minutes, timed
sessions, e-mail attachments.

- ``jury_decision``: who presided, the members present for it, consensus or vote counts,
  criteria at issue, comments for the candidate / the organisation / internal, « obtained
  at the first evaluation », an amendment's effect, a revision (optimistic concurrency);
  outcomes « absent » and « excusé »; one original decision per dossier and session, one
  amendment per decision (unique keys).
- ``jury_session``: start and end times (the convocation's calendar event) and whether
  the jury hears the candidates.
- ``jury_agenda_item``: why a dossier went back to the pool at closing undecided.
- ``jury_minutes_document`` (platform data): the minutes frozen at closing and the
  amendments' appendices, bytes and SHA-256.
- ``outbox_email``: one optional attachment.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
OLD_OUTCOMES = ("certified", "not_certified", "postponed")
NEW_OUTCOMES = (*OLD_OUTCOMES, "absent", "excused")


def _outcome(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="outcome", native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    with op.batch_alter_table("jury_decision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_jury_decision_outcome"), type_="check")
        batch_op.alter_column(
            "outcome", existing_type=sa.String(length=16), type_=_outcome(NEW_OUTCOMES)
        )
        batch_op.add_column(sa.Column("presided_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("present_member_ids", JSON_DOCUMENT, server_default="[]", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "mode",
                sa.Enum(
                    "consensus",
                    "vote",
                    name="mode",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                server_default="consensus",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("votes_for", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("votes_against", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("abstentions", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("criteria_at_issue", JSON_DOCUMENT, server_default="[]", nullable=False)
        )
        for column in ("candidate_comment", "organisation_comment", "internal_comment", "effect"):
            batch_op.add_column(sa.Column(column, sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column(
                "obtained_at_first_evaluation",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_jury_decision_presided_by_id_jury_member"),
            "jury_member",
            ["presided_by_id"],
            ["id"],
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_jury_decision_amends"), ["organisation_id", "amends_id"]
        )
        batch_op.create_index(
            "uq_jury_decision_original",
            ["organisation_id", "session_id", "dossier_id"],
            unique=True,
            sqlite_where=sa.text("amends_id IS NULL"),
            postgresql_where=sa.text("amends_id IS NULL"),
        )

    with op.batch_alter_table("jury_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("starts_at", sa.Time(), server_default="09:00:00", nullable=False)
        )
        batch_op.add_column(
            sa.Column("ends_at", sa.Time(), server_default="12:30:00", nullable=False)
        )
        batch_op.add_column(
            sa.Column("interviews", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("jury_agenda_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("returned_reason", sa.Text(), server_default="", nullable=False)
        )

    op.create_table(
        "jury_minutes_document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "minutes",
                "appendix",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_jury_minutes_document_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["jury_session.id"],
            name=op.f("fk_jury_minutes_document_session_id_jury_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_minutes_document")),
        sa.UniqueConstraint(
            "session_id",
            "kind",
            "number",
            name=op.f("uq_jury_minutes_document_session_id_kind_number"),
        ),
    )

    with op.batch_alter_table("outbox_email", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attachment_name", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("attachment_type", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("attachment", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_email", schema=None) as batch_op:
        batch_op.drop_column("attachment")
        batch_op.drop_column("attachment_type")
        batch_op.drop_column("attachment_name")
    op.drop_table("jury_minutes_document")
    with op.batch_alter_table("jury_agenda_item", schema=None) as batch_op:
        batch_op.drop_column("returned_reason")
    with op.batch_alter_table("jury_session", schema=None) as batch_op:
        batch_op.drop_column("interviews")
        batch_op.drop_column("ends_at")
        batch_op.drop_column("starts_at")
    # Decisions the old columns cannot say: the new outcomes become « ajourné ».
    op.execute(
        "UPDATE jury_decision SET outcome = 'postponed' WHERE outcome IN ('absent', 'excused')"
    )
    with op.batch_alter_table("jury_decision", schema=None) as batch_op:
        batch_op.drop_index("uq_jury_decision_original")
        batch_op.drop_constraint(batch_op.f("uq_jury_decision_amends"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_jury_decision_presided_by_id_jury_member"), type_="foreignkey"
        )
        for column in (
            "revision",
            "obtained_at_first_evaluation",
            "effect",
            "internal_comment",
            "organisation_comment",
            "candidate_comment",
            "criteria_at_issue",
            "abstentions",
            "votes_against",
            "votes_for",
        ):
            batch_op.drop_column(column)
        batch_op.drop_constraint(op.f("ck_jury_decision_mode"), type_="check")
        batch_op.drop_column("mode")
        batch_op.drop_column("present_member_ids")
        batch_op.drop_column("presided_by_id")
        batch_op.drop_constraint(op.f("ck_jury_decision_outcome"), type_="check")
        batch_op.alter_column(
            "outcome", existing_type=sa.String(length=16), type_=_outcome(OLD_OUTCOMES)
        )
