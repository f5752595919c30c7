"""Layer 2 (PostgreSQL): nothing the runtime role can send lifts isolation or shows a
credential.

The attacker here is SQL running as the application's runtime role (an injection, a
raw query gone wrong) inside B's transaction: it may set any setting, call any function
it can see, and try to change role or policy. It must still see none of A's rows and
no stored credential, except through a context the application itself signed.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from clea_platform.tenants.scoping import apply_row_security_context
from tests.databases import ThrowawayDatabase
from tests.isolation.conftest import TwoTenants
from tests.isolation.raw_sql import (
    CREDENTIAL_COLUMNS,
    TENANT_TABLES,
    a_row,
    as_app,
    count,
    postgresql_only,
    signed,
)

pytestmark = postgresql_only

READ_CONTEXT = "SELECT current_setting('app.context'), current_setting('app.context_signature')"
SET_CONTEXT = (
    "SELECT set_config('app.context', :context, true),"
    " set_config('app.context_signature', :signature, true)"
)


async def rows_of(connection: AsyncConnection, organisation_id: uuid.UUID) -> dict[str, int]:
    """How many of the organisation's rows each tenant table shows (non-zero only)."""
    seen = {
        name: await count(
            connection, f"SELECT count(*) FROM {name} WHERE organisation_id = :o", o=organisation_id
        )
        for name in [*TENANT_TABLES, "audit_event"]
    }
    return {name: n for name, n in seen.items() if n}


async def forge(connection: AsyncConnection, forgery: str, a: uuid.UUID) -> None:
    """Set, from SQL, settings that would show A's rows if the policies believed them."""
    context, signature = (await connection.execute(text(READ_CONTEXT))).one()
    forged = {
        # What the policies trusted before migration 0015.
        "the settings of old": [
            ("app.organisation_id", str(a)),
            ("app.cross_tenant", "on"),
        ],
        "an unsigned cross-tenant context": [
            ("app.context", "||on|off"),
            ("app.context_signature", ""),
        ],
        "A's context under B's signature": [("app.context", f"{a}||off|off")],
        "a cross-tenant scope under B's signature": [
            ("app.context", context.replace("|off|off", "|on|off"))
        ],
        "a signature made with a guessed key": [
            ("app.context", f"{a}||off|off"),
            ("app.context_signature", "0" * 64),
        ],
    }[forgery]
    for name, value in forged:
        await connection.execute(
            text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value}
        )
    assert signature  # B's own context was signed to begin with


@pytest.mark.parametrize(
    "forgery",
    [
        "the settings of old",
        "an unsigned cross-tenant context",
        "A's context under B's signature",
        "a cross-tenant scope under B's signature",
        "a signature made with a guessed key",
    ],
)
async def test_forging_the_context_from_sql_shows_none_of_a_rows(
    tenants: TwoTenants, app_engine: AsyncEngine, forgery: str
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    # Given B's transaction, which sees its own rows
    async with as_app(app_engine, b) as connection:
        assert await rows_of(connection, b)
        # When SQL in it forges a context that would show A's rows
        await forge(connection, forgery, a)
        # Then no table shows any of A's rows
        assert await rows_of(connection, a) == {}
        # (and a context whose signature fails shows nothing at all, not even B's)
        assert bool(await rows_of(connection, b)) == (forgery == "the settings of old")


async def test_a_signed_context_is_good_for_its_own_transaction_only(
    tenants: TwoTenants, app_engine: AsyncEngine
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    async with app_engine.connect() as connection:
        # Given a cross-tenant context signed for one transaction, read from SQL there
        async with connection.begin() as first:
            await apply_row_security_context(connection, signed(None, cross_tenant=True))
            context, signature = (await connection.execute(text(READ_CONTEXT))).one()
            assert await rows_of(connection, a)
            await first.rollback()
        # When B's next transaction, on the same connection, sends it again
        async with connection.begin() as second:
            await apply_row_security_context(connection, signed(b))
            await connection.execute(
                text(SET_CONTEXT), {"context": context, "signature": signature}
            )
            # Then it shows none of A's rows
            assert await rows_of(connection, a) == {}
            await second.rollback()


async def test_reset_role_leaves_the_runtime_role_as_it_was(
    app_engine: AsyncEngine, migrated_database: ThrowawayDatabase, tenants: TwoTenants
) -> None:
    runtime = make_url(migrated_database.url).username
    async with as_app(app_engine, tenants.b.organisation_id) as connection:
        await connection.execute(text("RESET ROLE"))
        roles = (await connection.execute(text("SELECT session_user, current_user"))).one()
        of_a = await rows_of(connection, tenants.a.organisation_id)
    assert tuple(roles) == (runtime, runtime)
    assert of_a == {}


@pytest.mark.parametrize(
    "statement",
    [
        "SET ROLE {owner}",
        "SET ROLE postgres",
        "SET SESSION AUTHORIZATION {owner}",
        "SET SESSION AUTHORIZATION postgres",
    ],
)
async def test_the_runtime_role_cannot_become_another_role(
    app_engine: AsyncEngine, migrated_database: ThrowawayDatabase, statement: str
) -> None:
    owner = make_url(migrated_database.migration_url).username
    async with as_app(app_engine, None) as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(text(statement.format(owner=owner)))
    assert "permission denied" in str(refused.value.orig)


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE site DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE site NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY tenant_isolation ON site",
        "ALTER POLICY tenant_isolation ON site USING (true)",
        "CREATE POLICY everything ON site USING (true)",
        "CREATE OR REPLACE FUNCTION clea_rls.all_tenants() RETURNS boolean"
        " LANGUAGE sql AS 'SELECT true'",
        "CREATE FUNCTION public.all_tenants() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
        "CREATE TABLE public.mine (id integer)",
        "SELECT * FROM clea_rls.context_key",
        "UPDATE clea_rls.context_key SET inner_pad = outer_pad",
        "GRANT SELECT ON clea_rls.context_key TO PUBLIC",
        "TRUNCATE site",
    ],
)
async def test_the_runtime_role_cannot_change_what_enforces_isolation(
    app_engine: AsyncEngine, tenants: TwoTenants, statement: str
) -> None:
    async with as_app(app_engine, tenants.b.organisation_id) as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(text(statement))
    message = str(refused.value.orig)
    assert "must be owner" in message or "permission denied" in message, message


@pytest.mark.parametrize(("name", "column"), CREDENTIAL_COLUMNS)
@pytest.mark.parametrize("context", ["own tenant", "cross-tenant scope", "signed credential scope"])
@pytest.mark.parametrize("query", ["SELECT {column} FROM {name}", "SELECT * FROM {name}"])
async def test_the_runtime_role_is_refused_every_credential_column(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str, column: str, context: str, query: str
) -> None:
    async with as_app(
        app_engine,
        tenants.b.organisation_id,
        cross_tenant=context == "cross-tenant scope",
        credentials=context == "signed credential scope",
    ) as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(text(query.format(column=column, name=name)))
    assert "permission denied" in str(refused.value.orig)


async def password_hash_of(connection: AsyncConnection, user_id: uuid.UUID) -> str | None:
    result = await connection.execute(
        text("SELECT clea_rls.password_hash(:user_id)"), {"user_id": user_id}
    )
    value: str | None = result.scalar()
    return value


@pytest.mark.parametrize("context", ["own tenant", "forged credential scope"])
async def test_the_credential_functions_refuse_outside_a_signed_credential_scope(
    tenants: TwoTenants, app_engine: AsyncEngine, context: str
) -> None:
    b = tenants.b
    async with as_app(app_engine, b.organisation_id) as connection:
        if context == "forged credential scope":
            forged, _ = (await connection.execute(text(READ_CONTEXT))).one()
            await connection.execute(
                text("SELECT set_config('app.context', :c, true)"),
                {"c": forged.removesuffix("off") + "on"},
            )
        with pytest.raises(DBAPIError) as refused:
            await password_hash_of(connection, b.admin_user_id)
    assert "signed credential scope" in str(refused.value.orig)


async def test_in_a_signed_credential_scope_the_functions_answer_within_the_tenant(
    tenants: TwoTenants, app_engine: AsyncEngine
) -> None:
    a, b = tenants.a, tenants.b
    a_key = (await a_row(app_engine, "api_key", a.organisation_id))["id"]
    b_key = (await a_row(app_engine, "api_key", b.organisation_id))["id"]
    key_hash = "SELECT clea_rls.api_key_hash(:organisation, :key)"
    # Given B's transaction in a credential scope the application signed
    async with as_app(app_engine, b.organisation_id, credentials=True) as connection:
        # When it asks for B's stored credentials, then for an API key of A
        password_hash = await password_hash_of(connection, b.admin_user_id)
        own_key = await connection.scalar(
            text(key_hash), {"organisation": b.organisation_id, "key": b_key}
        )
        other_key = await connection.scalar(
            text(key_hash), {"organisation": a.organisation_id, "key": a_key}
        )
    # Then it gets B's, and nothing of A (row-level security holds inside the function)
    assert password_hash is not None
    assert password_hash.startswith("$argon2id$")
    assert isinstance(own_key, str)
    assert len(own_key) == 64
    assert other_key is None
