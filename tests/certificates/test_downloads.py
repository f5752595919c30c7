"""Who downloads a certificate (PDF, badge) and the paper queue: decided and audited here."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.certificates import downloads, paper
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.certificates.conftest import as_actor, issued_certificate


async def audited(session: AsyncSession, operation: str, object_id: uuid.UUID) -> int:
    """Events of ``operation`` about ``object_id``, saved or waiting for the next flush."""
    async with cross_tenant_reads(session, "tests"):
        saved = list(
            await session.scalars(select(AuditEvent).where(AuditEvent.operation == operation))
        )
    pending = [e for e in session.info.get(audit.PENDING, []) if e.operation == operation]
    return sum(1 for event in [*saved, *pending] if str(object_id) in event.object_ids)


async def test_the_organisations_member_downloads_its_certificate_audited(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    # Given a certificate of the Greta
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    # When its adviser downloads the PDF and the badge
    found = await downloads.certificate_for_download(db_session, greta, certificate.id)
    badged, token = await downloads.badge_for_download(db_session, greta, registry, certificate.id)
    # Then they get it, and each download is in the audit log
    assert found.id == badged.id == certificate.id
    assert token.count(".") == 2
    assert await audited(db_session, "certificate.download", certificate.id) == 1
    assert await audited(db_session, "certificate.badge", certificate.id) == 1


async def test_certifpro_downloads_any_certificate_outside_an_organisation(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    async with as_actor(db_session, platform_admin):
        found = await downloads.certificate_for_download(db_session, platform_admin, certificate.id)
        # Its first badge gives it a status list entry: a write on the organisation's row
        badged, token = await downloads.badge_for_download(
            db_session, platform_admin, registry, certificate.id
        )
    assert found.id == badged.id == certificate.id
    assert token.count(".") == 2
    assert (badged.status_list, badged.status_list_index) != (None, None)


@pytest.mark.parametrize(
    ("who", "refusal", "message"),
    [
        ("anonymous", NotAuthenticatedError, "Authentification requise : connectez-vous."),
        ("person without organisation", AccessDeniedError, "Accès refusé."),
        ("member of another organisation", CertificateError, "Document introuvable."),
    ],
)
async def test_others_get_nothing_and_nothing_is_audited(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
    who: str,
    refusal: type[Exception],
    message: str,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    caller = {
        "anonymous": Actor(),
        "person without organisation": Actor(user_id=uuid.uuid4()),
        "member of another organisation": Actor(
            user_id=uuid.uuid4(), organisation_id=uuid.uuid4(), roles=frozenset({"org_admin"})
        ),
    }[who]
    async with as_actor(db_session, caller):
        with pytest.raises(refusal) as refused:
            await downloads.certificate_for_download(db_session, caller, certificate.id)
    assert str(refused.value) == message
    if isinstance(refused.value, CertificateError):
        assert refused.value.code == CertificateErrorCode.NOT_FOUND
    assert await audited(db_session, "certificate.download", certificate.id) == 0


async def test_a_malformed_identifier_is_not_found(db_session: AsyncSession, greta: Actor) -> None:
    with pytest.raises(CertificateError) as refused:
        await downloads.certificate_for_download(db_session, greta, None)
    assert refused.value.code == CertificateErrorCode.NOT_FOUND


async def test_only_certifpro_prints_the_paper_queue(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    certificate = await issued_certificate(db_session, greta, platform_admin, registry, greta_site)
    await paper.request_paper_copy(db_session, greta, certificate.id)
    with pytest.raises(AccessDeniedError) as refused:
        await downloads.paper_batch(db_session, greta)
    assert refused.value.message == "Accès réservé aux administrateurs Certif'Pro."
    async with as_actor(db_session, platform_admin):
        queue = await downloads.paper_batch(db_session, platform_admin)
    assert certificate.id in {c.id for c in queue}
