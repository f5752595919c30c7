"""The two roles of a PostgreSQL database: what ``clea db upgrade`` sets up, and when the
server refuses to start.

The owner (``CLEA_MIGRATION_DATABASE_URL``) migrates; the runtime login role
(``CLEA_DATABASE_URL``) serves, with row privileges only. See docs/security.md.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clea_platform.cli.main import main
from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError, DatabaseRoleError
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.migrate import pending_migrations, upgrade
from clea_platform.db.roles import runtime_role
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import create_app
from tests.databases import ThrowawayDatabase
from tests.isolation.raw_sql import catalogue, postgresql_only


async def started_as(settings: Settings, registry: CertificationRegistry) -> tuple[str, str]:
    """Start the app; the (login, acting) roles of its engine's connections."""
    app = create_app(settings, registry)
    async with app.router.lifespan_context(app), app.state.engine.connect() as connection:
        login, acting = (await connection.execute(text("SELECT session_user, current_user"))).one()
    return login, acting


def as_superuser(database: ThrowawayDatabase, statement: str) -> None:
    engine = create_sync_engine_for(database.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def role_of(url: str) -> str:
    name = make_url(url).username
    assert name is not None
    return name


TABLE_PRIVILEGES = [
    ("site", "SELECT", True),
    ("site", "INSERT", True),
    ("site", "UPDATE", True),
    ("site", "DELETE", True),
    ("site", "TRUNCATE", False),
    ("site", "REFERENCES", False),
    ("site", "TRIGGER", False),
    ("audit_event", "SELECT", True),
    ("audit_event", "INSERT", True),
    ("audit_event", "UPDATE", False),
    ("audit_event", "DELETE", False),
    ("alembic_version", "SELECT", True),
    ("alembic_version", "UPDATE", False),
    ("clea_rls.context_key", "SELECT", False),
    ("procrastinate.procrastinate_jobs", "INSERT", True),
]
COLUMN_PRIVILEGES = [
    ("user_account", "email", "SELECT", True),
    ("user_account", "password_hash", "SELECT", False),
    ("user_account", "password_hash", "UPDATE", True),
    ("api_key", "prefix", "SELECT", True),
    ("api_key", "key_hash", "SELECT", False),
    ("signing_key", "public_jwk", "SELECT", True),
    ("signing_key", "private_key_encrypted", "SELECT", False),
]


@postgresql_only
@pytest.mark.parametrize(("table", "privilege", "granted"), TABLE_PRIVILEGES)
def test_the_runtime_role_may_work_on_rows_and_nothing_more(
    migrated_database: ThrowawayDatabase, table: str, privilege: str, granted: bool
) -> None:
    ((held,),) = catalogue(
        migrated_database.admin_url,
        "SELECT has_table_privilege(:role, :table, :privilege)",
        role=role_of(migrated_database.url),
        table=table,
        privilege=privilege,
    )
    assert held is granted


@postgresql_only
@pytest.mark.parametrize(("table", "column", "privilege", "granted"), COLUMN_PRIVILEGES)
def test_the_runtime_role_may_write_credentials_but_never_read_them(
    migrated_database: ThrowawayDatabase, table: str, column: str, privilege: str, granted: bool
) -> None:
    ((held,),) = catalogue(
        migrated_database.admin_url,
        "SELECT has_column_privilege(:role, :table, :column, :privilege)",
        role=role_of(migrated_database.url),
        table=table,
        column=column,
        privilege=privilege,
    )
    assert held is granted


@postgresql_only
def test_the_shared_role_of_old_loses_its_privileges_in_the_database(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings
) -> None:
    # Given a database migrated before 0015, where `clea_app` could read the tables
    upgrade(fresh_settings, "0014")
    existed = catalogue(
        fresh_database.admin_url, "SELECT 1 FROM pg_roles WHERE rolname = 'clea_app'"
    )
    if not existed:
        as_superuser(fresh_database, "CREATE ROLE clea_app NOLOGIN")
    as_superuser(fresh_database, "GRANT SELECT, INSERT ON site, user_account TO clea_app")
    try:
        # When it is migrated to the latest revision
        upgrade(fresh_settings)
        held = catalogue(
            fresh_database.admin_url,
            "SELECT has_table_privilege('clea_app', 'site', 'SELECT'),"
            " has_table_privilege('clea_app', 'user_account', 'INSERT')",
        )
    finally:
        if not existed:
            as_superuser(fresh_database, "DROP OWNED BY clea_app")
            as_superuser(fresh_database, "DROP ROLE clea_app")
    # Then `clea_app` may do nothing there any more
    assert held == [(False, False)]


@postgresql_only
def test_upgrade_refuses_a_runtime_role_that_could_lift_isolation(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings
) -> None:
    # Given CLEA_DATABASE_URL naming the server's superuser
    superuser = dataclasses.replace(fresh_settings, database_url=fresh_database.admin_url)

    with pytest.raises(DatabaseRoleError) as refused:
        upgrade(superuser)

    assert "est superutilisateur" in refused.value.message
    assert refused.value.hint is not None
    assert "CLEA_MIGRATION_DATABASE_URL" in refused.value.hint


@postgresql_only
def test_upgrade_says_how_to_create_the_runtime_role_when_the_owner_cannot(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings
) -> None:
    # Given an owner that may not create roles
    owner, runtime = role_of(fresh_database.migration_url), role_of(fresh_database.url)
    as_superuser(fresh_database, f'ALTER ROLE "{owner}" NOCREATEROLE')

    # When the database is upgraded, then the operator is told what to create
    with pytest.raises(DatabaseRoleError) as refused:
        upgrade(fresh_settings)
    assert f"« {runtime} »" in refused.value.message
    assert refused.value.hint is not None
    assert "CREATE ROLE" in refused.value.hint

    # And once the role exists, the same command finishes the job
    as_superuser(fresh_database, f'CREATE ROLE "{runtime}" LOGIN')
    upgrade(fresh_settings)
    assert not pending_migrations(fresh_database.url)


@postgresql_only
@pytest.mark.parametrize(
    ("login", "reason"),
    [("admin_url", "est superutilisateur"), ("migration_url", "possède les tables")],
)
async def test_in_production_the_server_refuses_a_login_that_could_lift_isolation(
    migrated_database: ThrowawayDatabase,
    settings: Settings,
    registry: CertificationRegistry,
    login: str,
    reason: str,
) -> None:
    production = dataclasses.replace(
        settings,
        env="production",
        database_url=getattr(migrated_database, login),
        migration_database_url="",
    )

    with pytest.raises(DatabaseRoleError) as refused:
        await started_as(production, registry)

    assert reason in refused.value.message
    assert refused.value.hint is not None
    assert "rôle d'exécution" in refused.value.hint


@postgresql_only
async def test_in_production_the_server_refuses_a_runtime_role_that_reads_every_table(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings, registry: CertificationRegistry
) -> None:
    # Given a runtime role an administrator let read everything (the key, the hashes)
    upgrade(fresh_settings)
    as_superuser(fresh_database, f'GRANT pg_read_all_data TO "{role_of(fresh_database.url)}"')
    production = dataclasses.replace(fresh_settings, env="production", migration_database_url="")

    with pytest.raises(DatabaseRoleError) as refused:
        await started_as(production, registry)

    assert "peut lire la clé des contextes signés" in refused.value.message


@postgresql_only
async def test_in_production_the_server_needs_only_the_runtime_url(
    migrated_database: ThrowawayDatabase, settings: Settings, registry: CertificationRegistry
) -> None:
    production = dataclasses.replace(settings, env="production", migration_database_url="")

    login, acting = await started_as(production, registry)

    runtime = role_of(migrated_database.url)
    assert (login, acting) == (runtime, runtime)


@postgresql_only
async def test_in_development_one_superuser_url_drops_to_the_database_runtime_role(
    migrated_database: ThrowawayDatabase, settings: Settings, registry: CertificationRegistry
) -> None:
    one_url = dataclasses.replace(
        settings, database_url=migrated_database.admin_url, migration_database_url=""
    )

    login, acting = await started_as(one_url, registry)

    database = make_url(migrated_database.url).database
    assert (login, acting) == (role_of(migrated_database.admin_url), f"{database}_app")


@postgresql_only
async def test_a_server_with_another_secret_starts_once_upgrade_installed_its_key(
    fresh_settings: Settings, registry: CertificationRegistry
) -> None:
    # Given a database upgraded with one CLEA_SECRET_KEY
    upgrade(fresh_settings)
    other = dataclasses.replace(fresh_settings, secret_key="another-secret-" + "k" * 48)

    # When a server with another secret starts, then it is refused
    with pytest.raises(ConfigurationError) as refused:
        await started_as(other, registry)
    assert "un autre CLEA_SECRET_KEY" in refused.value.message

    # And `clea db upgrade` with the server's secret lets it start
    upgrade(other)
    assert await started_as(other, registry)


def test_migrating_in_production_needs_the_owner_url(settings: Settings) -> None:
    production = dataclasses.replace(
        settings,
        env="production",
        database_url="postgresql+psycopg://clea_app@127.0.0.1:1/clea",
        migration_database_url="",
    )

    with pytest.raises(ConfigurationError, match="CLEA_MIGRATION_DATABASE_URL est obligatoire"):
        upgrade(production)


def test_clea_db_upgrade_migrates_as_the_owner_for_the_runtime_role(
    fresh_database: ThrowawayDatabase,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the two URLs in the environment, as an operator sets them
    for name, value in fresh_database.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLEA_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("CLEA_DATA_DIR", str(settings.data_dir))

    # When `clea db upgrade` runs
    assert main(["db", "upgrade"]) == 0

    # Then the runtime role finds the database up to date
    assert not pending_migrations(fresh_database.url)


@pytest.mark.parametrize(
    ("runtime", "owner", "expected"),
    [
        ("postgresql://clea_app@db/clea", "postgresql://clea_owner@db/clea", ("clea_app", True)),
        ("postgresql://clea@db/clea", "", ("clea_app", False)),
        ("postgresql://clea@db/clea", "postgresql://clea@db/clea", ("clea_app", False)),
        ("postgresql://srv@db/prod", "postgresql://clea_owner@db/prod", ("srv", True)),
    ],
)
def test_the_runtime_role_is_the_runtime_url_user_or_else_the_database_app_role(
    settings: Settings, runtime: str, owner: str, expected: tuple[str, bool]
) -> None:
    described = dataclasses.replace(settings, database_url=runtime, migration_database_url=owner)

    role = runtime_role(described)

    assert (role.name, role.logs_in) == expected


def test_a_runtime_url_without_a_role_beside_an_owner_url_is_refused(settings: Settings) -> None:
    described = dataclasses.replace(
        settings,
        database_url="postgresql://db/clea",
        migration_database_url="postgresql://clea_owner@db/clea",
    )

    with pytest.raises(ConfigurationError, match="ne nomme pas son rôle"):
        runtime_role(described)


@postgresql_only
def test_upgrade_refuses_a_runtime_role_that_cannot_log_in(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings
) -> None:
    # Given a runtime role created beforehand without LOGIN (as `clea_app` of old was)
    runtime = role_of(fresh_database.url)
    as_superuser(fresh_database, f'CREATE ROLE "{runtime}" NOLOGIN')

    with pytest.raises(DatabaseRoleError) as refused:
        upgrade(fresh_settings)

    assert "ne peut pas se connecter" in refused.value.message
    assert "LOGIN" in str(refused.value.hint)
