"""Creating and dropping the throw-away databases the tests run on.

``CLEA_TEST_DATABASE`` picks the engine (``sqlite``, the default, or ``postgresql``);
``CLEA_TEST_POSTGRES_URL`` points at the PostgreSQL server (default: the local one,
user ``postgres``). Every database made here is dropped at the end of the run.

On PostgreSQL each database comes with the two roles of a real deployment, named after
it (roles belong to the whole server: parallel runs must not share them): the owner
``<database>_owner`` (no superuser; ``CREATEROLE`` so that ``clea db upgrade`` creates
the runtime role) and the runtime login role ``<database>_app``, which the application
connects as. Both are dropped with the database. The local server trusts connections
from 127.0.0.1, so the roles have no password.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from clea_platform.core.config import Pooling, Settings

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def engine_under_test() -> str:
    engine = os.environ.get("CLEA_TEST_DATABASE", "sqlite")
    if engine not in ("sqlite", "postgresql"):
        raise ValueError(f"CLEA_TEST_DATABASE must be sqlite or postgresql, not {engine!r}")
    return engine


def pooling() -> Pooling:
    """``transaction`` when ``CLEA_TEST_POSTGRES_URL`` is a PgBouncer in transaction pooling
    (``make test-pgbouncer`` sets ``CLEA_DATABASE_POOLING=transaction``)."""
    if os.environ.get("CLEA_DATABASE_POOLING", "").strip() == "transaction":
        return "transaction"
    return "session"


def postgres_server_url() -> str:
    return os.environ.get("CLEA_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@dataclass(frozen=True)
class ThrowawayDatabase:
    """One test database and the URLs of its roles (on SQLite, three times the same)."""

    url: str
    """The application's: the runtime login role (``CLEA_DATABASE_URL``)."""
    migration_url: str
    """The tables' owner's (``CLEA_MIGRATION_DATABASE_URL``)."""
    admin_url: str
    """The server's superuser's, for the tests that must look past row-level security."""

    def settings(self, base: Settings) -> Settings:
        """``base`` pointed at this database."""
        migration_url = "" if self.migration_url == self.url else self.migration_url
        return dataclasses.replace(
            base,
            database_url=self.url,
            migration_database_url=migration_url,
            database_pooling=pooling(),
        )

    def environ(self) -> dict[str, str]:
        """The variables that point a ``clea`` command at this database."""
        return {
            "CLEA_DATABASE_URL": self.url,
            "CLEA_MIGRATION_DATABASE_URL": self.migration_url,
            "CLEA_DATABASE_POOLING": pooling(),
        }


@contextmanager
def throwaway_database(tmp_dir: Path) -> Iterator[ThrowawayDatabase]:
    """Yield a new empty database (and, on PostgreSQL, its owner), dropped afterwards."""
    name = f"clea_test_{os.getpid()}_{secrets.token_hex(4)}"
    if engine_under_test() == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_dir / (name + '.sqlite3')}"
        yield ThrowawayDatabase(url=url, migration_url=url, admin_url=url)
        return
    server = make_url(postgres_server_url()).set(drivername="postgresql+psycopg")
    owner, runtime = f"{name}_owner", f"{name}_app"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE ROLE "{owner}" LOGIN CREATEROLE'))
            connection.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
        database = server.set(database=name)
        yield ThrowawayDatabase(
            url=_render(database.set(username=runtime, password=None)),
            migration_url=_render(database.set(username=owner, password=None)),
            admin_url=_render(database),
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{runtime}"'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        admin.dispose()


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)
