"""Where supporting documents live: on disk under the data directory, by content hash.

Files are named after their SHA-256, so the same PDF uploaded twice is stored once and
a stored file can be checked against its recorded hash. An S3-compatible store can
replace :class:`DiskDocumentStore` later: the rest of the context only calls ``put``
and ``get``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode

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


class DiskDocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def put(self, content: bytes) -> str:
        sha256 = hashlib.sha256(content).hexdigest()
        path = self._path(sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside then renamed: a crash never leaves half a file under its hash.
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                handle.write(content)
            os.replace(handle.name, path)
        return sha256

    def get(self, sha256: str) -> bytes:
        return self._path(sha256).read_bytes()


def document_store(data_dir: Path) -> DiskDocumentStore:
    return DiskDocumentStore(data_dir / "documents" / "accreditations")
