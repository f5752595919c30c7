"""Row-level security statements for migrations (PostgreSQL only).

Every tenant-owned table gets ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` and one
policy with both ``USING`` and ``WITH CHECK``: a row is visible and writable only when
its ``organisation_id`` is the transaction's organisation, or inside a cross-tenant
scope. With no organisation, no rows.

Since migration 0015 the policies learn the organisation, the user and the scope from
the ``clea_rls`` functions, which believe the transaction's context only when the
application signed it (:mod:`clea_platform.db.context_signature`): the runtime role
cannot widen what it sees with ``set_config``. Migrations 0001 to 0014 pin the
expressions they were written with (``UNSIGNED_*``), which read the settings directly.
"""

from __future__ import annotations

from alembic import op

# The functions are called in scalar subqueries: PostgreSQL evaluates them once per
# statement (InitPlans) instead of once per row, and can use them in index conditions.
TENANT_MATCH = "organisation_id = (SELECT clea_rls.tenant()) OR (SELECT clea_rls.all_tenants())"
OWN_ROW = "user_id = (SELECT clea_rls.user_id())"

# Migrations 0001–0014: the settings themselves, which any role can set. Read once per
# statement (0010 onwards) …
UNSIGNED_TENANT_MATCH = (
    "organisation_id = (SELECT NULLIF(current_setting('app.organisation_id', true), '')::uuid)"
    " OR (SELECT current_setting('app.cross_tenant', true)) = 'on'"
)
UNSIGNED_OWN_ROW = "user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::uuid)"
# … or, as written before migration 0010, for every row.
UNSIGNED_TENANT_MATCH_PER_ROW = (
    "organisation_id = NULLIF(current_setting('app.organisation_id', true), '')::uuid"
    " OR current_setting('app.cross_tenant', true) = 'on'"
)
UNSIGNED_OWN_ROW_PER_ROW = "user_id = NULLIF(current_setting('app.user_id', true), '')::uuid"
#: Before 0015, the one role of every database of the server (``SET ROLE`` on connect).
LEGACY_APP_ROLE = "clea_app"


def is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


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
