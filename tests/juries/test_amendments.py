"""An amendment is a documented, audited act that takes effect: it revokes or issues the
certificate, moves the dossier, tells the organisation, adds an appendix to the minutes
(which stay as they were) and publishes a domain event."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.certificates.models import Certificate
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.service import DossierError
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries import amendments, events, issuance, minutes
from clea_platform.juries.amendments import AmendmentInput
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import JuryMember, JurySession, Outcome
from clea_platform.juries.records import DecisionRecord
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.juries.conftest import DOMAIN, as_actor, dossier_status
from tests.juries.helpers import close, mail_to, open_session, secretary_decides


async def closed_with(
    session: AsyncSession,
    admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    dossier: Dossier,
    outcome: Outcome,
) -> tuple[JurySession, DecisionRecord]:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(session, admin, registry, present, present, [dossier])
    details: dict[str, object] = {}
    if outcome != Outcome.CERTIFIED:
        details["reason"] = "Preuves insuffisantes."
    if outcome == Outcome.NOT_CERTIFIED:
        details["criteria_at_issue"] = [DOMAIN]
    decision = await secretary_decides(
        session, admin, jury, dossier, members["employeur1"], outcome, **details
    )
    await close(session, admin, registry, jury)
    async with as_actor(session, admin):
        await issuance.issue_session_certificates(session, admin, registry, jury.id)
    return jury, decision


async def certificate_of(session: AsyncSession, dossier: Dossier) -> Certificate | None:
    async with cross_tenant_reads(session, "tests"):
        found: Certificate | None = await session.scalar(
            select(Certificate).where(Certificate.dossier_id == dossier.id)
        )
    return found


async def test_an_amendment_to_not_certified_revokes_the_certificate_and_moves_the_dossier(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    jury, decision = await closed_with(
        db_session, platform_admin, registry, members, ready[0], Outcome.CERTIFIED
    )
    certificate = await certificate_of(db_session, ready[0])
    assert certificate is not None
    assert certificate.revoked_at is None
    async with as_actor(db_session, platform_admin):
        frozen = await minutes.minutes_for(db_session, platform_admin, jury.id)
        before = (frozen.sha256, frozen.content)
    seen: list[events.DecisionApplied] = []

    async def listen(_session: AsyncSession, event: events.DecisionApplied) -> None:
        seen.append(event)

    unsubscribe = events.subscribe(listen)
    mails = len(await mail_to(db_session, "admin@greta-demo.fr"))
    try:
        async with as_actor(db_session, platform_admin):
            amended = await amendments.amend_decision(
                db_session, platform_admin, registry, decision.id,
                AmendmentInput(Outcome.NOT_CERTIFIED, "Fraude établie à l'évaluation.",
                               criteria_at_issue=[DOMAIN]),
            )  # fmt: skip
    finally:
        unsubscribe()
    # The certificate is revoked, the dossier no longer certified
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.NOT_CERTIFIED
    await db_session.refresh(certificate)
    assert certificate.revoked_at is not None
    assert "Fraude établie" in certificate.revocation_reason
    assert amended.amends_id == decision.id
    assert f"Certificat {certificate.number} retiré" in amended.effect
    assert "non certifié" in amended.effect
    # The organisation is told; an event is published; the act is audited
    (told,) = (await mail_to(db_session, "admin@greta-demo.fr"))[mails:]
    assert "rectifiée" in told.subject
    assert "Fraude établie" in told.body
    (event,) = seen
    assert (event.amendment, event.certificate_revoked, event.outcome) == (
        True, True, Outcome.NOT_CERTIFIED,
    )  # fmt: skip
    assert "jury_decision.amend" in {e.operation for e in db_session.info.get(audit.PENDING, [])}
    # The minutes are untouched; an appendix records the amendment
    async with as_actor(db_session, platform_admin):
        again = await minutes.minutes_for(db_session, platform_admin, jury.id)
        appendix = await minutes.minutes_for(db_session, platform_admin, jury.id, appendix=1)
    assert (again.sha256, again.content) == before
    assert appendix.decision_id == amended.id
    assert appendix.content.startswith(b"%PDF")
    # The session counts its certificates as amended
    assert jury.certificates_total == 0


async def test_an_amendment_to_certified_issues_the_certificate(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    jury, decision = await closed_with(
        db_session, platform_admin, registry, members, ready[0], Outcome.NOT_CERTIFIED
    )
    assert await certificate_of(db_session, ready[0]) is None
    async with as_actor(db_session, platform_admin):
        amended = await amendments.amend_decision(
            db_session, platform_admin, registry, decision.id,
            AmendmentInput(Outcome.CERTIFIED, "Erreur matérielle : le domaine 1 était acquis."),
        )  # fmt: skip
    certificate = await certificate_of(db_session, ready[0])
    assert certificate is not None
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.CERTIFIED
    assert f"certificat {certificate.number} émis" in amended.effect
    assert amended.obtained_at_first_evaluation is True
    assert (jury.certificates_total, jury.certificates_issued) == (1, 1)


async def test_a_decision_is_amended_once_a_second_amendment_of_it_is_refused(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    _jury, decision = await closed_with(
        db_session, platform_admin, registry, members, ready[0], Outcome.POSTPONED
    )
    async with as_actor(db_session, platform_admin):
        first = await amendments.amend_decision(
            db_session, platform_admin, registry, decision.id,
            AmendmentInput(Outcome.CERTIFIED, "Le complément était au dossier."),
        )  # fmt: skip
        with pytest.raises(JuryError) as refused:
            await amendments.amend_decision(
                db_session, platform_admin, registry, decision.id,
                AmendmentInput(Outcome.NOT_CERTIFIED, "Autre avis.", criteria_at_issue=[DOMAIN]),
            )  # fmt: skip
    assert refused.value.code == JuryErrorCode.ALREADY_AMENDED
    assert refused.value.earlier_decision is not None
    assert refused.value.earlier_decision.id == first.id
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.CERTIFIED


async def test_an_amendment_needs_a_reason_and_a_frozen_decision(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    open_decision = await secretary_decides(
        db_session, platform_admin, jury, ready[0], members["employeur1"]
    )
    async with as_actor(db_session, platform_admin):
        for reason, code in (
            ("", JuryErrorCode.REASON_REQUIRED),
            ("Correction.", JuryErrorCode.INVALID_STATE),
        ):
            with pytest.raises(JuryError) as refused:
                await amendments.amend_decision(
                    db_session, platform_admin, registry, open_decision.id,
                    AmendmentInput(Outcome.POSTPONED, reason),
                )  # fmt: skip
            assert refused.value.code == code


async def test_certified_stays_final_except_through_an_amendment(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    await closed_with(db_session, platform_admin, registry, members, ready[0], Outcome.CERTIFIED)
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        dossier = await dossiers.get_dossier(db_session, ready[0].id)
        with pytest.raises(DossierError):
            await dossiers.move(
                db_session, platform_admin, registry, dossier, DossierStatus.NOT_CERTIFIED
            )
    assert dossier.status == DossierStatus.CERTIFIED


async def test_an_amendment_back_to_certified_after_a_revocation_reinstates_the_certificate(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    """Certified, then withdrawn by an amendment, then that amendment corrected: the
    candidate's certificate is valid again, with the same number and verification code
    (the copies already shared verify again), and the withdrawal stays audited."""
    _jury, decision = await closed_with(
        db_session, platform_admin, registry, members, ready[0], Outcome.CERTIFIED
    )
    revoked = await certificate_of(db_session, ready[0])
    assert revoked is not None
    async with as_actor(db_session, platform_admin):
        withdrawn = await amendments.amend_decision(
            db_session, platform_admin, registry, decision.id,
            AmendmentInput(Outcome.NOT_CERTIFIED, "Fraude suspectée.", criteria_at_issue=[DOMAIN]),
        )  # fmt: skip
        restored = await amendments.amend_decision(
            db_session, platform_admin, registry, withdrawn.id,
            AmendmentInput(Outcome.CERTIFIED, "Enquête close : aucune fraude."),
        )  # fmt: skip
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.CERTIFIED
    async with cross_tenant_reads(db_session, "tests"):
        held = list(
            await db_session.scalars(
                select(Certificate).where(Certificate.dossier_id == ready[0].id)
            )
        )
    assert [c.id for c in held] == [revoked.id]
    await db_session.refresh(revoked)
    assert revoked.revoked_at is None
    assert revoked.revocation_reason == ""
    assert f"certificat {revoked.number} rétabli" in restored.effect
    await db_session.flush()
    async with cross_tenant_reads(db_session, "tests"):
        trail = [
            operation
            for operation, object_ids in await db_session.execute(
                select(AuditEvent.operation, AuditEvent.object_ids).order_by(AuditEvent.occurred_at)
            )
            if str(revoked.id) in object_ids
        ]
    assert trail == ["certificate.issue", "certificate.revoke", "certificate.reinstate"]
