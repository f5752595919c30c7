"""Candidates are people: a second organisation finds the person (with their consent), a
person never holds two active dossiers for one certification anywhere, and a dossier
moves, with its history, to another accredited organisation when the candidate does.

Two tenants of the demo: the Greta (Karim, its adviser) and the Afpa (Bruno, its admin).
"""

from __future__ import annotations

import contextlib
import dataclasses

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import Accreditation, AccreditationStatus
from clea_platform.audit.models import AuditEvent
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import create_candidate
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.service import DossierError, DossierErrorCode
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import Evaluation, ItemResult
from clea_platform.identity.models import User
from clea_platform.pathway import gdpr, persons, transfer
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from clea_platform.training import service as training
from clea_platform.training.models import TrainingPlan
from tests.dossiers.conftest import (
    LEA,
    MANAGEMENT_GAP,
    TODAY,
    Pathway,
    interviewed,
    opening,
)

AFPA_SIRET = "82404926600014"
GRETA_SIRET = "13002526500013"
GRETA_NAME = "Greta démo Paris Centre"
# The same person as Léa, typed by another adviser: capitals, no accent, a second first name.
LEA_AT_THE_AFPA = dataclasses.replace(LEA, birth_name="DURAND", first_names="Lea Marie")


@pytest.fixture
async def afpa(db_session: AsyncSession, greta: Actor) -> Actor:
    async with cross_tenant_reads(db_session, "tests"):
        organisation = await db_session.scalar(
            select(Organisation).where(Organisation.slug == "afpa-demo-lille")
        )
        user = await db_session.scalar(select(User).where(User.email == "admin@afpa-demo.fr"))
    assert organisation is not None
    assert user is not None
    return Actor(
        label="Bruno Petit <admin@afpa-demo.fr>",
        user_id=user.id,
        organisation_id=organisation.id,
        roles=frozenset({"org_admin"}),
    )


class As:
    """Acting as one organisation's user for a block, then back to the Greta."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self._contexts: list[contextlib.AbstractContextManager[object]] = []

    async def __aenter__(self) -> Actor:
        context = acting_as(self.actor)
        context.__enter__()
        self._contexts.append(context)
        await refresh_tenant(self.session)
        return self.actor

    async def __aexit__(self, *exc: object) -> None:
        self._contexts.pop().__exit__(None, None, None)
        await refresh_tenant(self.session)


@pytest.fixture
def as_afpa(db_session: AsyncSession, afpa: Actor) -> As:
    return As(db_session, afpa)


async def afpa_opens_lea(
    session: AsyncSession,
    afpa: Actor,
    registry: CertificationRegistry,
    certification: str = "CLEA",
    candidate: Candidate | None = None,
) -> Dossier:
    if candidate is None:
        candidate = await create_candidate(session, afpa, LEA_AT_THE_AFPA, today=TODAY)
    site = await session.scalar(select(Site))
    assert site is not None
    await interviewed(session, afpa, registry, candidate, (certification,))
    return await dossiers.open_dossier(
        session, afpa, registry, opening(candidate, site, certification_code=certification)
    )


async def dossier_count(session: AsyncSession, organisation: Actor) -> int:
    async with cross_tenant_reads(session, "tests"):
        count = await session.scalar(
            select(func.count())
            .select_from(Dossier)
            .where(Dossier.organisation_id == organisation.organisation_id)
        )
    return int(count or 0)


async def test_a_person_cannot_hold_a_second_active_dossier_in_another_organisation(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    # Given Léa's CléA dossier at the Greta (she did not agree to share it)
    await pathway.dossier("CLEA")
    before = await dossier_count(db_session, afpa)

    # When the Afpa registers the same person and opens a CléA dossier for her
    async with as_afpa:
        with pytest.raises(DossierError) as refused:
            await afpa_opens_lea(db_session, afpa, registry)

    # Then it is refused, in French, without naming the other organisation; nothing saved
    assert refused.value.code == DossierErrorCode.ALREADY_OPEN_ELSEWHERE
    assert "dans un autre organisme" in refused.value.message
    assert GRETA_NAME not in refused.value.message
    assert refused.value.field == "certificationCode"
    assert await dossier_count(db_session, afpa) == before


async def test_another_certification_for_the_same_person_may_be_opened_elsewhere(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    await pathway.dossier("CLEA")

    async with as_afpa:
        opened = await afpa_opens_lea(db_session, afpa, registry, "CLEA_NUMERIQUE")

    assert opened.status == DossierStatus.OPENED


async def test_once_the_first_dossier_is_abandoned_another_organisation_may_open_one(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    greta: Actor,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    first = await pathway.dossier("CLEA")
    await dossiers.abandon(
        db_session, greta, registry, first.id, reason="Déménage à Lille", expected_revision=1
    )

    async with as_afpa:
        opened = await afpa_opens_lea(db_session, afpa, registry)

    assert opened.status == DossierStatus.OPENED


async def test_with_the_persons_consent_the_other_organisation_learns_where_she_is_followed(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    # Given Léa's CléA dossier at the Greta, opened with her consent to share it
    await pathway.dossier("CLEA", consent_to_share=True)

    # When the Afpa registers her: it sees where she is followed, and cannot open a second
    async with as_afpa:
        candidate = await create_candidate(db_session, afpa, LEA_AT_THE_AFPA, today=TODAY)
        elsewhere = await persons.dossiers_elsewhere(db_session, afpa, candidate.id)
        with pytest.raises(DossierError) as refused:
            await afpa_opens_lea(db_session, afpa, registry, candidate=candidate)

    assert elsewhere == [persons.DossierElsewhere("CLEA", GRETA_NAME, "ouvert")]
    assert f"chez « {GRETA_NAME} »" in refused.value.message
    # And the cross-tenant read is audited in the Afpa's log, naming only its candidate
    await db_session.flush()
    async with cross_tenant_reads(db_session, "tests"):
        reads = list(
            await db_session.scalars(
                select(AuditEvent).where(AuditEvent.operation == "person.elsewhere_read")
            )
        )
    about_her = [e.organisation_id for e in reads if str(candidate.id) in e.object_ids]
    assert about_her == [afpa.organisation_id]


async def test_without_consent_the_other_organisation_learns_nothing_of_the_dossier(
    db_session: AsyncSession,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    await pathway.dossier("CLEA")

    async with as_afpa:
        candidate = await create_candidate(db_session, afpa, LEA_AT_THE_AFPA, today=TODAY)
        elsewhere = await persons.dossiers_elsewhere(db_session, afpa, candidate.id)

    assert elsewhere == []


async def test_another_organisation_cannot_ask_about_a_candidate_that_is_not_its_own(
    db_session: AsyncSession, pathway: Pathway, afpa: Actor, as_afpa: As
) -> None:
    greta_candidate = await pathway.candidate()

    async with as_afpa:
        found = await persons.dossiers_elsewhere(db_session, afpa, greta_candidate.id)

    assert found is None


async def test_homonyms_confirmed_in_one_organisation_are_two_people(
    pathway: Pathway,
) -> None:
    # Two Léa Durand born the same day, confirmed as different people by the adviser
    first = await pathway.dossier("CLEA")
    second = await pathway.dossier("CLEA")

    assert first.person_id is not None
    assert second.person_id is not None
    assert first.person_id != second.person_id


async def training_dossier(pathway: Pathway, greta: Actor) -> Dossier:
    """Léa's CléA Management dossier in training: évaluation préalable, results, plan."""
    dossier, _, _ = await pathway.evaluated("CLEA_MANAGEMENT", MANAGEMENT_GAP)
    await training.create_from_gaps(pathway.session, greta, dossier.id)
    return dossier


def transfer_to(siret: str, dossier: Dossier, **changes: object) -> transfer.TransferDossier:
    values: dict[str, object] = {
        "dossier_id": dossier.id,
        "target_siret": siret,
        "reason": "Léa déménage à Lille.",
        "consent": True,
        "expected_revision": dossier.revision,
    }
    values.update(changes)
    return transfer.TransferDossier(**values)  # type: ignore[arg-type]


async def test_a_transferred_dossier_moves_with_its_history_and_leaves_the_former_organisation(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    greta: Actor,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    # Given Léa's dossier in training at the Greta
    dossier = await training_dossier(pathway, greta)
    dossier_id, status = dossier.id, dossier.status
    events_before = len(await dossiers.timeline(db_session, dossier_id))

    # When the Greta transfers it to the Afpa's establishment
    done = await transfer.transfer(
        db_session, greta, registry, transfer_to(f" {AFPA_SIRET[:5]} {AFPA_SIRET[5:]}", dossier)
    )
    await db_session.flush()

    assert done.organisation_name == "Afpa démo Lille"
    # Then the Greta no longer sees it, nor its evaluations, nor its plan
    assert await dossiers.find_dossier(db_session, dossier_id) is None
    assert (
        await db_session.scalar(select(Evaluation).where(Evaluation.dossier_id == dossier_id))
        is None
    )
    assert (
        await db_session.scalar(select(TrainingPlan).where(TrainingPlan.dossier_id == dossier_id))
        is None
    )
    # and cannot change it any more
    with pytest.raises(DossierError) as refused:
        await dossiers.abandon(
            db_session, greta, registry, dossier_id, reason="Erreur", expected_revision=2
        )
    assert refused.value.code == DossierErrorCode.NOT_FOUND

    # And the Afpa sees it whole: same status, the timeline, the evaluation and its results,
    # the plan, and Léa as its own candidate
    async with as_afpa:
        moved = await dossiers.find_dossier(db_session, dossier_id)
        assert moved is not None
        assert moved.status == status
        assert moved.adviser_id is None
        timeline = await dossiers.timeline(db_session, dossier_id)
        evaluation = await db_session.scalar(
            select(Evaluation).where(Evaluation.dossier_id == dossier_id)
        )
        assert evaluation is not None
        results = list(
            await db_session.scalars(
                select(ItemResult).where(ItemResult.evaluation_id == evaluation.id)
            )
        )
        plan = await db_session.scalar(
            select(TrainingPlan).where(TrainingPlan.dossier_id == dossier_id)
        )
        candidate = await db_session.scalar(
            select(Candidate).where(Candidate.id == moved.candidate_id)
        )
        site = await db_session.scalar(select(Site).where(Site.id == moved.site_id))
        # and may carry on with it
        abandoned = await dossiers.abandon(
            db_session,
            afpa,
            registry,
            dossier_id,
            reason="Léa a trouvé un emploi.",
            expected_revision=moved.revision,
        )
    assert len(timeline) == events_before + 1
    assert timeline[-1].kind == "transfer"
    assert GRETA_NAME in timeline[-1].comment
    assert "Léa déménage à Lille." in timeline[-1].comment
    assert {r.item_code: r.value for r in results} == MANAGEMENT_GAP
    assert plan is not None
    assert candidate is not None
    assert (candidate.birth_name, candidate.first_names) == ("Durand", "Léa")
    assert site is not None
    assert site.siret == AFPA_SIRET
    assert abandoned.status == DossierStatus.ABANDONED

    # And both organisations' logs record the transfer
    await db_session.flush()
    async with cross_tenant_reads(db_session, "tests"):
        logged = {
            (e.operation, e.organisation_id)
            for e in await db_session.scalars(
                select(AuditEvent).where(AuditEvent.operation.like("dossier.transfer_%"))
            )
            if str(dossier_id) in e.object_ids
        }
    assert logged == {
        ("dossier.transfer_out", greta.organisation_id),
        ("dossier.transfer_in", afpa.organisation_id),
    }


async def test_the_target_organisations_own_record_of_the_person_is_reused(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    greta: Actor,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    # Given the Afpa already knows Léa (a closed dossier there, say)
    async with as_afpa:
        known = await create_candidate(db_session, afpa, LEA_AT_THE_AFPA, today=TODAY)
        site = await db_session.scalar(select(Site))
        assert site is not None
        await interviewed(db_session, afpa, registry, known, ("CLEA_NUMERIQUE",))
        earlier = await dossiers.open_dossier(
            db_session, afpa, registry, opening(known, site, certification_code="CLEA_NUMERIQUE")
        )
    dossier = await pathway.dossier("CLEA")
    assert dossier.person_id == earlier.person_id

    await transfer.transfer(db_session, greta, registry, transfer_to(AFPA_SIRET, dossier))

    async with as_afpa:
        moved = await dossiers.find_dossier(db_session, dossier.id)
        assert moved is not None
        assert moved.candidate_id == known.id


async def test_a_transfer_needs_the_candidates_request_a_reason_and_the_current_revision(
    db_session: AsyncSession, registry: CertificationRegistry, greta: Actor, pathway: Pathway
) -> None:
    dossier = await pathway.dossier("CLEA")
    cases = [
        (transfer_to(AFPA_SIRET, dossier, consent=False), DossierErrorCode.CONSENT_REQUIRED),
        (transfer_to(AFPA_SIRET, dossier, reason="  "), DossierErrorCode.REASON_REQUIRED),
        (
            transfer_to(AFPA_SIRET, dossier, expected_revision=dossier.revision + 1),
            DossierErrorCode.STALE_REVISION,
        ),
        (transfer_to("00000000000000", dossier), DossierErrorCode.INVALID_TARGET),
        (transfer_to(GRETA_SIRET, dossier), DossierErrorCode.INVALID_TARGET),
    ]
    for data, code in cases:
        with pytest.raises(DossierError) as refused:
            await transfer.transfer(db_session, greta, registry, data)
        assert refused.value.code == code, data

    assert await dossiers.find_dossier(db_session, dossier.id) is not None


async def test_a_dossier_cannot_move_during_an_evaluation(
    db_session: AsyncSession, registry: CertificationRegistry, greta: Actor, pathway: Pathway
) -> None:
    dossier = await pathway.dossier("CLEA")
    await pathway.evaluation(dossier)

    with pytest.raises(DossierError) as refused:
        await transfer.transfer(db_session, greta, registry, transfer_to(AFPA_SIRET, dossier))

    assert refused.value.code == DossierErrorCode.INVALID_STATE
    assert "ne peut pas être transféré" in refused.value.message


async def test_the_target_must_be_accredited_for_the_certification(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    greta: Actor,
    pathway: Pathway,
    afpa: Actor,
) -> None:
    dossier = await pathway.dossier("CLEA")
    async with cross_tenant_reads(db_session, "tests"):
        await db_session.execute(
            update(Accreditation)
            .where(
                Accreditation.organisation_id == afpa.organisation_id,
                Accreditation.certification_code == "CLEA",
            )
            .values(status=AccreditationStatus.WITHDRAWN)
        )

    with pytest.raises(DossierError) as refused:
        await transfer.transfer(db_session, greta, registry, transfer_to(AFPA_SIRET, dossier))

    assert refused.value.code == DossierErrorCode.NOT_ACCREDITED
    assert "Afpa démo Lille" in refused.value.message
    assert await dossiers.find_dossier(db_session, dossier.id) is not None


async def test_another_organisation_cannot_transfer_a_dossier_it_does_not_hold(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    dossier = await pathway.dossier("CLEA")

    async with as_afpa:
        with pytest.raises(DossierError) as refused:
            await transfer.transfer(db_session, afpa, registry, transfer_to(AFPA_SIRET, dossier))

    assert refused.value.code == DossierErrorCode.NOT_FOUND
    assert await dossiers.find_dossier(db_session, dossier.id) is not None


async def test_the_database_refuses_a_second_active_dossier_even_in_a_race(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    pathway: Pathway,
    afpa: Actor,
    as_afpa: As,
) -> None:
    # Given Léa's CléA dossier at the Greta
    first = await pathway.dossier("CLEA")

    # When the Afpa's insert comes in as if its check had run before the Greta's commit
    async with as_afpa:
        candidate = await create_candidate(db_session, afpa, LEA_AT_THE_AFPA, today=TODAY)
        site = await db_session.scalar(select(Site))
        assert site is not None
        racing = Dossier(
            organisation_id=afpa.organisation_id,
            candidate_id=candidate.id,
            person_id=first.person_id,
            site_id=site.id,
            certification_code="CLEA",
            referentiel_version_id=first.referentiel_version_id,
            prescriber_type=first.prescriber_type,
            financing=first.financing,
            consent_at=first.consent_at,
        )
        with pytest.raises(DossierError) as refused:
            await dossiers.insert_active_dossier(db_session, racing)

    # Then the unique index refuses it with the same typed error
    assert refused.value.code == DossierErrorCode.ALREADY_OPEN_ELSEWHERE


async def test_erasing_a_candidate_unlinks_the_person_and_forgets_the_consent(
    db_session: AsyncSession, registry: CertificationRegistry, greta: Actor, pathway: Pathway
) -> None:
    # Given Léa's abandoned dossier, opened with her consent to share it
    dossier = await pathway.dossier("CLEA", consent_to_share=True)
    await dossiers.abandon(
        db_session, greta, registry, dossier.id, reason="Ne donne plus suite", expected_revision=1
    )

    # When her data is erased on request
    erased = await gdpr.erase(db_session, greta, dossier.candidate_id)
    await db_session.flush()

    # Then neither she nor her dossier points at the person any more
    assert erased.person_id is None
    assert erased.sharing_consent_at is None
    assert (
        await db_session.scalar(select(Dossier.person_id).where(Dossier.id == dossier.id)) is None
    )
