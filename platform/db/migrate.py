"""Running the Alembic migrations programmatically (``clea db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from clea_platform.core.errors import DatabaseUnavailableError
from clea_platform.db.engine import create_sync_engine_for, public_url

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    return config


def ensure_sqlite_directory(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def check_connection(database_url: str) -> None:
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
            hint="Vérifiez CLEA_DATABASE_URL et que le serveur de base de données est démarré.",
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


def upgrade(database_url: str, revision: str = "head") -> None:
    check_connection(database_url)
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    check_connection(database_url)
    command.downgrade(alembic_config(database_url), revision)
