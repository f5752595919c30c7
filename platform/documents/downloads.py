"""Documents handed out over HTTP: what a download route receives from the domain.

A route calls one accessor (``attestations.download``, ``pathway.gdpr.export_document``):
it checks the access rule, reads and audits, and returns a :class:`PdfDocument`. The
route commits, then renders: the PDF is drawn outside the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from clea_platform.core.errors import CleaError

NOT_FOUND_MESSAGE = "Document introuvable."


class DocumentNotFoundError(CleaError):
    """No such document for the actor: missing, malformed or another tenant's look the same."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND_MESSAGE)


@dataclass(frozen=True, slots=True)
class PdfDocument:
    filename: str
    #: ``inline`` (shown by the browser) or ``attachment`` (saved).
    disposition: str
    render: Callable[[], bytes]


def document_id(value: str) -> uuid.UUID:
    """The identifier in a download address; a malformed one is simply not found."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DocumentNotFoundError() from None
