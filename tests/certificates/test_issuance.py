"""Issuing certificates: numbers, signature, idempotence, billing, batches (service layer)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.certificates import service, signing
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.models import Certificate, CertificateCounter
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import BillableEvent
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL, as_actor, certified_dossier


async def issue(session: AsyncSession, actor: Actor, registry: CertificationRegistry, dossier):  # type: ignore[no-untyped-def]
    return await service.issue_certificate(
        session,
        actor,
        registry,
        dossier=dossier,
        decided_on=DECIDED_ON,
        jury_session_id=None,
        jury_session_label=SESSION_LABEL,
    )


async def test_a_certified_dossier_gets_a_numbered_signed_certificate(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    # Given a dossier the jury certified
    dossier = await certified_dossier(db_session, greta, registry, greta_site)

    # When Certif'Pro issues its certificate (as the jury context does, cross-tenant)
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        certificate = await issue(db_session, platform_admin, registry, dossier)
        key_set = await signing.jwks(db_session)

    # Then it is numbered for CléA and the decision's year, with a readable code
    assert re.fullmatch(r"CLEA-2026-\d{6}", certificate.number)
    assert certificate.number.endswith(f"{certificate.sequence:06d}")
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{10}", certificate.verification_code)
    assert certificate.organisation_id == greta.organisation_id
    assert certificate.holder_name == "Léa Durand"
    assert certificate.jury_session_label == SESSION_LABEL
    # And its signature verifies with the published keys alone
    payload = signing.verify(certificate.token, key_set)
    assert payload is not None
    assert payload["number"] == certificate.number
    assert payload["holder"] == {"name": "Léa Durand"}
    assert payload["decided_on"] == "2026-03-12"
    assert payload["certification"]["code"] == "CLEA"
    assert payload["jti"] == str(certificate.id)


async def test_issuing_twice_returns_the_same_certificate_and_bills_once(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    dossier = await certified_dossier(db_session, greta, registry, greta_site)
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        first = await issue(db_session, platform_admin, registry, dossier)
        counter = await db_session.get(CertificateCounter, ("CLEA", 2026))
        assert counter is not None
        last_value = counter.last_value

        # When issued again
        second = await issue(db_session, platform_admin, registry, dossier)

        # Then nothing new: same certificate, same counter, one billable event
        assert second.id == first.id
        await db_session.refresh(counter)
        assert counter.last_value == last_value
        bills = await db_session.scalar(
            select(func.count())
            .select_from(BillableEvent)
            .where(BillableEvent.subject_id == first.id, BillableEvent.kind == "certificate")
        )
        assert bills == 1
        audited = await db_session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.operation == "certificate.issue")
            .where(AuditEvent.organisation_id == greta.organisation_id)
        )
        assert audited is not None
        assert audited >= 1


async def test_a_dossier_not_certified_gets_no_certificate(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    dossier = await certified_dossier(db_session, greta, registry, greta_site)
    dossier.status = DossierStatus.SUBMITTED_TO_JURY
    await db_session.flush()
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        with pytest.raises(CertificateError) as raised:
            await issue(db_session, platform_admin, registry, dossier)
        assert raised.value.code == CertificateErrorCode.NOT_CERTIFIED
        assert (
            await db_session.scalar(
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.dossier_id == dossier.id)
            )
            == 0
        )


async def test_a_batch_keeps_the_good_certificates_and_numbers_without_gaps(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    # Given three dossiers, the second not certified (its issuance will fail)
    names = ["Anna", "Bruno", "Chloé"]
    dossiers = [
        await certified_dossier(db_session, greta, registry, greta_site, first_names=name)
        for name in names
    ]
    dossiers[1].status = DossierStatus.SUBMITTED_TO_JURY
    await db_session.flush()
    requests = [service.IssueRequest(d, DECIDED_ON, None, SESSION_LABEL) for d in dossiers]

    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        audited_before = await issue_events(db_session)
        # When the batch runs
        result = await service.issue_many(db_session, platform_admin, registry, requests)

        # Then two are issued, with consecutive numbers, and the failure is reported
        assert [c.holder_name.split()[0] for c in result.issued] == ["Anna", "Chloé"]
        assert [f.dossier_id for f in result.failed] == [dossiers[1].id]
        first, third = result.issued
        assert third.sequence == first.sequence + 1
        # And only the certificates issued are audited
        assert await issue_events(db_session) == audited_before + 2

        # When the dossier is fixed and the batch runs again
        dossiers[1].status = DossierStatus.CERTIFIED
        await db_session.flush()
        again = await service.issue_many(db_session, platform_admin, registry, requests)

        # Then the missing one is issued with the next number; the others are the same
        assert again.failed == []
        assert [c.id for c in again.issued][::2] == [first.id, third.id]
        assert again.issued[1].sequence == third.sequence + 1
        assert await issue_events(db_session) == audited_before + 3


async def issue_events(session: AsyncSession) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.operation == "certificate.issue")
    )
    return int(count or 0)


async def test_old_certificates_stay_verifiable_after_a_key_rotation(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    before = await certified_dossier(db_session, greta, registry, greta_site, first_names="Avant")
    after = await certified_dossier(db_session, greta, registry, greta_site, first_names="Après")
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        old = await issue(db_session, platform_admin, registry, before)
        # When the key is rotated
        new_key = await signing.rotate(db_session)
        new = await issue(db_session, platform_admin, registry, after)
        key_set = await signing.jwks(db_session)

    # Then the new certificate uses the new key, and both verify with the JWKS
    assert new.kid == new_key.kid != old.kid
    assert {old.kid, new.kid} <= {key["kid"] for key in key_set["keys"]}
    assert signing.verify(old.token, key_set) is not None
    assert signing.verify(new.token, key_set) is not None
    # And a forged token does not
    header, payload, signature = new.token.split(".")
    assert signing.verify(f"{header}.{payload[:-2]}AA.{signature}", key_set) is None


async def test_a_batch_reads_its_dossiers_ahead_and_a_repeated_dossier_gets_one_certificate(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    platform_admin: Actor,
) -> None:
    dossiers = [
        await certified_dossier(db_session, greta, registry, greta_site, first_names=name)
        for name in ("Anna", "Bruno", "Chloé", "David")
    ]
    # The first dossier twice in the same batch
    requests = [
        service.IssueRequest(d, DECIDED_ON, None, SESSION_LABEL) for d in [*dossiers, dossiers[0]]
    ]
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    sync_engine = db_session.bind.engine.sync_engine  # the test's connection's engine
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        billed_before = await billable_events(db_session)
        event.listen(sync_engine, "before_cursor_execute", record)
        try:
            result = await service.issue_many(db_session, platform_admin, registry, requests)
        finally:
            event.remove(sync_engine, "before_cursor_execute", record)

        # Then the repeated dossier gets the certificate issued a moment before, billed once
        assert result.failed == []
        assert result.issued[4].id == result.issued[0].id
        assert len({c.id for c in result.issued}) == 4
        assert await billable_events(db_session) == billed_before + 4
    # And the certificates and candidates of the batch were read in one statement each
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len([s for s in reads if "FROM certificate " in s or "FROM certificate\n" in s]) == 1
    assert len([s for s in reads if "FROM candidate" in s]) == 1


async def billable_events(session: AsyncSession) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(BillableEvent)
        .where(BillableEvent.kind == service.BILLABLE_CERTIFICATE)
    )
    return int(count or 0)
