"""Alembic environment: one migration history for SQLite and PostgreSQL.

Run through :mod:`clea_platform.db.migrate` (``clea db upgrade``), which passes the
database URL in ``config.attributes``; there is no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.models import Base

config = context.config
connection = config.attributes.get("connection")


def run_migrations(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: batch mode recreates tables instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run_migrations(connection)
else:
    engine = create_sync_engine_for(config.attributes["database_url"])
    try:
        with engine.connect() as conn:
            run_migrations(conn)
    finally:
        engine.dispose()
