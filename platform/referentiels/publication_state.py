"""What a kept public response depends on: the référentiel versions and their statuses.

The kept responses of public, immutable reads (``web/public_responses.py``) are stamped
with this state and served only while it is unchanged, so it is read on every such
request: one statement outside any transaction and tenant context (the référentiels are
not tenant data). On PostgreSQL it goes through one connection of its own per process
(autocommit, as the request path's role), about 0.05 ms of CPU against 0.3 ms through
SQLAlchemy's pool; on SQLite through the engine.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from clea_platform.db.roles import DEVELOPMENT_ROLE

logger = logging.getLogger(__name__)

STATEMENT = "SELECT id, status FROM referentiel_version ORDER BY id"

#: (version id, status) of every référentiel version, in id order.
PublicationState = tuple[tuple[str, str], ...]


class PublicationStateReader:
    """Reads the publication state (:data:`STATEMENT`) on a connection kept for it."""

    def __init__(self, engine: AsyncEngine, *, pooling: str = "session") -> None:
        self.engine = engine
        self.pooling = pooling
        self._connection: psycopg.AsyncConnection[Any] | None = None

    async def read(self) -> PublicationState:
        if self.engine.dialect.name != "postgresql":
            async with self.engine.connect() as connection:
                rows = (await connection.execute(text(STATEMENT))).all()
            return tuple((str(row[0]), str(row[1])) for row in rows)
        if self._connection is None or self._connection.closed:
            self._connection = await self._connect()
        async with self._connection.cursor() as cursor:
            await cursor.execute(STATEMENT)
            rows = await cursor.fetchall()
        return tuple((str(row[0]), str(row[1])) for row in rows)

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        transaction_pooling = self.pooling == "transaction"
        connection = await psycopg.AsyncConnection.connect(
            url, autocommit=True, prepare_threshold=None if transaction_pooling else 0
        )
        if not transaction_pooling:
            # As the request path's connections (``db.engine._drop_privileges``).
            async with connection.cursor() as cursor:
                await cursor.execute(DEVELOPMENT_ROLE)
                row = await cursor.fetchone()
                if row is not None:
                    await cursor.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(row[0])))
        return connection

    async def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.close()
            except Exception:  # already broken
                logger.debug("publication state: closing a broken connection", exc_info=True)
