"""Running the Alembic migrations programmatically (``clea db upgrade``).

Migrations run as the tables' owner (``CLEA_MIGRATION_DATABASE_URL``, by default
``CLEA_DATABASE_URL``); on PostgreSQL the runtime role is then set up
(:mod:`clea_platform.db.provisioning`).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError, DatabaseUnavailableError
from clea_platform.db.engine import create_sync_engine_for, public_url
from clea_platform.db.provisioning import provision

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str, secret_key: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    # Data migrations that encrypt or decrypt under CLEA_SECRET_KEY (0029: webhook secrets).
    config.attributes["secret_key"] = secret_key
    return config


def ensure_sqlite_directory(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def check_connection(database_url: str, variable: str = "CLEA_DATABASE_URL") -> None:
    """Raise one clear French error, naming the URL without its password, if unreachable."""
    ensure_sqlite_directory(database_url)
    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "connexion refusée"
        raise DatabaseUnavailableError(
            f"Base de données injoignable : {public_url(database_url)} ({reason}).",
            hint=f"Vérifiez {variable} et que le serveur de base de données est démarré.",
        ) from None
    finally:
        engine.dispose()


def pending_migrations(database_url: str) -> bool:
    """True when the database is not at the latest migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(database_url)).get_heads())
    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    return current != heads


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Migrate as the tables' owner, then (PostgreSQL) set up the runtime role."""
    url = _owner_url(settings)
    check_connection(url, "CLEA_MIGRATION_DATABASE_URL")
    command.upgrade(alembic_config(url, settings.secret_key), revision)
    if settings.is_sqlite:
        return
    engine = create_sync_engine_for(url)
    try:
        with engine.begin() as connection:
            provision(connection, settings)
    finally:
        engine.dispose()


def downgrade(settings: Settings, revision: str) -> None:
    url = _owner_url(settings)
    check_connection(url, "CLEA_MIGRATION_DATABASE_URL")
    command.downgrade(alembic_config(url, settings.secret_key), revision)


def _owner_url(settings: Settings) -> str:
    if settings.is_production and not settings.is_sqlite and not settings.migration_database_url:
        raise ConfigurationError(
            "CLEA_MIGRATION_DATABASE_URL est obligatoire pour migrer quand CLEA_ENV=production : "
            "les migrations s'exécutent avec le propriétaire des tables, pas avec le rôle "
            "d'exécution de CLEA_DATABASE_URL.",
            hint="Définissez CLEA_MIGRATION_DATABASE_URL (voir docs/security.md, "
            "« Deploying on PostgreSQL »).",
        )
    return settings.owner_database_url
