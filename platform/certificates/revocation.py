"""Revoking a certificate: Certif'Pro administrators, with a reason, once."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.certificates import status_list
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.lookup import ADMIN_SCOPE, get_certificate
from clea_platform.certificates.models import Certificate
from clea_platform.db.base import utcnow
from clea_platform.plugins import lifecycle
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads


async def revoke(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    certificate_id: uuid.UUID,
    reason: str,
) -> Certificate:
    """Mark a certificate revoked: the public page and the status list then say so.

    Raises:
        CertificateError: ``REASON_REQUIRED``, ``NOT_FOUND``, ``ALREADY_REVOKED``.
    """
    reason = reason.strip()
    if not reason:
        raise CertificateError(
            CertificateErrorCode.REASON_REQUIRED, "Indiquez le motif du retrait.", field="reason"
        )
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        certificate = await get_certificate(session, certificate_id)
        if certificate.revoked_at is not None:
            raise CertificateError(
                CertificateErrorCode.ALREADY_REVOKED,
                f"Ce certificat est déjà retiré depuis le {certificate.revoked_at:%d/%m/%Y}.",
                field="id",
            )
        certificate.revoked_at = utcnow()
        certificate.revocation_reason = reason
        certificate.revoked_by_id = actor.user_id
        audit.record(
            session,
            actor,
            "certificate.revoke",
            [certificate.id],
            organisation_id=certificate.organisation_id,
        )
        await session.flush()
        # Its bit in the published status list, for the verifiers of its Open Badge.
        await status_list.certificate_changed(session, certificate)
        lifecycle.announce(
            session,
            registry.plugin_manager,
            "clea_certificate_revoked",
            organisation_id=certificate.organisation_id,
            dossier_id=certificate.dossier_id,
            certificate_id=certificate.id,
            certification_code=certificate.certification_code,
            number=certificate.number,
            reason=reason,
        )
    return certificate


async def reinstate(session: AsyncSession, actor: Actor, certificate: Certificate) -> Certificate:
    """Make a revoked certificate valid again, when the jury's amendment corrects the decision
    that withdrew it: the same number and verification code, so the copies the holder
    already shared verify again. The withdrawal stays in the audit trail."""
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        certificate.revoked_at = None
        certificate.revocation_reason = ""
        certificate.revoked_by_id = None
        audit.record(
            session,
            actor,
            "certificate.reinstate",
            [certificate.id],
            organisation_id=certificate.organisation_id,
        )
        await session.flush()
        await status_list.certificate_changed(session, certificate)
    return certificate
