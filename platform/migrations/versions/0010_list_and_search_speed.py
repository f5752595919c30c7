"""Speed at 100 000 dossiers: row-level security settings read once per statement, the
dossiers of a candidate, and an index of the candidates' names usable under row-level
security (PostgreSQL).

Revision ID: 0010
Revises: 0012
Create Date: 2026-11-30 19:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clea_platform.db import rls

revision = "0010"
down_revision = "0012"
branch_labels = None
depends_on = None

# Every distinct suffix of at least 3 characters (``MIN_INDEXED_SUFFIX``) of every word of
# the candidates in ``rows`` (a transition table, a subquery or the table itself), as the
# UTF-8 bytes ``CandidateNameSuffix.suffix`` holds.
SUFFIXES_OF = """
    INSERT INTO candidate_name_suffix (organisation_id, id, candidate_id, suffix)
    SELECT c.organisation_id, gen_random_uuid(), c.id, s.suffix
    FROM {rows} AS c
    CROSS JOIN LATERAL (
        SELECT DISTINCT convert_to(substr(word, start), 'UTF8') AS suffix
        FROM regexp_split_to_table(c.search_text, '\\s+') AS word,
             generate_series(1, length(word) - 2) AS start
    ) AS s
"""
RENAMED = """(
    SELECT n.organisation_id, n.id, n.search_text
    FROM new_rows AS n
    JOIN old_rows AS o ON o.organisation_id = n.organisation_id AND o.id = n.id
    WHERE o.search_text IS DISTINCT FROM n.search_text
)"""
TRIGGERS = (
    f"""
    CREATE FUNCTION candidate_name_suffix_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {SUFFIXES_OF.format(rows="new_rows")};
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION candidate_name_suffix_after_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM candidate_name_suffix AS s USING {RENAMED} AS r
            WHERE s.organisation_id = r.organisation_id AND s.candidate_id = r.id;
        {SUFFIXES_OF.format(rows=RENAMED)};
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER candidate_name_suffix_insert AFTER INSERT ON candidate
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION candidate_name_suffix_after_insert()
    """,
    """
    CREATE TRIGGER candidate_name_suffix_update AFTER UPDATE ON candidate
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION candidate_name_suffix_after_update()
    """,
)


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_candidate", ["organisation_id", "candidate_id"], unique=False
        )
    op.create_table(
        "candidate_name_suffix",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("suffix", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_candidate_name_suffix_candidate",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_candidate_name_suffix_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "id", name=op.f("pk_candidate_name_suffix")),
    )
    with op.batch_alter_table("candidate_name_suffix", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidate_name_suffix",
            ["organisation_id", "suffix", "candidate_id"],
            unique=False,
        )
    if rls.is_postgresql():
        rls.enable_tenant_isolation("candidate_name_suffix", rls.UNSIGNED_TENANT_MATCH)
        rls.rewrite_policies(rls.UNSIGNED_TENANT_MATCH, rls.UNSIGNED_OWN_ROW)
        for statement in TRIGGERS:
            op.execute(statement)
        # The candidates already there, whichever organisation they belong to.
        op.execute("SELECT set_config('app.cross_tenant', 'on', true)")
        op.execute(SUFFIXES_OF.format(rows="candidate"))
        op.execute("SELECT set_config('app.cross_tenant', 'off', true)")


def downgrade() -> None:
    if rls.is_postgresql():
        op.execute("DROP TRIGGER IF EXISTS candidate_name_suffix_update ON candidate")
        op.execute("DROP TRIGGER IF EXISTS candidate_name_suffix_insert ON candidate")
        op.execute("DROP FUNCTION IF EXISTS candidate_name_suffix_after_update()")
        op.execute("DROP FUNCTION IF EXISTS candidate_name_suffix_after_insert()")
        rls.rewrite_policies(rls.UNSIGNED_TENANT_MATCH_PER_ROW, rls.UNSIGNED_OWN_ROW_PER_ROW)
        rls.disable_tenant_isolation("candidate_name_suffix")
    with op.batch_alter_table("candidate_name_suffix", schema=None) as batch_op:
        batch_op.drop_index("ix_candidate_name_suffix")
    op.drop_table("candidate_name_suffix")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_candidate")
