"""Downloading certificates: the PDF and the Open Badge of one, the paper queue to print.

Who may: the members of the certificate's organisation get its certificates; Certif'Pro
administrators get any (read under the admin scope); the paper queue is Certif'Pro's.
Every download is audited. The HTTP routes call these and translate the refusals
(:class:`~clea_platform.core.errors.NotAuthenticatedError` → 401,
:class:`~clea_platform.core.errors.AccessDeniedError` → 403, ``NOT_FOUND`` → 404).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.certificates import badge, paper
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.lookup import ADMIN_SCOPE
from clea_platform.certificates.models import Certificate
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import MEMBER_OR_PLATFORM, PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

DOCUMENT_NOT_FOUND = "Document introuvable."


def _check_may_download(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise NotAuthenticatedError()
    if not MEMBER_OR_PLATFORM.allows(actor):
        raise AccessDeniedError("Accès refusé.")


async def _downloadable(
    session: AsyncSession, actor: Actor, certificate_id: uuid.UUID | None
) -> Certificate:
    """The caller's organisation's certificate, or any for Certif'Pro (outside an organisation).

    ``None`` is an identifier that could not be read: not found.
    """
    _check_may_download(actor)
    found: Certificate | None = None
    if certificate_id is not None:
        query = select(Certificate).where(Certificate.id == certificate_id)
        if PLATFORM_ADMIN.allows(actor) and actor.organisation_id is None:
            async with cross_tenant_reads(session, ADMIN_SCOPE):
                found = await session.scalar(query)
        else:
            found = await session.scalar(query)
    if found is None:
        raise CertificateError(CertificateErrorCode.NOT_FOUND, DOCUMENT_NOT_FOUND, field="id")
    return found


async def certificate_for_download(
    session: AsyncSession, actor: Actor, certificate_id: uuid.UUID | None
) -> Certificate:
    """The certificate whose PDF the caller downloads (audited ``certificate.download``).

    Raises:
        NotAuthenticatedError, AccessDeniedError: see the module's docstring.
        CertificateError: ``NOT_FOUND``.
    """
    certificate = await _downloadable(session, actor, certificate_id)
    audit.record(
        session,
        actor,
        "certificate.download",
        [certificate.id],
        organisation_id=certificate.organisation_id,
    )
    return certificate


async def badge_for_download(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    certificate_id: uuid.UUID | None,
) -> tuple[Certificate, str]:
    """The certificate and its Open Badges 3.0 credential (VC-JWT), audited
    ``certificate.badge``.

    Raises:
        NotAuthenticatedError, AccessDeniedError: see the module's docstring.
        CertificateError: ``NOT_FOUND``.
    """
    certificate = await _downloadable(session, actor, certificate_id)
    if actor.organisation_id == certificate.organisation_id:
        token = await badge.badge_jwt(session, registry, certificate)
    else:
        # Certif'Pro: the certificate's first badge gives it a status list entry (a write
        # on another organisation's row), under the scope it was read with.
        async with cross_tenant_reads(session, ADMIN_SCOPE):
            token = await badge.badge_jwt(session, registry, certificate)
    audit.record(
        session,
        actor,
        "certificate.badge",
        [certificate.id],
        organisation_id=certificate.organisation_id,
    )
    return certificate, token


async def paper_batch(session: AsyncSession, actor: Actor) -> list[Certificate]:
    """The paper copies to print, oldest request first (Certif'Pro only; audited)."""
    PLATFORM_ADMIN.check(actor)
    return await paper.paper_queue(session, actor)
