"""Layer 2 (PostgreSQL): row-level security holds even for raw SQL, as the runtime role.

Every statement here goes through the app's own engine (logged in as the runtime role
of the test database) with the tenant set the way the ORM hook sets it (a context
signed for the transaction), but bypasses the ORM
filter (layer 1) entirely: what these tests see is what a forgotten filter, a raw query
or an injection would see. The tables come from ``tenant_models()``, so a new
tenant-owned model is covered without touching this file. Layer 3 (composite keys) is
checked on both databases at the end.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from typing import Any

import pytest
from sqlalchemy import String, UniqueConstraint, Uuid, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from clea_platform.db.base import CREDENTIAL
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.models import Base
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import (
    apply_row_security_context,
    cross_tenant_reads,
)
from tests.databases import ThrowawayDatabase
from tests.isolation.conftest import TwoTenants
from tests.isolation.raw_sql import (
    TENANT_TABLES,
    a_row,
    as_app,
    catalogue,
    count,
    postgresql_only,
    signed,
    table,
)

# Tables that carry an organisation_id without being tenant-owned models, and why.
NOT_TENANT_MODELS = {
    "audit_event": "append-only log; RLS filters reads per tenant, writes are appended by anyone",
    "oidc_login_state": "a login in progress, found by its random state before anyone is known",
    "webhook_event": "a short-lived queue written by any transaction that announces an event; "
    "read only by the delivery worker, which fans it out into tenant-owned deliveries",
    "credential_change": "identifiers of revoked credentials, read by every app process to "
    "forget its cached copies; no tenant data",
    "wallet_offer": "an OpenID4VCI offer found by the hash of its reference or one-time code "
    "before anyone is known (the wallet presents no session); holds hashes, a try count and "
    "the certificate's key only",
    "declared_certificate": "Certif'Pro's declarations to the national training-account "
    "system (platform data); only Certif'Pro administrators read it",
    "annual_report_job": "an annual report asked for, keyed by its requester (Certif'Pro's "
    "national report belongs to no organisation); only the requester reads it",
}


@postgresql_only
async def test_the_app_engine_logs_in_as_the_runtime_role_and_stays_it(
    app_engine: AsyncEngine, migrated_database: ThrowawayDatabase
) -> None:
    async with as_app(app_engine, None) as connection:
        roles = (await connection.execute(text("SELECT session_user, current_user"))).one()
    runtime = make_url(migrated_database.url).username
    assert tuple(roles) == (runtime, runtime)
    assert runtime != make_url(migrated_database.migration_url).username


@postgresql_only
@pytest.mark.parametrize("name", TENANT_TABLES)
async def test_under_b_raw_sql_sees_only_b_rows(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    # Given both organisations own rows of the table (checked cross-tenant)
    async with as_app(app_engine, None, cross_tenant=True) as connection:
        assert await count(
            connection, f"SELECT count(*) FROM {name} WHERE organisation_id = :a", a=a
        )

    # When B's transaction reads the whole table with raw SQL
    async with as_app(app_engine, b) as connection:
        owners = set(
            (await connection.execute(text(f"SELECT organisation_id FROM {name}"))).scalars()
        )
        of_a = await count(
            connection, f"SELECT count(*) FROM {name} WHERE organisation_id = :a", a=a
        )

    # Then it sees its own rows and none of A's
    assert owners == {b}
    assert of_a == 0


@postgresql_only
@pytest.mark.parametrize("name", TENANT_TABLES)
@pytest.mark.parametrize("tenant_setting", ["never set", "empty"])
async def test_with_no_tenant_raw_sql_sees_no_rows_at_all(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str, tenant_setting: str
) -> None:
    # Given a transaction with no tenant
    async with as_app(app_engine, None, set_tenant=tenant_setting == "empty") as connection:
        # When it reads the table
        seen = await count(connection, f"SELECT count(*) FROM {name}")
    # Then nothing is visible
    assert seen == 0


@postgresql_only
async def test_under_b_raw_sql_reads_no_audit_event_of_a(
    tenants: TwoTenants, app_engine: AsyncEngine
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    async with as_app(app_engine, b) as connection:
        owners = set(
            (await connection.execute(text("SELECT organisation_id FROM audit_event"))).scalars()
        )
    assert a not in owners
    assert b in owners


def fresh_copy(name: str, row: dict[str, Any], organisation_id: uuid.UUID) -> dict[str, Any]:
    """``row`` as a new row of ``organisation_id``: new ID, new values for unique columns.

    A unique reference (e.g. one certificate per dossier) gets a fresh UUID too: the copy
    must not collide with its model row before the foreign keys under test are checked.
    """
    copy = dict(row, id=uuid.uuid4(), organisation_id=organisation_id)
    for column in table(name).columns:
        if column.info.get(CREDENTIAL):  # not readable (see a_row): a new one
            copy[column.name] = secrets.token_hex(16)
    uniques = [
        *(c.columns for c in table(name).constraints if isinstance(c, UniqueConstraint)),
        *(index.columns for index in table(name).indexes if index.unique),
    ]
    for columns in uniques:
        for column in columns:
            if isinstance(column.type, String):
                copy[column.name] = secrets.token_hex(4)[: column.type.length or 8]
            elif isinstance(column.type, Uuid) and column.name not in ("id", "organisation_id"):
                copy[column.name] = uuid.uuid4()
    return copy


@postgresql_only
@pytest.mark.parametrize("name", TENANT_TABLES)
async def test_under_b_inserting_a_row_for_a_is_refused(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    # Given a row shaped like one of A's
    row = fresh_copy(name, await a_row(app_engine, name, a), a)

    # When B's transaction inserts it for A
    async with as_app(app_engine, b) as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(insert(table(name)).values(**row))

    # Then the policy's WITH CHECK refuses it
    assert "row-level security" in str(refused.value.orig)


@postgresql_only
@pytest.mark.parametrize("name", TENANT_TABLES)
async def test_under_b_moving_a_b_row_into_a_is_refused(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    async with as_app(app_engine, b) as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(
                text(f"UPDATE {name} SET organisation_id = :a WHERE organisation_id = :b"),
                {"a": a, "b": b},
            )
    assert "row-level security" in str(refused.value.orig)


@postgresql_only
@pytest.mark.parametrize("name", TENANT_TABLES)
async def test_under_b_updating_or_deleting_a_rows_touches_nothing(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    # Given A's rows, and one of their IDs
    target = await a_row(app_engine, name, a)
    async with as_app(app_engine, None, cross_tenant=True) as connection:
        before = await count(
            connection, f"SELECT count(*) FROM {name} WHERE organisation_id = :a", a=a
        )

    # When B's transaction updates and deletes A's rows, by tenant and by ID, and then
    # updates the whole table
    async with as_app(app_engine, b) as connection:
        of_b = await count(connection, f"SELECT count(*) FROM {name}")
        touched = [
            (await connection.execute(text(sql), {"a": a, "id": target["id"]})).rowcount
            for sql in (
                f"UPDATE {name} SET organisation_id = organisation_id WHERE organisation_id = :a",
                f"UPDATE {name} SET organisation_id = organisation_id WHERE id = :id",
                f"DELETE FROM {name} WHERE organisation_id = :a",
                f"DELETE FROM {name} WHERE id = :id",
            )
        ]
        everything = await connection.execute(
            text(f"UPDATE {name} SET organisation_id = organisation_id")
        )
        # (Reading through RLS in the same transaction, to see what those did to A.)
        await apply_row_security_context(connection, signed(None, cross_tenant=True))
        left = await count(
            connection, f"SELECT count(*) FROM {name} WHERE organisation_id = :a", a=a
        )

    # Then not one row of A was touched: "the whole table" was B's rows only
    assert touched == [0, 0, 0, 0]
    assert everything.rowcount == of_b
    assert left == before


@postgresql_only
@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET operation = 'x'", "DELETE FROM audit_event"]
)
@pytest.mark.parametrize("scope", ["own tenant", "cross-tenant scope"])
async def test_the_application_role_cannot_change_or_delete_audit_events(
    tenants: TwoTenants, app_engine: AsyncEngine, statement: str, scope: str
) -> None:
    b = tenants.b.organisation_id
    async with as_app(app_engine, b, cross_tenant=scope == "cross-tenant scope") as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(text(f"{statement} WHERE organisation_id = :b"), {"b": b})
    assert "permission denied" in str(refused.value.orig)


@postgresql_only
async def test_the_application_role_can_append_audit_events(
    tenants: TwoTenants, app_engine: AsyncEngine
) -> None:
    b = tenants.b.organisation_id
    async with as_app(app_engine, b) as connection:
        inserted = await connection.execute(
            text(
                "INSERT INTO audit_event (id, occurred_at, organisation_id, actor_label, operation,"
                " outcome, object_ids, request_id, ip_address)"
                " VALUES (:id, now(), :b, 'test', 'test.append', 'ok', '[]', '', '')"
            ),
            {"id": uuid.uuid4(), "b": b},
        )
    assert inserted.rowcount == 1


@postgresql_only
@pytest.mark.parametrize("name", [*TENANT_TABLES, "audit_event"])
def test_every_tenant_table_forces_row_level_security_with_a_policy(
    database_url: str, name: str
) -> None:
    ((enabled, forced),) = catalogue(
        database_url,
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class"
        " WHERE relname = :name AND relkind = 'r'",
        name=name,
    )
    policies = catalogue(
        database_url,
        "SELECT policyname, cmd, qual, with_check FROM pg_policies WHERE tablename = :name",
        name=name,
    )

    assert (enabled, forced) == (True, True)
    assert policies, f"{name} has no policy: with RLS forced, the application would see nothing"
    if name != "audit_event":
        # One policy for every command, filtering reads (USING) and writes (WITH CHECK).
        assert [(cmd, qual is not None, check is not None) for _, cmd, qual, check in policies] == [
            ("ALL", True, True)
        ]


@postgresql_only
def test_every_policy_believes_only_the_signed_context(database_url: str) -> None:
    policies = catalogue(
        database_url,
        "SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '')"
        " FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname",
    )
    # The audit log's append policy checks nothing: anyone may append (see docs/security.md).
    reading = [(t, p, e) for t, p, e in policies if p != "audit_append"]

    assert {t for t, _, _ in reading} >= {*TENANT_TABLES, "audit_event"}
    assert [(t, p) for t, p, e in reading if "current_setting" in e] == []
    assert [(t, p) for t, p, e in reading if "clea_rls." not in e] == []


@postgresql_only
def test_the_runtime_role_logs_in_owns_nothing_and_bypasses_nothing(database_url: str) -> None:
    role = make_url(database_url).username
    ((superuser, bypass, can_login, creates_roles, creates_databases),) = catalogue(
        database_url,
        "SELECT rolsuper, rolbypassrls, rolcanlogin, rolcreaterole, rolcreatedb"
        " FROM pg_roles WHERE rolname = :role",
        role=role,
    )
    owned = catalogue(
        database_url,
        "SELECT c.relname FROM pg_class c WHERE pg_get_userbyid(c.relowner) = :role"
        " UNION ALL SELECT p.proname FROM pg_proc p WHERE pg_get_userbyid(p.proowner) = :role"
        " UNION ALL SELECT n.nspname FROM pg_namespace n"
        " WHERE pg_get_userbyid(n.nspowner) = :role",
        role=role,
    )
    memberships = catalogue(
        database_url,
        "SELECT roleid::regrole::text FROM pg_auth_members WHERE member = CAST(:role AS regrole)",
        role=role,
    )
    tenant_owners = catalogue(
        database_url,
        "SELECT DISTINCT tableowner FROM pg_tables WHERE tablename = ANY(:names)",
        names=[*TENANT_TABLES, "audit_event"],
    )

    assert (superuser, bypass, can_login, creates_roles, creates_databases) == (
        False,
        False,
        True,
        False,
        False,
    )
    assert owned == []
    assert memberships == []
    assert role not in {owner for (owner,) in tenant_owners}


@postgresql_only
async def test_a_cross_tenant_read_in_one_resolver_does_not_lift_rls_for_its_sibling(
    tenants: TwoTenants,
) -> None:
    """GraphQL resolves sibling fields concurrently on one session (one transaction).

    ``{ loginOptions { … } sites { … } }`` is such a pair: ``loginOptions`` opens a
    cross-tenant scope (``system:login_options``) while ``sites`` runs. The scope must
    stay the sibling's own: layer 2 must still confine ``sites`` to B.
    """
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    actor = Actor(
        organisation_id=b, user_id=tenants.b.admin_user_id, roles=frozenset({"org_admin"})
    )
    scope_open = asyncio.Event()
    sibling_done = asyncio.Event()

    async with tenants.sessions() as session:
        with acting_as(actor):

            async def resolver_reading_cross_tenant() -> None:
                async with cross_tenant_reads(session, "system:login_options"):
                    await session.execute(select(Organisation.id).limit(1))
                    scope_open.set()
                    await sibling_done.wait()

            async def sibling_resolver_of_b() -> int:
                await scope_open.wait()
                # Raw SQL: only row-level security stands between B and A's sites here.
                seen = await session.scalar(
                    text("SELECT count(*) FROM site WHERE organisation_id = :a"), {"a": a}
                )
                sibling_done.set()
                return int(seen or 0)

            # Given one resolver holds a cross-tenant scope
            # When its sibling, acting for B, reads A's sites with raw SQL
            _, seen = await asyncio.gather(resolver_reading_cross_tenant(), sibling_resolver_of_b())
        await session.rollback()

    # Then it sees none
    assert seen == 0, "B's resolver saw A's sites while a sibling held a cross-tenant scope"


# ---------------------------------------------------------------- layer 3, both databases


@pytest.mark.parametrize("name", TENANT_TABLES)
def test_organisation_id_leads_the_primary_key(database_url: str, name: str) -> None:
    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect() as connection:
            migrated = inspect(connection).get_pk_constraint(name)["constrained_columns"]
    finally:
        engine.dispose()
    modelled = [column.name for column in table(name).primary_key.columns]

    assert modelled[0] == "organisation_id"
    assert migrated == modelled


@pytest.mark.parametrize("name", TENANT_TABLES)
def test_references_between_tenant_tables_include_the_organisation(name: str) -> None:
    # A foreign key from one tenant table to another must pair organisation_id with
    # organisation_id: then a row can only ever point at a row of its own tenant.
    for foreign_key in table(name).foreign_key_constraints:
        if foreign_key.referred_table.name not in TENANT_TABLES:
            continue
        pairs = {(e.parent.name, e.column.name) for e in foreign_key.elements}
        assert ("organisation_id", "organisation_id") in pairs, foreign_key.name


def test_every_table_with_an_organisation_is_a_tenant_model_or_says_why_not() -> None:
    with_organisation = {
        name for name, t in Base.metadata.tables.items() if "organisation_id" in t.columns
    }
    assert sorted(with_organisation - set(TENANT_TABLES)) == sorted(NOT_TENANT_MODELS)


CROSS_TENANT_REFERENCES = [
    pytest.param(name, foreign_key.name, id=str(foreign_key.name))
    for name in TENANT_TABLES
    for foreign_key in table(name).foreign_key_constraints
    if foreign_key.referred_table.name in TENANT_TABLES
]


@pytest.mark.parametrize(("name", "constraint"), CROSS_TENANT_REFERENCES)
async def test_a_row_of_b_cannot_point_at_a_parent_row_of_a(
    tenants: TwoTenants, app_engine: AsyncEngine, name: str, constraint: str
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    foreign_key = next(fk for fk in table(name).foreign_key_constraints if fk.name == constraint)
    parent = foreign_key.referred_table.name
    # Given a new row of B, and A's parent row it will try to point at
    row = fresh_copy(name, await a_row(app_engine, name, b), b)
    a_parent = await a_row(app_engine, parent, a)
    pointing_at_a = dict(row)
    for element in foreign_key.elements:
        if element.parent.name != "organisation_id":
            pointing_at_a[element.parent.name] = a_parent[element.column.name]

    # When B inserts it pointing at A's parent row
    async with as_app(app_engine, b) as connection:
        with pytest.raises(IntegrityError) as refused:
            await connection.execute(insert(table(name)).values(**pointing_at_a))

    # Then the composite foreign key refuses it: (B, A's ID) is no row of the parent
    assert "foreign key" in str(refused.value.orig).lower()
