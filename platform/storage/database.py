"""Files in the database (``CLEA_STORAGE=postgresql``): every app node sees them.

A ``bytea`` row per key, written in the caller's transaction. Not large objects: their
handles and privileges are per session and their orphans need ``vacuumlo``; a bounded
document (10 MB at most) fits a ``bytea`` value, and a plain row replicates to a standby,
is in every ``pg_dump`` and goes through PgBouncer in transaction pooling unchanged.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.db.base import utcnow
from clea_platform.storage.models import StoredFile


class DatabaseFileStore:
    async def put(self, session: AsyncSession, key: str, content: bytes) -> None:
        stored = await session.get(StoredFile, key)
        if stored is None:
            stored = StoredFile(key=key)
            session.add(stored)
        stored.content = content
        stored.size = len(content)
        stored.stored_at = utcnow()
        await session.flush()

    async def get(self, session: AsyncSession, key: str) -> bytes:
        content = await session.scalar(select(StoredFile.content).where(StoredFile.key == key))
        if content is None:
            raise FileNotFoundError(key)
        return bytes(content)
