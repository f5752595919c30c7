"""Evaluating a candidate: sessions within the limits, the grid saved safely, the outcome."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations import service
from clea_platform.evaluations.models import BillableEvent, EvaluationKind, ItemResult
from clea_platform.evaluations.results import ResultInput
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from tests.dossiers.conftest import MANAGEMENT_GAP, Pathway, clea_leaves

EvaluationErrorCode = service.EvaluationErrorCode


async def test_a_clea_candidate_goes_from_gaps_to_training_then_to_the_jury(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    dossier = await pathway.dossier()
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
    billed = await db_session.scalar(
        select(func.count()).where(BillableEvent.subject_id == initial.id)
    )
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
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await pathway.evaluation(await pathway.dossier())

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
    saved = select(func.count()).where(ItemResult.evaluation_id == evaluation.id)
    assert await db_session.scalar(saved) == 0
    assert evaluation.revision == 0


async def test_a_stale_grid_is_refused_with_the_items_changed_by_someone_else(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await pathway.evaluation(await pathway.dossier())
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
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await pathway.evaluation(await pathway.dossier())
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
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await pathway.evaluation(await pathway.dossier())
    evaluator = await pathway.user_id("evaluatrice@greta-demo.fr")
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
            evaluator_id=evaluator,
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
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    dossier = await pathway.dossier("CLEA_NUMERIQUE")
    evaluation = await pathway.evaluation(dossier)

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


async def test_a_final_evaluation_without_trained_items_is_refused(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    # Given a dossier in training whose plan targets nothing yet
    dossier, _, _ = await pathway.evaluated("CLEA_MANAGEMENT", MANAGEMENT_GAP)

    # When the évaluation finale is started without items
    with pytest.raises(service.EvaluationError) as refused:
        await service.start_evaluation(db_session, greta, registry, dossier, EvaluationKind.FINAL)

    # Then it is refused, and the dossier stays in training
    assert refused.value.code == EvaluationErrorCode.NOT_TARGETED
    assert refused.value.field == "targetItems"
    assert dossier.status == DossierStatus.TRAINING


async def test_a_dossier_that_cannot_move_is_refused_as_an_evaluation_problem(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    # Given a dossier whose évaluation préalable has started
    dossier = await pathway.dossier()
    await pathway.evaluation(dossier)

    # When a second évaluation préalable is started
    with pytest.raises(service.EvaluationError) as refused:
        await pathway.evaluation(dossier)

    # Then the evaluations' own error says why, in the state machine's words
    assert refused.value.code == EvaluationErrorCode.FORBIDDEN_TRANSITION
    assert "« évaluation préalable » à « évaluation préalable »" in refused.value.message
    assert dossier.status == DossierStatus.INITIAL_EVALUATION


async def test_the_grid_reads_values_sent_as_text_on_the_certifications_scale(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    # Given a CléA numérique grid (percentages) and a CléA Management one (choices)
    numerique = await pathway.evaluation(await pathway.dossier("CLEA_NUMERIQUE"))
    management = await pathway.evaluation(await pathway.dossier("CLEA_MANAGEMENT"))

    # When results arrive as text, as the API sends them
    await service.save_grid(
        db_session,
        sophie,
        registry,
        numerique.id,
        [ResultInput("1", "90"), ResultInput("2", "74", "Presque")],
        expected_revision=0,
    )
    with pytest.raises(service.EvaluationError) as not_a_number:
        await service.save_grid(
            db_session,
            sophie,
            registry,
            numerique.id,
            [ResultInput("3", "beaucoup")],
            expected_revision=1,
        )
    await service.save_grid(
        db_session,
        sophie,
        registry,
        management.id,
        [ResultInput("1", "acquis")],
        expected_revision=0,
    )

    # Then percentages sent as text are read as numbers (the scale accepts them), choices as
    # they are, and text that is not a number is refused with the scale's explanation
    stored = {
        (row.evaluation_id, row.item_code): (row.value, row.comment)
        for row in await db_session.scalars(
            select(ItemResult).where(ItemResult.evaluation_id.in_([numerique.id, management.id]))
        )
    }
    assert stored == {
        (numerique.id, "1"): ("90", ""),
        (numerique.id, "2"): ("74", "Presque"),
        (management.id, "1"): ("acquis", ""),
    }
    assert not_a_number.value.code == EvaluationErrorCode.INVALID_VALUE
    assert not_a_number.value.items == ["3"]
    assert "pourcentage entier entre 0 et 100" in not_a_number.value.message
    assert numerique.revision == 1


async def test_a_grid_save_is_capped_and_an_unknown_evaluation_is_not_found(
    db_session: AsyncSession, sophie: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    evaluation = await pathway.evaluation(await pathway.dossier())
    too_many = [ResultInput("1.1.1", "acquis")] * (service.MAX_RESULTS_PER_SAVE + 1)

    with pytest.raises(service.EvaluationError) as capped:
        await service.save_grid(
            db_session, sophie, registry, evaluation.id, too_many, expected_revision=0
        )
    with pytest.raises(service.EvaluationError) as missing:
        await service.save_grid(db_session, sophie, registry, uuid.uuid4(), [], expected_revision=0)

    assert capped.value.code == EvaluationErrorCode.INVALID_VALUE
    assert capped.value.message == "Au plus 500 résultats par enregistrement."
    assert missing.value.code == EvaluationErrorCode.NOT_FOUND
    assert evaluation.revision == 0
    saved = select(func.count()).where(ItemResult.evaluation_id == evaluation.id)
    assert await db_session.scalar(saved) == 0
