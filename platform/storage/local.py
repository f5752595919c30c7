"""Files in a folder of this machine (the default; one app node, or a shared volume)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then renamed: a crash never leaves half a file under its key.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(content)
    os.replace(handle.name, path)


class LocalFileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        parts = key.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"invalid file key: {key!r}")
        return self.root.joinpath(*parts)

    async def put(self, session: AsyncSession, key: str, content: bytes) -> None:
        await asyncio.to_thread(_write, self.path(key), content)

    async def get(self, session: AsyncSession, key: str) -> bytes:
        return await asyncio.to_thread(self.path(key).read_bytes)
