"""Where supporting documents live: in the platform's file store, by content hash.

Files are named after their SHA-256, so the same PDF uploaded twice is stored once and
a stored file can be checked against its recorded hash. The file store is the one
``CLEA_STORAGE`` names (``clea_platform.storage``): a folder under the data directory
(``documents/accreditations/``) or the database, which every app node shares.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.core.config import Settings
from clea_platform.storage.interface import FileStore, file_store

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def pdf_problem(content: bytes) -> str | None:
    """Why ``content`` is not a PDF, judged by its bytes (never by a file name)."""
    if len(content) > MAX_DOCUMENT_BYTES:
        return f"Le document dépasse {MAX_DOCUMENT_BYTES // (1024 * 1024)} Mo : réduisez-le."
    # The header may follow a few junk bytes; the trailer closes the last update.
    if b"%PDF-" not in content[:1024] or b"%%EOF" not in content[-1024:]:
        return "Le document n'est pas un PDF valide : seuls les fichiers PDF sont acceptés."
    return None


def check_pdf(content: bytes) -> None:
    if problem := pdf_problem(content):
        code = (
            AccreditationErrorCode.TOO_LARGE
            if len(content) > MAX_DOCUMENT_BYTES
            else AccreditationErrorCode.NOT_A_PDF
        )
        raise AccreditationError(code, problem, field="document")


class DocumentStore:
    """Supporting PDFs by SHA-256 in a :class:`~clea_platform.storage.interface.FileStore`."""

    def __init__(self, files: FileStore) -> None:
        self.files = files

    @staticmethod
    def key(sha256: str) -> str:
        # The layout of the former disk store: files already on disk keep their place.
        return f"accreditations/{sha256[:2]}/{sha256}.pdf"

    async def put(self, session: AsyncSession, content: bytes) -> str:
        sha256 = hashlib.sha256(content).hexdigest()
        await self.files.put(session, self.key(sha256), content)
        return sha256

    async def get(self, session: AsyncSession, sha256: str) -> bytes:
        return await self.files.get(session, self.key(sha256))


def document_store(settings: Settings) -> DocumentStore:
    return DocumentStore(file_store(settings))
