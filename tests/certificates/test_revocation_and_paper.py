"""Revocation and paper copies (service layer): refusals change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import paper, revocation
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from tests.certificates.conftest import as_actor, issued_certificate


async def test_a_revoked_certificate_gets_no_paper_copy_and_cannot_be_revoked_again(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    async with as_actor(db_session, platform_admin):
        revoked = await revocation.revoke(
            db_session, platform_admin, registry, certificate.id, "Erreur"
        )
        revoked_at = revoked.revoked_at
        with pytest.raises(CertificateError) as twice:
            await revocation.revoke(db_session, platform_admin, registry, certificate.id, "Encore")
        assert twice.value.code == CertificateErrorCode.ALREADY_REVOKED
        assert revoked.revoked_at == revoked_at
        assert revoked.revocation_reason == "Erreur"

    with pytest.raises(CertificateError) as refused:
        await paper.request_paper_copy(db_session, greta, certificate.id)
    assert refused.value.code == CertificateErrorCode.REVOKED
    assert certificate.paper_requested_at is None


async def test_marking_sent_a_copy_nobody_asked_for_is_refused(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    async with as_actor(db_session, platform_admin):
        with pytest.raises(CertificateError) as refused:
            await paper.mark_paper_sent(db_session, platform_admin, [certificate.id])
    assert refused.value.code == CertificateErrorCode.NOT_REQUESTED
    assert refused.value.field == "ids[0]"
    assert certificate.paper_sent_at is None
