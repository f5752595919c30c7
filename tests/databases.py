"""Creating and dropping the throw-away databases the tests run on.

``CLEA_TEST_DATABASE`` picks the engine (``sqlite``, the default, or ``postgresql``);
``CLEA_TEST_POSTGRES_URL`` points at the PostgreSQL server (default: the local one,
user ``postgres``). Every database made here is dropped at the end of the run.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def engine_under_test() -> str:
    engine = os.environ.get("CLEA_TEST_DATABASE", "sqlite")
    if engine not in ("sqlite", "postgresql"):
        raise ValueError(f"CLEA_TEST_DATABASE must be sqlite or postgresql, not {engine!r}")
    return engine


def postgres_server_url() -> str:
    return os.environ.get("CLEA_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextmanager
def throwaway_database(tmp_dir: Path) -> Iterator[str]:
    """Yield the async URL of a new empty database, dropped afterwards."""
    name = f"clea_test_{os.getpid()}_{secrets.token_hex(4)}"
    if engine_under_test() == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_dir / (name + '.sqlite3')}"
        return
    server = make_url(postgres_server_url()).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
