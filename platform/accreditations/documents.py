"""Supporting documents over HTTP: who may upload an application's PDF, who may download it.

An organisation's administrator (a person, its organisation active or applying) uploads
for its own applications; the organisation's administrators and Certif'Pro (every
organisation's, under the review scope) download, audited. The routes translate
:class:`~clea_platform.core.errors.NotAuthenticatedError` (401),
:class:`~clea_platform.core.errors.AccessDeniedError` (403), ``NOT_FOUND`` (404) and the
other refusals of the upload (422).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.applications import attach_document
from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.loading import REVIEW_SCOPE
from clea_platform.accreditations.models import Application, ApplicationDocument
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.audit import service as audit
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import APPLICANTS, ORG_ADMIN, PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

DOCUMENT_NOT_FOUND = "Document introuvable."


def _check_signed_in(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise NotAuthenticatedError()


async def upload_document(
    session: AsyncSession,
    actor: Actor,
    store: DocumentStore,
    application_id: uuid.UUID | None,
    requirement_key: str,
    filename: str,
    read_content: Callable[[], Awaitable[bytes]],
) -> ApplicationDocument:
    """Store a supporting PDF of the caller's organisation's application (``None``: an
    identifier that could not be read, not found).

    ``read_content`` is awaited only once the caller may upload to this application: a
    refused request's body is never read.

    Raises:
        NotAuthenticatedError, AccessDeniedError: see the module's docstring.
        AccreditationError: ``NOT_FOUND``, or why the document is refused.
    """
    _check_signed_in(actor)
    # A person (not an API key) administering an active or applying organisation.
    if actor.user_id is None or not APPLICANTS.allows(actor, writes=True):
        raise AccessDeniedError("Accès refusé : réservé aux administrateurs de l'organisme.")
    application = (
        await session.scalar(select(Application).where(Application.id == application_id))
        if application_id is not None
        else None
    )
    if application is None:
        raise error(AccreditationErrorCode.NOT_FOUND, "Candidature introuvable.", "applicationId")
    content = await read_content()
    return await attach_document(
        session, actor, store, application, requirement_key, filename, content
    )


async def document_for_download(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID | None, requirement_key: str
) -> ApplicationDocument:
    """An application's supporting document: the organisation's administrators get their
    own, Certif'Pro any (the download is audited).

    Raises:
        NotAuthenticatedError, AccessDeniedError: see the module's docstring.
        AccreditationError: ``NOT_FOUND``.
    """
    _check_signed_in(actor)
    if application_id is None:
        raise error(AccreditationErrorCode.NOT_FOUND, DOCUMENT_NOT_FOUND, "applicationId")
    query = select(ApplicationDocument).where(
        ApplicationDocument.application_id == application_id,
        ApplicationDocument.requirement_key == requirement_key,
    )
    if PLATFORM_ADMIN.allows(actor):
        async with cross_tenant_reads(session, REVIEW_SCOPE):
            document = await session.scalar(query)
    elif ORG_ADMIN.allows(actor):
        document = await session.scalar(query)
    else:
        raise AccessDeniedError("Accès refusé.")
    if document is None:
        raise error(AccreditationErrorCode.NOT_FOUND, DOCUMENT_NOT_FOUND, "requirementKey")
    audit.record(
        session,
        actor,
        "application.download_document",
        [document.application_id, document.id],
        organisation_id=document.organisation_id,
    )
    return document
