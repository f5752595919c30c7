"""Jury decisions are collegial and attributable, judged paritaire per dossier, and never
overwritten unseen; every decision is told to the organisation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.errors import InvalidFormError
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries import access, decisions, minutes, recusal
from clea_platform.juries.decisions import DecisionInput
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import Decision, DecisionMode, JuryMember, Outcome
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.juries.conftest import DOMAIN, as_actor, dossier_status, member_actor
from tests.juries.helpers import close, mail_to, open_session, secretary_decides


async def decisions_on(session: AsyncSession, dossier: Dossier) -> int:
    async with cross_tenant_reads(session, "tests"):
        count = await session.scalar(
            select(func.count()).select_from(Decision).where(Decision.dossier_id == dossier.id)
        )
    return int(count or 0)


async def test_a_recusal_that_breaks_parity_for_a_dossier_stops_its_decision(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    # Given a paritaire session (2 + 2) where salarie1, who works with the Greta, is recused
    jury = await open_session(
        db_session, platform_admin, registry, list(members.values()), list(members.values()),
        ready[:1],
    )  # fmt: skip
    voter = member_actor(members["employeur1"], "employeur1")
    # When a member not recused records a decision on the Greta's dossier
    async with as_actor(db_session, voter):
        with pytest.raises(JuryError) as refused:
            await decisions.decide(
                db_session, voter, jury.id, ready[0].id, DecisionInput(Outcome.CERTIFIED)
            )
        (entry,) = await access.agenda(db_session, voter, jury.id)
    # Then it is refused, naming the rule, and nothing is saved
    assert refused.value.code == JuryErrorCode.NOT_PARITAIRE_FOR_DOSSIER
    assert "Jury non paritaire pour ce dossier" in refused.value.message
    assert "Salarie1" in refused.value.message
    assert "2 représentant(s) des employeurs et 1 des salariés" in refused.value.message
    assert await decisions_on(db_session, ready[0]) == 0
    # and the agenda says so before anyone tries
    assert entry.parity_problem is not None


async def test_a_dossier_the_recusals_leave_undecidable_returns_to_the_pool_at_closing(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    jury = await open_session(
        db_session, platform_admin, registry, list(members.values()), list(members.values()),
        ready[:1],
    )  # fmt: skip
    # When the session closes with that dossier undecided
    closed = await close(db_session, platform_admin, registry, jury)
    # Then the dossier is back « prêt pour le jury », and the agenda keeps why
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.READY_FOR_JURY
    async with as_actor(db_session, platform_admin):
        (entry,) = await access.agenda(db_session, platform_admin, closed.id)
        document = await minutes.minutes_for(db_session, platform_admin, closed.id)
    assert entry.decision is None
    assert "Jury non paritaire pour ce dossier" in entry.returned_reason
    assert document.content.startswith(b"%PDF")


async def test_an_undecided_dossier_still_decidable_stops_the_closing(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    with pytest.raises(JuryError) as refused:
        await close(db_session, platform_admin, registry, jury)
    assert refused.value.code == JuryErrorCode.DECISIONS_MISSING
    assert await dossier_status(db_session, ready[0].id) == DossierStatus.SUBMITTED_TO_JURY


async def test_a_decision_records_who_presided_who_recorded_it_and_the_members_present(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    # Certif'Pro, as the secretary, must name the member presiding
    async with as_actor(db_session, platform_admin):
        with pytest.raises(JuryError) as anonymous:
            await decisions.decide(
                db_session, platform_admin, jury.id, ready[0].id, DecisionInput(Outcome.CERTIFIED)
            )
    assert anonymous.value.code == JuryErrorCode.PRESIDENT_REQUIRED
    record = await secretary_decides(
        db_session, platform_admin, jury, ready[0], members["employeur1"]
    )
    assert record.presided_by is not None
    assert record.presided_by.full_name == "Employeur1"
    assert record.recorded_by == "Camille Certif"
    assert {m.full_name for m in record.present_members} == {"Employeur1", "Salarie2"}
    assert record.mode == DecisionMode.CONSENSUS
    assert record.revision == 1


async def test_members_named_present_for_a_decision_are_paritaire_and_not_recused(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [
        members["employeur1"],
        members["employeur2"],
        members["salarie2"],
        members["salarie1"],
    ]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    # salarie1 is recused (Greta): the jury withdraws employeur2 too, then it may decide
    withdrawing = member_actor(members["employeur2"], "employeur2")
    async with as_actor(db_session, withdrawing):
        await recusal.declare_conflict(db_session, withdrawing, jury.id, ready[0].id, "Déport")
    for chosen, code in (
        ([members["salarie1"], members["employeur1"]], JuryErrorCode.RECUSED),
        ([members["employeur1"]], JuryErrorCode.NOT_PARITAIRE_FOR_DOSSIER),
    ):
        with pytest.raises(JuryError) as refused:
            await secretary_decides(
                db_session, platform_admin, jury, ready[0], members["employeur1"],
                present_member_ids=[m.id for m in chosen],
            )  # fmt: skip
        assert refused.value.code == code
    record = await secretary_decides(
        db_session, platform_admin, jury, ready[0], members["salarie2"]
    )
    assert {m.full_name for m in record.present_members} == {"Employeur1", "Salarie2"}


async def test_a_vote_counts_every_member_present_and_carries_a_majority(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    for counts in ((1, 0, 0), (1, 1, 0), (None, 0, 0)):
        with pytest.raises(JuryError) as refused:
            await secretary_decides(
                db_session, platform_admin, jury, ready[0], members["employeur1"],
                mode=DecisionMode.VOTE, votes_for=counts[0], votes_against=counts[1],
                abstentions=counts[2],
            )  # fmt: skip
        assert refused.value.code == JuryErrorCode.INVALID_VOTE
    with pytest.raises(JuryError) as counted_consensus:
        await secretary_decides(
            db_session, platform_admin, jury, ready[0], members["employeur1"], votes_for=2
        )
    assert counted_consensus.value.code == JuryErrorCode.INVALID_VOTE
    assert await decisions_on(db_session, ready[0]) == 0
    record = await secretary_decides(
        db_session, platform_admin, jury, ready[0], members["employeur1"],
        mode=DecisionMode.VOTE, votes_for=1, votes_against=0, abstentions=1,
    )  # fmt: skip
    assert (record.votes_for, record.votes_against, record.abstentions) == (1, 0, 1)


async def test_a_second_recording_that_did_not_start_from_the_first_is_refused_with_it(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    employer = member_actor(members["employeur1"], "employeur1")
    employee = member_actor(members["salarie2"], "salarie2")
    async with as_actor(db_session, employer):
        first = await decisions.decide(
            db_session, employer, jury.id, ready[0].id, DecisionInput(Outcome.CERTIFIED)
        )
    # When another member records without having read it
    async with as_actor(db_session, employee):
        with pytest.raises(JuryError) as refused:
            await decisions.decide(
                db_session, employee, jury.id, ready[0].id,
                DecisionInput(Outcome.POSTPONED, "Pièces manquantes."),
            )  # fmt: skip
        # Then the first is shown, and stays
        assert refused.value.code == JuryErrorCode.STALE_REVISION
        assert refused.value.earlier_decision is not None
        assert refused.value.earlier_decision.outcome == Outcome.CERTIFIED
        assert refused.value.earlier_decision.recorded_by == "Employeur1"
        assert "certifié" in refused.value.message
        (entry,) = await access.agenda(db_session, employee, jury.id)
        assert entry.decision is not None
        assert entry.decision.outcome == Outcome.CERTIFIED
        # Starting from it (its revision), the decision is replaced
        second = await decisions.decide(
            db_session, employee, jury.id, ready[0].id,
            DecisionInput(Outcome.POSTPONED, "Pièces manquantes.", revision=first.revision),
        )  # fmt: skip
    assert second.id == first.id
    assert second.revision == first.revision + 1
    assert second.recorded_by == "Salarie2"


async def test_not_certified_names_the_criteria_at_issue_from_the_dossiers_referentiel(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    with pytest.raises(JuryError) as missing:
        await secretary_decides(
            db_session, platform_admin, jury, ready[0], members["employeur1"],
            Outcome.NOT_CERTIFIED, reason="Preuves insuffisantes.",
        )  # fmt: skip
    assert missing.value.code == JuryErrorCode.CRITERIA_REQUIRED
    with pytest.raises(JuryError) as unknown:
        await secretary_decides(
            db_session, platform_admin, jury, ready[0], members["employeur1"],
            Outcome.NOT_CERTIFIED, reason="Preuves insuffisantes.", criteria_at_issue=["Z9"],
        )  # fmt: skip
    assert unknown.value.code == JuryErrorCode.INVALID
    assert "Z9" in unknown.value.message
    with pytest.raises(JuryError) as not_for_certified:
        await secretary_decides(
            db_session, platform_admin, jury, ready[0], members["employeur1"],
            criteria_at_issue=[DOMAIN],
        )  # fmt: skip
    assert not_for_certified.value.code == JuryErrorCode.INVALID
    record = await secretary_decides(
        db_session, platform_admin, jury, ready[0], members["employeur1"],
        Outcome.NOT_CERTIFIED, reason="Preuves insuffisantes.", criteria_at_issue=[DOMAIN],
    )  # fmt: skip
    assert record.criteria_at_issue == [DOMAIN]


async def test_absent_and_excused_apply_only_to_sessions_that_hear_the_candidates(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    written = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    with pytest.raises(JuryError) as refused:
        await secretary_decides(
            db_session, platform_admin, written, ready[0], members["employeur1"],
            Outcome.ABSENT, reason="Ne s'est pas présenté.",
        )  # fmt: skip
    assert refused.value.code == JuryErrorCode.NO_INTERVIEW
    heard = await open_session(
        db_session, platform_admin, registry, present, present, ready[1:], interviews=True
    )
    record = await secretary_decides(
        db_session, platform_admin, heard, ready[1], members["employeur1"],
        Outcome.EXCUSED, reason="Arrêt maladie.",
    )  # fmt: skip
    assert record.outcome == Outcome.EXCUSED
    await close(db_session, platform_admin, registry, heard)
    assert await dossier_status(db_session, ready[1].id) == DossierStatus.READY_FOR_JURY


async def test_several_problems_with_a_decision_come_back_together(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready[:1])
    with pytest.raises(InvalidFormError) as refused:
        await secretary_decides(
            db_session, platform_admin, jury, ready[0], members["employeur1"], Outcome.NOT_CERTIFIED
        )
    assert {e.code for e in refused.value.errors} == {
        JuryErrorCode.REASON_REQUIRED,
        JuryErrorCode.CRITERIA_REQUIRED,
    }


async def test_every_decision_is_told_to_the_organisation_without_the_internal_comment(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready)
    certified, refused = ready
    await secretary_decides(
        db_session, platform_admin, jury, certified, members["employeur1"],
        candidate_comment="Bravo pour ce parcours.", internal_comment="Dossier exemplaire.",
    )  # fmt: skip
    await secretary_decides(
        db_session, platform_admin, jury, refused, members["employeur1"], Outcome.NOT_CERTIFIED,
        reason="Preuves insuffisantes.", criteria_at_issue=[DOMAIN],
        organisation_comment="Prévoir une évaluation finale du domaine 1.",
        internal_comment="À surveiller.",
    )  # fmt: skip
    before = len(await mail_to(db_session, "admin@greta-demo.fr"))
    await close(db_session, platform_admin, registry, jury)
    (told,) = (await mail_to(db_session, "admin@greta-demo.fr"))[before:]
    assert told.subject.startswith("Décisions du jury")
    assert f"(dossier {certified.id}) : certifié." in told.body
    assert f"(dossier {refused.id}) : non certifié." in told.body
    assert "Bravo pour ce parcours." in told.body
    assert "Prévoir une évaluation finale du domaine 1." in told.body
    assert f"Domaines ou critères en cause : {DOMAIN}." in told.body
    assert "Dossier exemplaire." not in told.body
    assert "À surveiller." not in told.body


async def test_a_dossier_certified_without_final_evaluation_is_obtained_at_the_first(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, ready)
    certified = await secretary_decides(
        db_session, platform_admin, jury, ready[0], members["employeur1"]
    )
    postponed = await secretary_decides(
        db_session, platform_admin, jury, ready[1], members["employeur1"], Outcome.POSTPONED,
        reason="Complément demandé.",
    )  # fmt: skip
    assert certified.obtained_at_first_evaluation is True
    assert postponed.obtained_at_first_evaluation is False
