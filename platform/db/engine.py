"""Database engines and sessions: async on the request path, sync for migrations and tools."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from clea_platform.core.config import Settings
from clea_platform.db.context_signature import derive_key
from clea_platform.db.roles import DEVELOPMENT_ROLE
from clea_platform.tenants.scoping import CONTEXT_KEY, rls_statement_if_stale  # + the hooks


def public_url(url: str) -> str:
    """The URL with its password masked, fit for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def sync_url(url: str) -> str:
    """The synchronous flavour of an async URL (psycopg 3 serves both)."""
    return url.replace("sqlite+aiosqlite://", "sqlite://", 1)


#: How long a SQLite connection waits for another connection's write lock before giving up
#: with "database is locked" (the connection's ``busy_timeout``, and aiosqlite's ``timeout``).
SQLITE_BUSY_TIMEOUT_SECONDS = 5.0
#: Execution option set by :func:`begin_writing`: the transaction is a writer from its start.
WRITE_AT_ONCE = "clea_write_at_once"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINTs (a RELEASE would commit):
        # it is switched off and SQLAlchemy emits BEGIN itself (SQLAlchemy's recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked, per connection.
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the write lock at once (waiting for it up to the busy timeout):
        # a deferred transaction that has read cannot write once another connection has
        # committed, and SQLite then refuses at once, without waiting.
        immediate = connection.get_execution_options().get(WRITE_AT_ONCE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sign_contexts_with(engine: Engine, key: bytes) -> None:
    """Every connection carries the key that signs its transactions' contexts."""

    @event.listens_for(engine, "connect")
    def _on_connect(_dbapi_connection: Any, record: Any) -> None:
        record.info[CONTEXT_KEY] = key


def _drop_privileges(engine: Engine) -> None:
    """Development with one URL: a connection logged in as the owner (or a superuser)
    drops to the database's runtime role, ``<database>_app``, when it may.

    ``RESET ROLE`` would undo it from SQL, which is why production refuses to start
    this way (``clea_platform.db.roles.check_runtime_role``).
    """
    quote = engine.dialect.identifier_preparer.quote

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Outside a transaction, so a later rollback cannot undo it.
        dbapi_connection.autocommit = True
        cursor = dbapi_connection.cursor()
        cursor.execute(DEVELOPMENT_ROLE)
        if (row := cursor.fetchone()) is not None:
            cursor.execute(f"SET ROLE {quote(row[0])}")
        cursor.close()
        dbapi_connection.autocommit = False


def create_engine_for(settings: Settings, **kwargs: Any) -> AsyncEngine:
    """The async engine of the request path (on PostgreSQL, as the runtime role)."""
    if settings.is_sqlite:
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, **kwargs.pop("connect_args", {})}
        kwargs["connect_args"] = connect_args
    elif settings.database_pooling == "transaction":
        # Behind PgBouncer in transaction pooling, consecutive transactions may run on
        # different server connections: no server-side prepared statement (psycopg
        # prepares a query after 5 runs) and no session-level SET may outlive one.
        kwargs["connect_args"] = {"prepare_threshold": None, **kwargs.get("connect_args", {})}
    return _configured(create_async_engine(settings.database_url, **kwargs), settings)


def create_replica_engine_for(settings: Settings, **kwargs: Any) -> AsyncEngine | None:
    """The engine of ``CLEA_REPLICA_DATABASE_URL`` (statistics and exports), if any."""
    if not settings.replica_database_url or settings.is_sqlite:
        return None
    if settings.database_pooling == "transaction":
        kwargs["connect_args"] = {"prepare_threshold": None, **kwargs.get("connect_args", {})}
    return _configured(create_async_engine(settings.replica_database_url, **kwargs), settings)


def _configured(engine: AsyncEngine, settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        _configure_sqlite(engine.sync_engine)
        return engine
    _sign_contexts_with(engine.sync_engine, derive_key(settings.secret_key))
    # Through PgBouncer in transaction pooling the runtime role logs in itself: a SET ROLE
    # would stay on one server connection and miss the next transaction's.
    if settings.database_pooling != "transaction":
        _drop_privileges(engine.sync_engine)
    return engine


def create_sync_engine_for(url: str, **kwargs: Any) -> Engine:
    """A synchronous engine for migrations, the CLI's checks and tests."""
    engine = create_engine(sync_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


class SerializedSession(AsyncSession):
    """An AsyncSession whose operations never overlap.

    GraphQL resolves sibling fields and DataLoader batches concurrently, but one
    session (one connection) can run one statement at a time: each operation waits
    for the previous one instead of failing with "concurrent operations are not
    permitted".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._operation_lock = asyncio.Lock()

    async def _follow_caller_tenant(self) -> None:
        stale = rls_statement_if_stale(self.sync_session)
        if stale is not None:
            await super().execute(text(stale[0]), stale[1])

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        async with self._operation_lock:
            await self._follow_caller_tenant()
            return await super().execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        async with self._operation_lock:
            await self._follow_caller_tenant()
            return await super().scalar(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        async with self._operation_lock:
            await self._follow_caller_tenant()
            return await super().get(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        async with self._operation_lock:
            await self._follow_caller_tenant()
            await super().flush(*args, **kwargs)

    async def commit(self) -> None:
        async with self._operation_lock:
            await self._follow_caller_tenant()
            await super().commit()

    async def rollback(self) -> None:
        async with self._operation_lock:
            await super().rollback()

    async def delete(self, instance: object) -> None:
        async with self._operation_lock:
            await super().delete(instance)


async def begin_writing(session: AsyncSession) -> None:
    """Begin the session's next transaction as a writer (call it before the first statement).

    On SQLite it is ``BEGIN IMMEDIATE``: the transaction waits (up to
    :data:`SQLITE_BUSY_TIMEOUT_SECONDS`) while another connection writes, then holds the
    write lock until it ends, so that what it read stays current and its writes cannot be
    refused as stale. Keep such transactions short. On PostgreSQL, an ordinary transaction.
    """
    await session.connection(execution_options={WRITE_AT_ONCE: True})


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=SerializedSession, expire_on_commit=False)


async def ping(engine: AsyncEngine) -> None:
    """One round trip to the database (``/healthz``); raises when it does not answer."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
