"""Certif'Pro convenes a paritaire jury, which decides on dossiers of many organisations."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.core.errors import InvalidFormError
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries import access, agenda, attendance, closing, decisions, recusal, sessions
from clea_platform.juries.decisions import DecisionInput
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.minutes import minutes_for
from clea_platform.juries.models import JuryMember, JurySession, Outcome, SessionStatus
from clea_platform.juries.recusal import DossierParties, recusal_reason
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training.models import TrainingPlan
from tests.juries.conftest import DOMAIN, TODAY, as_actor, dossier_status, member_actor


async def convened(
    session: AsyncSession,
    admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> JurySession:
    async with as_actor(session, admin):
        return await sessions.convene(
            session,
            admin,
            registry,
            sessions.SessionInput(
                title="Jury CléA Île-de-France",
                certification_codes=["CLEA"],
                region="Île-de-France",
                held_on=TODAY,
                place="Paris",
                member_ids=[m.id for m in members.values()],
            ),
            today=TODAY,
        )


async def attend(
    session: AsyncSession, admin: Actor, jury: JurySession, *present: JuryMember
) -> None:
    async with as_actor(session, admin):
        for member in present:
            await attendance.record_attendance(session, admin, jury.id, member.id, True)


def test_the_independence_rule_recuses_affiliated_members_and_declared_conflicts() -> None:
    parties = DossierParties("130025265", "Greta démo", {"824049266"})
    assert "organisme évaluateur" in (recusal_reason(["130025265"], parties, None) or "")
    assert "organisme de formation" in (recusal_reason(["824049266"], parties, None) or "")
    assert "voisin" in (recusal_reason([], parties, "voisin") or "")
    assert recusal_reason(["999999999"], parties, None) is None


async def test_a_session_opens_only_when_paritaire(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    jury = await convened(db_session, platform_admin, registry, members)
    await attend(db_session, platform_admin, jury, members["employeur1"], members["employeur2"])
    await attend(db_session, platform_admin, jury, members["salarie2"])
    async with as_actor(db_session, platform_admin):
        with pytest.raises(JuryError) as refused:
            await attendance.open_session(db_session, platform_admin, jury.id)
        assert refused.value.code == JuryErrorCode.NOT_PARITAIRE
        assert "2 représentant(s) des employeurs et 1 des salariés" in refused.value.message
        assert jury.status == SessionStatus.CONVENED
        await attendance.record_attendance(
            db_session, platform_admin, jury.id, members["salarie1"].id, True
        )
        await attendance.open_session(db_session, platform_admin, jury.id)
    assert jury.status == SessionStatus.OPEN


async def test_only_ready_dossiers_of_the_sessions_certifications_go_on_the_agenda(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    jury = await convened(db_session, platform_admin, registry, members)
    async with as_actor(db_session, platform_admin):
        await agenda.add_to_agenda(db_session, platform_admin, registry, jury.id, [ready[0].id])
        with pytest.raises(InvalidFormError) as refused:
            await agenda.add_to_agenda(
                db_session, platform_admin, registry, jury.id, [ready[0].id, ready[1].id]
            )
    assert refused.value.errors[0].code == JuryErrorCode.NOT_READY
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.SUBMITTED_TO_JURY
    # all or nothing: the second, ready one was not added either
    assert await dossier_status(db_session, ready[1].id) == DossierStatus.READY_FOR_JURY


async def test_a_paritaire_jury_decides_with_a_recusal_then_closes_and_freezes(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    jury = await convened(db_session, platform_admin, registry, members)
    await attend(db_session, platform_admin, jury, *members.values())
    async with as_actor(db_session, platform_admin):
        await agenda.add_to_agenda(
            db_session, platform_admin, registry, jury.id, [d.id for d in ready]
        )
        await attendance.open_session(db_session, platform_admin, jury.id)
    certified, refused = ready
    recused = member_actor(members["salarie1"], "salarie1")
    voter = member_actor(members["employeur1"], "employeur1")
    # An employer withdraws from both dossiers so that, salarie1 being recused, the jury
    # stays paritaire for them (one of each side)
    withdrawing = member_actor(members["employeur2"], "employeur2")
    async with as_actor(db_session, withdrawing):
        for dossier in ready:
            await recusal.declare_conflict(
                db_session, withdrawing, jury.id, dossier.id, "Déport pour la parité"
            )
    async with as_actor(db_session, recused):
        entries = await access.agenda(db_session, recused, jury.id)
        assert all(entry.recusal and "organisme évaluateur" in entry.recusal for entry in entries)
        seen = await access.access_dossier_for_jury(db_session, recused, jury.id, certified.id)
        assert seen.recusal is not None
        assert seen.evaluations == []  # the name only
        with pytest.raises(JuryError) as voting:
            await decisions.decide(
                db_session, recused, jury.id, certified.id, DecisionInput(Outcome.CERTIFIED)
            )
        assert voting.value.code == JuryErrorCode.RECUSED
    async with as_actor(db_session, voter):
        review = await access.access_dossier_for_jury(db_session, voter, jury.id, certified.id)
        assert review.evaluations[0].kind == "initial"
        assert len(review.evaluations[0].results) == 107
        await decisions.decide(
            db_session, voter, jury.id, certified.id, DecisionInput(Outcome.CERTIFIED)
        )
        with pytest.raises(JuryError) as no_reason:
            await decisions.decide(
                db_session,
                voter,
                jury.id,
                refused.id,
                DecisionInput(Outcome.NOT_CERTIFIED, "", criteria_at_issue=[DOMAIN]),
            )
        assert no_reason.value.code == JuryErrorCode.REASON_REQUIRED
    async with as_actor(db_session, platform_admin):
        with pytest.raises(JuryError) as missing:
            await closing.close_session(db_session, platform_admin, registry, jury.id)
        assert missing.value.code == JuryErrorCode.DECISIONS_MISSING
    async with as_actor(db_session, voter):
        await decisions.decide(
            db_session,
            voter,
            jury.id,
            refused.id,
            DecisionInput(
                Outcome.NOT_CERTIFIED, "Preuves insuffisantes.", criteria_at_issue=[DOMAIN]
            ),
        )
    async with as_actor(db_session, platform_admin):
        await closing.close_session(db_session, platform_admin, registry, jury.id)
        with pytest.raises(JuryError) as frozen:
            await decisions.decide(
                db_session, platform_admin, jury.id, refused.id, DecisionInput(Outcome.CERTIFIED)
            )
        assert frozen.value.code == JuryErrorCode.INVALID_STATE
        pdf = (await minutes_for(db_session, platform_admin, jury.id)).content
    assert pdf.startswith(b"%PDF")
    assert jury.status == SessionStatus.CLOSED
    assert jury.certificates_total == 1
    assert await dossier_status(db_session, certified.id) == DossierStatus.CERTIFIED
    assert await dossier_status(db_session, refused.id) == DossierStatus.NOT_CERTIFIED
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        reads = set(
            await db_session.scalars(
                select(AuditEvent.operation).where(AuditEvent.operation.like("jury_session.read%"))
            )
        )
    assert {"jury_session.read_agenda", "jury_session.read_dossier"} <= reads


async def test_someone_outside_the_session_reads_nothing_of_it(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
    greta: Actor,
) -> None:
    jury = await convened(db_session, platform_admin, registry, {"e": members["employeur1"]})
    async with as_actor(db_session, platform_admin):
        await agenda.add_to_agenda(db_session, platform_admin, registry, jury.id, [ready[0].id])
    outsider = member_actor(members["salarie2"], "salarie2")
    async with as_actor(db_session, outsider):
        with pytest.raises(JuryError):
            await access.agenda(db_session, outsider, jury.id)
        with pytest.raises(JuryError):
            await access.access_dossier_for_jury(db_session, outsider, jury.id, ready[0].id)
        with pytest.raises(JuryError) as voting:
            await recusal.declare_conflict(db_session, outsider, jury.id, ready[0].id, "")
        assert voting.value.code == JuryErrorCode.NOT_A_MEMBER


async def test_a_member_declares_a_conflict_and_is_recused(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    jury = await convened(db_session, platform_admin, registry, members)
    async with as_actor(db_session, platform_admin):
        await agenda.add_to_agenda(db_session, platform_admin, registry, jury.id, [ready[0].id])
    member = member_actor(members["salarie2"], "salarie2")
    async with as_actor(db_session, member):
        await recusal.declare_conflict(db_session, member, jury.id, ready[0].id, "Ma voisine")
        (entry,) = await access.agenda(db_session, member, jury.id)
    assert entry.recusal == "Conflit d'intérêts déclaré : Ma voisine."


async def test_a_member_affiliated_with_the_training_organisation_by_its_siren_is_recused(
    db_session: AsyncSession,
    platform_admin: Actor,
    greta: Actor,
    ready: list[Dossier],
) -> None:
    """The plan names the training establishment by its SIRET; the independence rule
    compares organisations: the SIRET's first nine digits, its SIREN."""
    training_siret = "77567890100018"
    async with as_actor(db_session, greta):
        db_session.add(
            TrainingPlan(
                organisation_id=ready[0].organisation_id,
                dossier_id=ready[0].id,
                training_siret=training_siret,
                training_organisation_name="Centre de formation du test",
                hours_by_domain={},
            )
        )
        await db_session.flush()
    async with as_actor(db_session, platform_admin), cross_tenant_reads(db_session, "tests"):
        parties = await recusal.parties_of(db_session, [ready[0].id, ready[1].id])
    assert parties[ready[0].id].training_sirens == {"775678901"}
    assert parties[ready[1].id].training_sirens == set()
    assert recusal_reason(["775678901"], parties[ready[0].id], None) == (
        "Lien déclaré avec l'organisme de formation (SIREN 775678901)."
    )
    assert recusal_reason(["775678901"], parties[ready[1].id], None) is None
    assert recusal_reason([training_siret], parties[ready[0].id], None) is None
