"""Row-level security statements for migrations (PostgreSQL only).

Every tenant-owned table gets ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` and one
policy with both ``USING`` and ``WITH CHECK``: a row is visible and writable only when
its ``organisation_id`` is the transaction's ``app.organisation_id``, or inside an
explicit cross-tenant scope (``app.cross_tenant = 'on'``). With no tenant set, no rows.
The application runs as the non-owner role ``clea_app`` (``SET ROLE`` on connect).
"""

from __future__ import annotations

from alembic import op

APP_ROLE = "clea_app"

# The settings are read in scalar subqueries: PostgreSQL evaluates them once per
# statement (InitPlans) instead of once per row, and can use them in index conditions.
TENANT_MATCH = (
    "organisation_id = (SELECT NULLIF(current_setting('app.organisation_id', true), '')::uuid)"
    " OR (SELECT current_setting('app.cross_tenant', true)) = 'on'"
)
OWN_ROW = "user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::uuid)"
# The same tests as written before migration 0010, reading the settings for every row.
TENANT_MATCH_PER_ROW = (
    "organisation_id = NULLIF(current_setting('app.organisation_id', true), '')::uuid"
    " OR current_setting('app.cross_tenant', true) = 'on'"
)
OWN_ROW_PER_ROW = "user_id = NULLIF(current_setting('app.user_id', true), '')::uuid"


def is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_app_role() -> None:
    """The runtime role: owns nothing, bypasses nothing, can use what it is granted."""
    op.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
          END IF;
        END $$;
        """
    )
    op.execute(f"GRANT {APP_ROLE} TO CURRENT_USER")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}"
    )


def enable_tenant_isolation(table: str, using: str = TENANT_MATCH) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({using}) WITH CHECK ({using})")


def disable_tenant_isolation(table: str) -> None:
    op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
    op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def rewrite_policies(tenant_match: str = TENANT_MATCH, own_row: str = OWN_ROW) -> None:
    """Give every tenant policy (and the audit log's read policy) these expressions.

    Memberships are also visible to their own user, in every organisation.
    """
    tables = op.get_bind().exec_driver_sql(
        "SELECT tablename FROM pg_policies WHERE schemaname = current_schema()"
        " AND policyname = 'tenant_isolation' ORDER BY tablename"
    )
    for (table,) in tables.all():
        using = f"({tenant_match}) OR {own_row}" if table == "membership" else tenant_match
        op.execute(f"ALTER POLICY tenant_isolation ON {table} USING ({using}) WITH CHECK ({using})")
    op.execute(f"ALTER POLICY audit_read ON audit_event USING ({tenant_match})")
