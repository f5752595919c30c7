"""One migration history for SQLite and PostgreSQL, in step with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.migrate import downgrade, pending_migrations, upgrade
from clea_platform.db.models import Base
from tests.databases import ThrowawayDatabase


def table_names(url: str) -> set[str]:
    engine = create_sync_engine_for(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_run_up_down_and_up_again(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings
) -> None:
    owner = fresh_database.migration_url
    # Given an empty database
    assert pending_migrations(owner)

    # When migrated up, down to nothing, and up again
    upgrade(fresh_settings)
    assert table_names(owner) == set(Base.metadata.tables)
    downgrade(fresh_settings, "base")
    assert table_names(owner) == set()
    upgrade(fresh_settings)

    # Then it is at the latest revision, also as the application sees it
    assert not pending_migrations(owner)
    assert not pending_migrations(fresh_database.url)


def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()

    assert differences == []
