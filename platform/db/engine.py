"""Database engines and sessions: async on the request path, sync for migrations and tools."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from clea_platform.core.config import Settings


def public_url(url: str) -> str:
    """The URL with its password masked, fit for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def sync_url(url: str) -> str:
    """The synchronous flavour of an async URL (psycopg 3 serves both)."""
    return url.replace("sqlite+aiosqlite://", "sqlite://", 1)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked, per connection.
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.close()


def create_engine_for(settings: Settings, **kwargs: Any) -> AsyncEngine:
    """The async engine of the request path."""
    engine = create_async_engine(settings.database_url, **kwargs)
    if settings.is_sqlite:
        _configure_sqlite(engine.sync_engine)
    return engine


def create_sync_engine_for(url: str, **kwargs: Any) -> Engine:
    """A synchronous engine for migrations, the CLI's checks and tests."""
    engine = create_engine(sync_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
