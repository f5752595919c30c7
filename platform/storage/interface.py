"""The file store's interface (``put``/``get`` by key) and the choice by the settings."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.config import Settings
from clea_platform.storage.database import DatabaseFileStore
from clea_platform.storage.local import LocalFileStore


class FileStore(Protocol):
    """Files by key (``<area>/<name>``, e.g. ``accreditations/<sha256>.pdf``)."""

    async def put(self, session: AsyncSession, key: str, content: bytes) -> None:
        """Store ``content`` under ``key`` (writing the same key again replaces it)."""

    async def get(self, session: AsyncSession, key: str) -> bytes:
        """The content under ``key``; ``FileNotFoundError`` when there is none."""


def file_store(settings: Settings) -> FileStore:
    """The store ``CLEA_STORAGE`` names (``local`` by default)."""
    if settings.storage == "postgresql":
        return DatabaseFileStore()
    return LocalFileStore(settings.data_dir / "documents")
