"""The dossier list's counts per status from a summary kept by triggers.

``dossier_status_count`` holds, per organisation, certification, site, adviser and
status, numbers of dossiers to add up. Triggers on ``dossier`` append the changes of every
insert, change of those columns and delete in the same transaction (statement-level with
transition tables on PostgreSQL, row-level on SQLite): appending (no update of a shared
row) takes no lock another transaction waits for, so concurrent writers never deadlock on
it. The app folds the rows together now and then (``dossiers.counts.compact``), so the
list's tabs cost the same whatever the organisation's size. The table is filled from the
dossiers already there.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

KEYS = "organisation_id, certification_code, site_id, adviser_key, status"
NIL_PG = "'00000000-0000-0000-0000-000000000000'::uuid"
NIL_SQLITE = "'00000000000000000000000000000000'"

# The deltas of one statement, summed per key (rows whose keys did not change cancel
# out), appended.
PG_APPLY = f"""
    INSERT INTO dossier_status_count (id, dossier_count, {KEYS})
    SELECT gen_random_uuid(), d.n, d.organisation_id, d.certification_code, d.site_id,
           d.adviser_key, d.status
    FROM (
        SELECT {KEYS}, sum(delta) AS n
        FROM ({{rows}}) AS changes
        GROUP BY {KEYS}
        HAVING sum(delta) <> 0
    ) AS d
"""
PG_ROWS = (
    "SELECT organisation_id, certification_code, site_id, "
    f"COALESCE(adviser_id, {NIL_PG}) AS adviser_key, status, {{sign}} AS delta FROM {{table}}"
)
PG_NEW = PG_ROWS.format(sign="1", table="new_rows")
PG_OLD = PG_ROWS.format(sign="-1", table="old_rows")
PG_FUNCTIONS = {
    "insert": PG_NEW,
    "update": f"{PG_NEW} UNION ALL {PG_OLD}",
    "delete": PG_OLD,
}
PG_TRANSITION_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def _sqlite_apply(row: str, delta: int) -> str:
    return f"""
        INSERT INTO dossier_status_count (id, dossier_count, {KEYS})
        VALUES (lower(hex(randomblob(16))), {delta}, {row}.organisation_id,
                {row}.certification_code, {row}.site_id,
                COALESCE({row}.adviser_id, {NIL_SQLITE}), {row}.status);
    """


SQLITE_CHANGED = " OR ".join(
    f"OLD.{column} IS NOT NEW.{column}"
    for column in ("organisation_id", "certification_code", "site_id", "adviser_id", "status")
)
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER dossier_status_count_insert AFTER INSERT ON dossier
    BEGIN {_sqlite_apply("NEW", 1)} END""",
    f"""CREATE TRIGGER dossier_status_count_delete AFTER DELETE ON dossier
    BEGIN {_sqlite_apply("OLD", -1)} END""",
    f"""CREATE TRIGGER dossier_status_count_update AFTER UPDATE OF
        organisation_id, certification_code, site_id, adviser_id, status ON dossier
    WHEN {SQLITE_CHANGED}
    BEGIN {_sqlite_apply("OLD", -1)} {_sqlite_apply("NEW", 1)} END""",
)


def upgrade() -> None:
    op.create_table(
        "dossier_status_count",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certification_code", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("adviser_key", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "opened",
                "initial_evaluation",
                "training",
                "final_evaluation",
                "ready_for_jury",
                "submitted_to_jury",
                "certified",
                "not_certified",
                "abandoned",
                "expired",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("dossier_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_dossier_status_count_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_dossier_status_count")),
    )
    with op.batch_alter_table("dossier_status_count", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_status_count_adviser",
            ["organisation_id", "adviser_key", "status"],
            unique=False,
        )
    if rls.is_postgresql():
        for kind, rows in PG_FUNCTIONS.items():
            op.execute(
                f"""CREATE FUNCTION dossier_status_count_after_{kind}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    {PG_APPLY.format(rows=rows)};
                    RETURN NULL;
                END $$"""
            )
            op.execute(
                f"""CREATE TRIGGER dossier_status_count_{kind} AFTER {kind.upper()} ON dossier
                REFERENCING {PG_TRANSITION_TABLES[kind]}
                FOR EACH STATEMENT EXECUTE FUNCTION dossier_status_count_after_{kind}()"""
            )
        # The owner is bound by the dossiers' policies too (0015): fill across tenants.
        op.execute("ALTER TABLE dossier NO FORCE ROW LEVEL SECURITY")
        op.execute(PG_APPLY.format(rows=PG_ROWS.format(sign="1", table="dossier")))
        op.execute("ALTER TABLE dossier FORCE ROW LEVEL SECURITY")
        rls.enable_tenant_isolation("dossier_status_count")
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute(
            f"""INSERT INTO dossier_status_count (id, dossier_count, {KEYS})
            SELECT lower(hex(randomblob(16))), count(*), organisation_id, certification_code,
                   site_id, COALESCE(adviser_id, {NIL_SQLITE}), status
            FROM dossier GROUP BY 3, 4, 5, 6, 7"""
        )


def downgrade() -> None:
    if rls.is_postgresql():
        rls.disable_tenant_isolation("dossier_status_count")
        for kind in PG_FUNCTIONS:
            op.execute(f"DROP TRIGGER dossier_status_count_{kind} ON dossier")
            op.execute(f"DROP FUNCTION dossier_status_count_after_{kind}()")
    else:
        for kind in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER dossier_status_count_{kind}")
    op.drop_table("dossier_status_count")
