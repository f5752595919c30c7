"""The training plan drives the évaluation finale, and its trainer never evaluates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationKind
from clea_platform.identity.models import Membership
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.training import final, staffing
from clea_platform.training import service as training
from tests.dossiers.conftest import Pathway, clea_leaves

EvaluationErrorCode = evaluations.EvaluationErrorCode


async def test_the_training_plan_drives_the_final_evaluation_and_its_trainer_cannot_evaluate(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    dossier, _, _ = await pathway.evaluated(
        "CLEA",
        {
            code: "non_acquis" if code.startswith("4.") else "acquis"
            for code in clea_leaves(registry)
        },
    )
    # Julien trains the candidate: a trainer of the organisation, and an evaluator too (not
    # Sophie, who evaluated the évaluation préalable: she may never be the trainer)
    evaluator = await pathway.user_id("formateur@greta-demo.fr")
    membership = await db_session.scalar(
        select(Membership).where(
            Membership.user_id == evaluator, Membership.organisation_id == greta.organisation_id
        )
    )
    assert membership is not None
    membership.roles = ["evaluator", "trainer"]

    # The plan is pre-filled from the gaps, then edited and followed
    plan = await training.create_from_gaps(db_session, greta, dossier.id)
    prefilled = await training.targeted_items(db_session, plan)
    assert prefilled == [code for code in clea_leaves(registry) if code.startswith("4.")]
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        training.PlanChanges(
            objectives={"4.1.1": "Travailler en équipe sur un projet", "4.2.1": "Animer"},
            hours_by_domain={"4": 35},
            trainer_id=evaluator,
            starts_on=dt.date(2027, 1, 4),
            ends_on=dt.date(2027, 3, 26),
        ),
        expected_revision=1,
    )
    await training.record_progress(
        db_session, greta, plan.id, day=dt.date(2027, 1, 4), hours=3.5, items_worked=["4.1.1"]
    )
    assert await training.hours_done(db_session, plan) == 3.5

    final_evaluation = await final.start_final_evaluation(db_session, greta, registry, dossier)
    assert final_evaluation.target_items == ["4.1.1", "4.2.1"]
    with pytest.raises(evaluations.EvaluationError) as refused:
        await staffing.plan_session(
            db_session,
            greta,
            registry,
            final_evaluation.id,
            day=dt.date(2027, 4, 1),
            starts_at="09:00",
            ends_at="11:00",
            site_id=greta_site.id,
            evaluator_id=evaluator,
        )
    assert refused.value.code == EvaluationErrorCode.TRAINER_IS_EVALUATOR


async def test_starting_an_evaluation_by_dossier_takes_the_plans_items_for_a_final_one(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    # Given a CléA Management dossier in training, its plan targeting area 2
    dossier, _, _ = await pathway.evaluated(
        "CLEA_MANAGEMENT", {"1": "acquis", "2": "non_acquis", "3": "acquis"}
    )
    await training.create_from_gaps(db_session, greta, dossier.id)

    # When the API starts its évaluation finale by the dossier's identifier
    started = await final.start(db_session, greta, registry, dossier.id, EvaluationKind.FINAL)

    # Then it covers the plan's items only
    assert started.target_items == ["2"]
    assert started.kind == EvaluationKind.FINAL


async def test_a_sitting_typed_with_a_wrong_time_is_refused_on_its_field(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await pathway.evaluation(await pathway.dossier())
    evaluator = await pathway.user_id("evaluatrice@greta-demo.fr")

    with pytest.raises(evaluations.EvaluationError) as refused:
        await staffing.plan_session(
            db_session,
            greta,
            registry,
            evaluation.id,
            day=dt.date(2027, 4, 1),
            starts_at="9h",
            ends_at="11:00",
            site_id=greta_site.id,
            evaluator_id=evaluator,
        )

    assert refused.value.code == EvaluationErrorCode.INVALID_TIMES
    assert refused.value.field == "startsAt"
    assert refused.value.message == "Heure invalide (format HH:MM)."
