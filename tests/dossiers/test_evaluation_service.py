"""Evaluating a candidate: sessions within the limits, the grid saved safely, the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.service import create_candidate
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations import service
from clea_platform.evaluations.models import BillableEvent, EvaluationKind, ItemResult
from clea_platform.identity.models import Membership, User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from tests.dossiers.test_dossier_service import LEA, TODAY

EvaluationErrorCode = service.EvaluationErrorCode


async def open_clea(
    db_session: AsyncSession,
    actor: Actor,
    site: Site,
    registry: CertificationRegistry,
    certification: str = "CLEA",
) -> Dossier:
    candidate = await create_candidate(
        db_session, actor, LEA, today=TODAY, confirm_not_duplicate=True
    )
    return await dossiers.open_dossier(
        db_session,
        actor,
        registry,
        dossiers.OpenDossier(
            candidate_id=candidate.id,
            certification_code=certification,
            site_id=site.id,
            prescriber_type=PrescriberType.SELF,
            financing=Financing.CPF,
            consent=True,
        ),
    )


def clea_leaves(registry: CertificationRegistry) -> list[str]:
    return list(registry.get("CLEA").bundled_referentiel.tree.leaf_codes())


async def evaluator_id(db_session: AsyncSession) -> object:
    return await db_session.scalar(select(User.id).where(User.email == "evaluatrice@greta-demo.fr"))


async def test_a_clea_candidate_goes_from_gaps_to_training_then_to_the_jury(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    leaves = clea_leaves(registry)

    # Évaluation préalable on the whole référentiel; two criteria not acquired
    initial = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    assert initial.target_items == leaves
    results = [
        service.ResultInput(code, "non_acquis" if code in ("3.1.1", "5.2.1") else "acquis")
        for code in leaves
    ]
    saved = await service.save_results(
        db_session, sophie, registry, initial, results, expected_revision=0
    )
    outcome = await service.close_evaluation(db_session, greta, registry, initial)

    assert saved.revision == 1
    assert outcome.gaps == ("3.1.1", "5.2.1")
    assert outcome.mastery["3"].acquired is False
    assert outcome.mastery["1"].acquired is True
    assert dossier.status == DossierStatus.TRAINING
    billed = await db_session.scalar(select(func.count()).select_from(BillableEvent))
    assert billed == 1

    # Évaluation finale on the trained items only
    final = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.FINAL, target_items=outcome.gaps
    )
    with pytest.raises(service.EvaluationError) as outside:
        await service.save_results(
            db_session,
            sophie,
            registry,
            final,
            [service.ResultInput("1.1.1", "acquis")],
            expected_revision=0,
        )
    await service.save_results(
        db_session,
        sophie,
        registry,
        final,
        [service.ResultInput("3.1.1", "acquis"), service.ResultInput("5.2.1", "acquis")],
        expected_revision=0,
    )
    final_outcome = await service.close_evaluation(db_session, greta, registry, final)

    assert outside.value.code == EvaluationErrorCode.NOT_TARGETED
    assert outside.value.items == ["1.1.1"]
    assert final_outcome.eligible
    assert dossier.status == DossierStatus.READY_FOR_JURY


async def test_wrong_items_or_values_are_listed_and_nothing_is_saved(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )

    with pytest.raises(service.EvaluationError) as unknown:
        await service.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [service.ResultInput("1.1.1", "acquis"), service.ResultInput("9.9.9", "acquis")],
            expected_revision=0,
        )
    with pytest.raises(service.EvaluationError) as invalid:
        await service.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [service.ResultInput("1.1.1", "peut-être")],
            expected_revision=0,
        )

    assert unknown.value.items == ["9.9.9"]
    assert invalid.value.code == EvaluationErrorCode.INVALID_VALUE
    assert "valeurs possibles" in invalid.value.message
    assert await db_session.scalar(select(func.count()).select_from(ItemResult)) == 0
    assert evaluation.revision == 0


async def test_a_stale_grid_is_refused_with_the_items_changed_by_someone_else(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    await service.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [service.ResultInput("1.1.1", "acquis")],
        expected_revision=0,
    )

    with pytest.raises(service.EvaluationError) as stale:
        await service.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [service.ResultInput("1.1.2", "acquis")],
            expected_revision=0,
        )

    assert stale.value.code == EvaluationErrorCode.STALE_REVISION
    assert stale.value.items == ["1.1.1"]


async def test_a_retried_save_with_the_same_key_applies_once(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    batch = [service.ResultInput("1.1.1", "acquis")]

    first = await service.save_results(
        db_session, sophie, registry, evaluation, batch, expected_revision=0, idempotency_key="k1"
    )
    retry = await service.save_results(
        db_session, sophie, registry, evaluation, batch, expected_revision=0, idempotency_key="k1"
    )

    assert first == retry
    assert evaluation.revision == 1


async def test_sessions_of_an_initial_evaluation_stay_within_seven_hours(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    evaluator = await evaluator_id(db_session)
    day = dt.date(2026, 12, 1)

    await service.plan_session(
        db_session,
        greta,
        registry,
        evaluation,
        day=day,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(12, 30),
        site_id=greta_site.id,
        evaluator_id=evaluator,  # type: ignore[arg-type]
    )
    with pytest.raises(service.EvaluationError) as too_long:
        await service.plan_session(
            db_session,
            greta,
            registry,
            evaluation,
            day=day,
            starts_at=dt.time(13, 30),
            ends_at=dt.time(17, 30),
            site_id=greta_site.id,
            evaluator_id=evaluator,  # type: ignore[arg-type]
        )
    with pytest.raises(service.EvaluationError) as not_evaluator:
        await service.plan_session(
            db_session,
            greta,
            registry,
            evaluation,
            day=day,
            starts_at=dt.time(13, 30),
            ends_at=dt.time(14, 30),
            site_id=greta_site.id,
            evaluator_id=greta.user_id,  # an adviser
        )

    assert too_long.value.code == EvaluationErrorCode.TOO_LONG
    assert "7 h au total" in too_long.value.message
    assert not_evaluator.value.code == EvaluationErrorCode.NOT_AN_EVALUATOR


async def test_clea_numerique_uses_percentages_and_the_versions_threshold(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry, "CLEA_NUMERIQUE")
    evaluation = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )

    await service.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [
            service.ResultInput(code, score)
            for code, score in zip("1234", (90, 75, 74, 100), strict=True)
        ],
        expected_revision=0,
    )
    outcome = await service.close_evaluation(db_session, greta, registry, evaluation)

    assert outcome.gaps == ("3",)
    assert dossier.status == DossierStatus.TRAINING


async def test_the_training_plan_drives_the_final_evaluation_and_its_trainer_cannot_evaluate(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    from clea_platform.training import service as training

    dossier = await open_clea(db_session, greta, greta_site, registry)
    initial = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    await service.save_results(
        db_session,
        sophie,
        registry,
        initial,
        [
            service.ResultInput(code, "non_acquis" if code.startswith("4.") else "acquis")
            for code in clea_leaves(registry)
        ],
        expected_revision=0,
    )
    await service.close_evaluation(db_session, greta, registry, initial)
    evaluator = await evaluator_id(db_session)
    # She trains the candidate: a trainer of the organisation, and an evaluator too
    membership = await db_session.scalar(
        select(Membership).where(
            Membership.user_id == evaluator, Membership.organisation_id == greta.organisation_id
        )
    )
    assert membership is not None
    membership.roles = ["evaluator", "trainer"]

    # The plan is pre-filled from the gaps, then edited and followed
    plan = await training.create_from_gaps(db_session, greta, dossier)
    prefilled = await training.targeted_items(db_session, plan)
    assert prefilled == [code for code in clea_leaves(registry) if code.startswith("4.")]
    await training.update_plan(
        db_session,
        greta,
        plan,
        dossier,
        training.PlanChanges(
            objectives={"4.1.1": "Travailler en équipe sur un projet", "4.2.1": "Animer"},
            hours_by_domain={"4": 35},
            trainer_id=evaluator,  # type: ignore[arg-type]
            starts_on=dt.date(2027, 1, 4),
            ends_on=dt.date(2027, 3, 26),
        ),
        expected_revision=1,
    )
    await training.record_progress(
        db_session, greta, plan, day=dt.date(2027, 1, 4), hours=3.5, items_worked=["4.1.1"]
    )
    assert await training.hours_done(db_session, plan) == 3.5

    final = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.FINAL
    )
    assert final.target_items == ["4.1.1", "4.2.1"]
    with pytest.raises(service.EvaluationError) as refused:
        await service.plan_session(
            db_session,
            greta,
            registry,
            final,
            day=dt.date(2027, 4, 1),
            starts_at=dt.time(9, 0),
            ends_at=dt.time(11, 0),
            site_id=greta_site.id,
            evaluator_id=evaluator,  # type: ignore[arg-type]
        )
    assert refused.value.code == EvaluationErrorCode.TRAINER_IS_EVALUATOR


async def test_a_partial_attestation_lists_what_was_acquired_in_a_one_page_tagged_pdf(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    import io

    from pypdf import PdfReader

    from clea_platform.documents import attestations

    dossier = await open_clea(db_session, greta, greta_site, registry, "CLEA_MANAGEMENT")
    evaluation = await service.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    await service.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [
            service.ResultInput("1", "acquis"),
            service.ResultInput("2", "non_acquis"),
            service.ResultInput("3", "acquis"),
        ],
        expected_revision=0,
    )
    await service.close_evaluation(db_session, greta, registry, evaluation)

    attestation = await attestations.issue(db_session, greta, registry, evaluation)
    again = await attestations.issue(db_session, greta, registry, evaluation)
    document = PdfReader(io.BytesIO(attestations.pdf(registry, attestation)))

    assert again.reference == attestation.reference
    assert attestation.reference.startswith("ATT-")
    assert len(document.pages) == 1
    text = document.pages[0].extract_text()
    assert "Attestation des compétences acquises" in text
    assert "Léa Durand" in text
    assert "Greta démo Paris Centre" in text
    assert "Organiser les activités" in text  # area 1, acquired
    assert "Animer et encadrer" not in text  # area 2, not acquired
    assert attestation.reference in text
    assert document.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged PDF
    assert document.trailer["/Root"]["/Lang"] == "fr"
