"""The statistics read a per-dossier summary kept by triggers.

``dossier_statistics`` holds one row per dossier (``id`` is the dossier's): its
certification, opening, site, candidate, prescriber and financing (copies the
breakdowns group by without joining the dossiers), and the steps the statistics count from its timeline and its
certificates (first end of the évaluation préalable, direct to jury or to training,
évaluation finale, first submission to a jury, certified, not certified, abandoned,
expired, first issue of a certificate not revoked). Triggers keep it in the transaction
of every write, whatever code path makes it (statement-level with transition tables on
PostgreSQL, row-level on SQLite):

* a dossier inserted: its row computed; deleted: its row deleted; a copied column
  changed: copied;
* an event or a certificate inserted, changed or deleted: the rows of its dossiers
  recomputed from their events and certificates (an upsert).

On PostgreSQL the recomputing trigger first locks the dossiers concerned (``FOR NO KEY
UPDATE``, in key order, as changing a dossier does): a summary row is only ever written
by a transaction that holds its dossier, so two writers never wait for each other on it
(no new lock cycle), and the second one's recomputation, run after the first commits,
sees the first one's events (no lost update). The table is filled from the data already
there.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-05 12:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls
from clea_platform.db.base import AwareDateTime

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

#: The dossier's columns copied, as named in the summary and in ``dossier``.
COPIED = (
    ("certification_code", "certification_code"),
    ("opened_at", "created_at"),
    ("site_id", "site_id"),
    ("candidate_id", "candidate_id"),
    ("prescriber_type", "prescriber_type"),
    ("financing", "financing"),
)
COLUMNS = (
    "organisation_id, id, certification_code, opened_at, site_id, candidate_id, "
    "prescriber_type, financing, initial_at, direct_to_jury, "
    "to_training, final_completed, submitted_at, certified, not_certified, abandoned, "
    "expired, issued_at"
)
UPDATED = ", ".join(f"{column} = excluded.{column}" for column in COLUMNS.split(", ")[2:])


def _reached(condition: str) -> str:
    return f"max(CASE WHEN {condition} THEN 1 ELSE 0 END)"


INITIAL_END = (
    "e.from_status = 'initial_evaluation' AND e.to_status IN ('ready_for_jury', 'training')"
)
# The rows of the dossiers chosen by ``where`` (on ``d``, the dossier), computed from their
# events and certificates, inserted or replacing theirs.
RECOMPUTE = f"""
    INSERT INTO dossier_statistics ({COLUMNS})
    SELECT d.organisation_id, d.id, d.certification_code, d.created_at, d.site_id,
        d.candidate_id, d.prescriber_type, d.financing,
        min(CASE WHEN {INITIAL_END} THEN e.occurred_at END),
        {_reached("e.from_status = 'initial_evaluation' AND e.to_status = 'ready_for_jury'")},
        {_reached("e.from_status = 'initial_evaluation' AND e.to_status = 'training'")},
        {
    _reached("e.from_status = 'final_evaluation' AND e.to_status IN ('ready_for_jury', 'training')")
},
        min(CASE WHEN e.to_status = 'submitted_to_jury' THEN e.occurred_at END),
        {_reached("e.to_status = 'certified'")},
        {_reached("e.to_status = 'not_certified'")},
        {_reached("e.to_status = 'abandoned'")},
        {_reached("e.to_status = 'expired'")},
        (SELECT min(c.issued_at) FROM certificate c
         WHERE c.organisation_id = d.organisation_id AND c.dossier_id = d.id
           AND c.revoked_at IS NULL)
    FROM dossier d
    LEFT JOIN dossier_event e ON e.organisation_id = d.organisation_id AND e.dossier_id = d.id
    WHERE {{where}}
    GROUP BY d.organisation_id, d.id, d.certification_code, d.created_at, d.site_id,
        d.candidate_id, d.prescriber_type, d.financing
    ON CONFLICT (organisation_id, id) DO UPDATE SET {UPDATED}
"""

# PostgreSQL: statement-level triggers; ``{keys}`` selects (organisation_id, dossier_id).
PG_KEYS_IN = "(d.organisation_id, d.id) IN (SELECT k.organisation_id, k.dossier_id FROM ({keys}) k)"


def _pg_recompute(keys: str) -> str:
    where = PG_KEYS_IN.format(keys=keys)
    return f"""
        PERFORM 1 FROM dossier d WHERE {where}
        ORDER BY d.organisation_id, d.id FOR NO KEY UPDATE OF d;
        {RECOMPUTE.format(where=where)};
    """


_EVENT_NEW = "SELECT organisation_id, dossier_id FROM new_rows"
_EVENT_OLD = "SELECT organisation_id, dossier_id FROM old_rows"
# A certificate's change counts only if it touches what the summary reads.
_CERTIFICATE_CHANGED = """
    SELECT n.organisation_id, n.dossier_id FROM new_rows n
    JOIN old_rows o ON o.organisation_id = n.organisation_id AND o.id = n.id
    WHERE n.issued_at IS DISTINCT FROM o.issued_at OR n.revoked_at IS DISTINCT FROM o.revoked_at
       OR n.dossier_id IS DISTINCT FROM o.dossier_id
    UNION SELECT o.organisation_id, o.dossier_id FROM old_rows o
    JOIN new_rows n ON o.organisation_id = n.organisation_id AND o.id = n.id
    WHERE n.dossier_id IS DISTINCT FROM o.dossier_id
"""
PG_TRIGGERS: dict[tuple[str, str], str] = {
    ("dossier", "insert"): RECOMPUTE.format(
        where=PG_KEYS_IN.format(keys="SELECT organisation_id, id AS dossier_id FROM new_rows")
    )
    + ";",
    ("dossier", "update"): f"""
        UPDATE dossier_statistics s
        SET {", ".join(f"{mine} = n.{theirs}" for mine, theirs in COPIED)}
        FROM new_rows n
        WHERE s.organisation_id = n.organisation_id AND s.id = n.id
          AND ({" OR ".join(f"s.{mine} IS DISTINCT FROM n.{theirs}" for mine, theirs in COPIED)});
    """,
    ("dossier", "delete"): """
        DELETE FROM dossier_statistics s USING old_rows o
        WHERE s.organisation_id = o.organisation_id AND s.id = o.id;
    """,
    ("dossier_event", "insert"): _pg_recompute(_EVENT_NEW),
    ("dossier_event", "update"): _pg_recompute(f"{_EVENT_NEW} UNION {_EVENT_OLD}"),
    ("dossier_event", "delete"): _pg_recompute(_EVENT_OLD),
    ("certificate", "insert"): _pg_recompute(_EVENT_NEW),
    ("certificate", "update"): _pg_recompute(_CERTIFICATE_CHANGED),
    ("certificate", "delete"): _pg_recompute(_EVENT_OLD),
}
PG_TRANSITION_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def _sqlite_recompute(row: str, id_column: str) -> str:
    where = f"d.organisation_id = {row}.organisation_id AND d.id = {row}.{id_column}"
    return RECOMPUTE.format(where=where) + ";"


SQLITE_TRIGGERS = {
    "dossier_statistics_dossier_insert": f"""AFTER INSERT ON dossier
        BEGIN {_sqlite_recompute("NEW", "id")} END""",
    "dossier_statistics_dossier_update": f"""AFTER UPDATE OF
        {", ".join(theirs for _, theirs in COPIED)} ON dossier BEGIN
            UPDATE dossier_statistics
            SET {", ".join(f"{mine} = NEW.{theirs}" for mine, theirs in COPIED)}
            WHERE organisation_id = NEW.organisation_id AND id = NEW.id;
        END""",
    "dossier_statistics_dossier_delete": """AFTER DELETE ON dossier BEGIN
            DELETE FROM dossier_statistics
            WHERE organisation_id = OLD.organisation_id AND id = OLD.id;
        END""",
    "dossier_statistics_event_insert": f"""AFTER INSERT ON dossier_event
        BEGIN {_sqlite_recompute("NEW", "dossier_id")} END""",
    "dossier_statistics_event_update": f"""AFTER UPDATE ON dossier_event
        BEGIN {_sqlite_recompute("OLD", "dossier_id")} {_sqlite_recompute("NEW", "dossier_id")}
        END""",
    "dossier_statistics_event_delete": f"""AFTER DELETE ON dossier_event
        BEGIN {_sqlite_recompute("OLD", "dossier_id")} END""",
    "dossier_statistics_certificate_insert": f"""AFTER INSERT ON certificate
        BEGIN {_sqlite_recompute("NEW", "dossier_id")} END""",
    "dossier_statistics_certificate_update": f"""AFTER UPDATE OF
        organisation_id, dossier_id, issued_at, revoked_at ON certificate
        BEGIN {_sqlite_recompute("OLD", "dossier_id")} {_sqlite_recompute("NEW", "dossier_id")}
        END""",
    "dossier_statistics_certificate_delete": f"""AFTER DELETE ON certificate
        BEGIN {_sqlite_recompute("OLD", "dossier_id")} END""",
}
SOURCES = ("dossier", "dossier_event", "certificate")


def _pg_name(table: str, kind: str) -> str:
    return f"dossier_statistics_{table}_{kind}"


def upgrade() -> None:
    op.create_table(
        "dossier_statistics",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("opened_at", AwareDateTime(), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("prescriber_type", sa.String(length=32), nullable=False),
        sa.Column("financing", sa.String(length=32), nullable=False),
        sa.Column("initial_at", AwareDateTime(), nullable=True),
        sa.Column("direct_to_jury", sa.Integer(), nullable=False),
        sa.Column("to_training", sa.Integer(), nullable=False),
        sa.Column("final_completed", sa.Integer(), nullable=False),
        sa.Column("submitted_at", AwareDateTime(), nullable=True),
        sa.Column("certified", sa.Integer(), nullable=False),
        sa.Column("not_certified", sa.Integer(), nullable=False),
        sa.Column("abandoned", sa.Integer(), nullable=False),
        sa.Column("expired", sa.Integer(), nullable=False),
        sa.Column("issued_at", AwareDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_dossier_statistics_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_dossier_statistics")),
    )
    with op.batch_alter_table("dossier_statistics", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_statistics_opened", ["opened_at"], unique=False)
    if rls.is_postgresql():
        for (table, kind), body in PG_TRIGGERS.items():
            name = _pg_name(table, kind)
            op.execute(
                f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {body}
                    RETURN NULL;
                END $$"""
            )
            op.execute(
                f"""CREATE TRIGGER {name} AFTER {kind.upper()} ON {table}
                REFERENCING {PG_TRANSITION_TABLES[kind]}
                FOR EACH STATEMENT EXECUTE FUNCTION {name}()"""
            )
        # The owner is bound by the tables' policies too (0015): fill across tenants.
        for table in SOURCES:
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(RECOMPUTE.format(where="true"))
        for table in SOURCES:
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        rls.enable_tenant_isolation("dossier_statistics")
        op.execute("ANALYZE dossier_statistics")
    else:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute(RECOMPUTE.format(where="true"))


def downgrade() -> None:
    if rls.is_postgresql():
        rls.disable_tenant_isolation("dossier_statistics")
        for table, kind in PG_TRIGGERS:
            name = _pg_name(table, kind)
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("dossier_statistics", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_statistics_opened")
    op.drop_table("dossier_statistics")
