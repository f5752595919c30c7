"""Who can be chosen as a sitting's evaluator or a plan's trainer (service layer, no HTTP)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationSession
from clea_platform.evaluations.results import ResultInput
from clea_platform.identity import members
from clea_platform.identity.models import Membership, User
from clea_platform.identity.roles import Role
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training import final, staffing
from clea_platform.training import service as training
from tests.dossiers.conftest import MANAGEMENT_GAP, Pathway

#: The Greta's people in the demo: admin, adviser, evaluator, trainer.
DEMO_GRETA = {"Alice Martin", "Karim Benali", "Sophie Leroy", "Julien Moreau"}


async def user_id(db_session: AsyncSession, email: str) -> uuid.UUID:
    found = await db_session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


async def test_the_staff_are_the_organisations_evaluators_and_trainers_by_name(
    db_session: AsyncSession, greta: Actor
) -> None:
    assert greta.organisation_id is not None
    # When the Greta's staff is listed
    staff = await members.list_staff(db_session, greta.organisation_id)
    evaluators = await members.list_staff(db_session, greta.organisation_id, [Role.EVALUATOR])
    trainers = await members.list_staff(db_session, greta.organisation_id, [Role.TRAINER])

    # Then the evaluator and the trainer are there, the admin and the adviser are not
    # (among the demo's people: other tests may have saved more staff in the database)
    staff = [person for person in staff if person.display_name in DEMO_GRETA]
    evaluators = [person for person in evaluators if person.display_name in DEMO_GRETA]
    trainers = [person for person in trainers if person.display_name in DEMO_GRETA]
    assert [(person.display_name, person.roles) for person in staff] == [
        ("Julien Moreau", (Role.TRAINER,)),
        ("Sophie Leroy", (Role.EVALUATOR,)),
    ]
    assert [person.display_name for person in evaluators] == ["Sophie Leroy"]
    assert [person.display_name for person in trainers] == ["Julien Moreau"]


async def test_memberships_elsewhere_and_disabled_accounts_are_not_staff(
    db_session: AsyncSession, greta: Actor
) -> None:
    assert greta.organisation_id is not None
    # Given the trainer's account is disabled, and Sophie is a trainer at the Afpa only
    trainer = await db_session.scalar(select(User).where(User.email == "formateur@greta-demo.fr"))
    assert trainer is not None
    trainer.disabled_at = dt.datetime.now(dt.UTC)
    sophie = await user_id(db_session, "evaluatrice@greta-demo.fr")
    async with cross_tenant_reads(db_session, "tests"):
        afpa = await db_session.scalar(
            select(Organisation.id).where(Organisation.slug == "afpa-demo-lille")
        )
        elsewhere = await db_session.scalar(
            select(Membership).where(
                Membership.user_id == sophie, Membership.organisation_id == afpa
            )
        )
        assert elsewhere is not None
        elsewhere.roles = ["evaluator", "trainer"]
        await db_session.flush()

    # When the Greta lists its trainers (Sophie's own Afpa membership is visible to her)
    trainers = [
        person
        for person in await members.list_staff(db_session, greta.organisation_id, [Role.TRAINER])
        if person.display_name in DEMO_GRETA
    ]

    # Then nobody: the disabled account and the Afpa membership do not count
    assert trainers == []
    assert not await members.is_staff(db_session, greta.organisation_id, sophie, Role.TRAINER)
    assert await members.is_staff(db_session, greta.organisation_id, sophie, Role.EVALUATOR)


async def plan_in_training(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> tuple[Dossier, training.TrainingPlan]:
    dossier, _, _ = await pathway.evaluated("CLEA_MANAGEMENT", MANAGEMENT_GAP)
    return dossier, await training.create_from_gaps(db_session, greta, dossier.id)


def naming(trainer: uuid.UUID | None) -> training.PlanChanges:
    return training.PlanChanges(
        objectives={"2": "Animer une réunion d'équipe"}, hours_by_domain={}, trainer_id=trainer
    )


async def test_a_plans_trainer_is_a_trainer_of_the_organisation(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    _, plan = await plan_in_training(db_session, greta, pathway)
    adviser = greta.user_id
    assert adviser is not None

    # When the adviser (not a trainer) is named trainer
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(
            db_session, greta, plan.id, naming(adviser), expected_revision=plan.revision
        )

    # Then it is refused on the trainer field, and the plan is unchanged
    assert refused.value.code == training.TrainingErrorCode.NOT_A_TRAINER
    assert refused.value.field == "trainerId"
    assert plan.trainer_id is None
    assert plan.revision == 1

    # And the Greta's trainer is accepted
    trainer = await user_id(db_session, "formateur@greta-demo.fr")
    await training.update_plan(db_session, greta, plan.id, naming(trainer), expected_revision=1)
    assert plan.trainer_id == trainer


async def test_a_trainer_who_lost_the_role_stays_on_the_plan_until_replaced(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    _, plan = await plan_in_training(db_session, greta, pathway)
    trainer = await user_id(db_session, "formateur@greta-demo.fr")
    await training.update_plan(db_session, greta, plan.id, naming(trainer), expected_revision=1)
    membership = await db_session.scalar(select(Membership).where(Membership.user_id == trainer))
    assert membership is not None
    membership.roles = ["viewer"]

    # When the plan is saved again with the same trainer
    await training.update_plan(db_session, greta, plan.id, naming(trainer), expected_revision=2)

    # Then it is accepted: only a newly named trainer is checked
    assert plan.revision == 3


async def test_a_plans_trainer_cannot_be_an_evaluator_of_the_candidates_planned_sittings(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    dossier, plan = await plan_in_training(db_session, greta, pathway)
    await training.update_plan(db_session, greta, plan.id, naming(None), expected_revision=1)
    sophie = await user_id(db_session, "evaluatrice@greta-demo.fr")
    membership = await db_session.scalar(select(Membership).where(Membership.user_id == sophie))
    assert membership is not None
    membership.roles = ["evaluator", "trainer"]
    final_evaluation = await final.start_final_evaluation(db_session, greta, registry, dossier)
    await evaluations.plan_session(
        db_session,
        greta,
        registry,
        final_evaluation,
        day=dt.date(2027, 4, 1),
        starts_at=dt.time(9, 0),
        ends_at=dt.time(11, 0),
        site_id=greta_site.id,
        evaluator_id=sophie,
    )

    # When Sophie, who evaluates the final evaluation, is named trainer
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(db_session, greta, plan.id, naming(sophie), expected_revision=2)

    # Then it is refused: a trainer never evaluates their own candidate
    assert refused.value.code == training.TrainingErrorCode.TRAINER_IS_EVALUATOR


async def make_trainer_and_evaluator(db_session: AsyncSession, person: uuid.UUID) -> None:
    membership = await db_session.scalar(select(Membership).where(Membership.user_id == person))
    assert membership is not None
    membership.roles = ["evaluator", "trainer"]


async def test_the_evaluation_prealables_evaluator_cannot_become_the_candidates_trainer(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    # Given Sophie recorded the candidate's évaluation préalable, now closed, and became a
    # trainer of the organisation too
    _, plan = await plan_in_training(db_session, greta, pathway)
    sophie = await user_id(db_session, "evaluatrice@greta-demo.fr")
    await make_trainer_and_evaluator(db_session, sophie)

    # When she is named the candidate's trainer
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(db_session, greta, plan.id, naming(sophie), expected_revision=1)

    # Then it is refused on the trainer field, naming the rule, and nothing is saved
    assert refused.value.code == training.TrainingErrorCode.TRAINER_IS_EVALUATOR
    assert refused.value.field == "trainerId"
    assert "n'est jamais son évaluateur" in refused.value.message
    assert plan.trainer_id is None
    assert plan.revision == 1


async def test_the_evaluator_of_a_closed_evaluations_sitting_cannot_become_the_trainer(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    # Given Julien (trainer and evaluator) held a past sitting of the évaluation préalable,
    # which Sophie recorded and closed
    julien = await user_id(db_session, "formateur@greta-demo.fr")
    await make_trainer_and_evaluator(db_session, julien)
    dossier = await pathway.dossier("CLEA_MANAGEMENT")
    initial = await pathway.evaluation(dossier)
    # (added as the demo's history would hold it: Julien is not an accredited evaluator)
    sitting = EvaluationSession(
        organisation_id=initial.organisation_id,
        evaluation_id=initial.id,
        site_id=greta_site.id,
        evaluator_id=julien,
        day=dt.date(2026, 1, 5),
        starts_at=dt.time(9, 0),
        ends_at=dt.time(11, 0),
    )
    db_session.add(sitting)
    await pathway.record(initial, MANAGEMENT_GAP)
    await pathway.close(initial)
    plan = await training.create_from_gaps(db_session, greta, dossier.id)

    # When Julien is named trainer
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(db_session, greta, plan.id, naming(julien), expected_revision=1)

    # Then it is refused: he evaluated this candidate, even if that evaluation is closed
    assert refused.value.code == training.TrainingErrorCode.TRAINER_IS_EVALUATOR
    assert plan.trainer_id is None


async def test_the_named_trainer_cannot_be_planned_to_evaluate_either_evaluation(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    # Given Julien (trainer and evaluator) is named the candidate's trainer first
    julien = await user_id(db_session, "formateur@greta-demo.fr")
    await make_trainer_and_evaluator(db_session, julien)
    dossier, plan = await plan_in_training(db_session, greta, pathway)
    await training.update_plan(db_session, greta, plan.id, naming(julien), expected_revision=1)
    final_evaluation = await final.start_final_evaluation(db_session, greta, registry, dossier)

    # When he is planned as the evaluator of a sitting of the évaluation finale
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
            evaluator_id=julien,
        )

    # Then it is refused on the evaluator field, naming the rule, and no sitting is saved
    assert refused.value.code == evaluations.EvaluationErrorCode.TRAINER_IS_EVALUATOR
    assert refused.value.field == "evaluatorId"
    assert "n'est jamais son évaluateur" in refused.value.message
    sittings = await db_session.scalars(
        select(EvaluationSession).where(EvaluationSession.evaluation_id == final_evaluation.id)
    )
    assert list(sittings) == []


async def test_the_named_trainer_cannot_record_the_candidates_results(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    # Given Julien (trainer and evaluator) is the candidate's trainer, and the évaluation
    # finale has started
    julien = await user_id(db_session, "formateur@greta-demo.fr")
    await make_trainer_and_evaluator(db_session, julien)
    dossier, plan = await plan_in_training(db_session, greta, pathway)
    await training.update_plan(db_session, greta, plan.id, naming(julien), expected_revision=1)
    final_evaluation = await final.start_final_evaluation(db_session, greta, registry, dossier)
    as_julien = dataclasses.replace(greta, user_id=julien)

    # When he records a result of the évaluation finale
    with pytest.raises(evaluations.EvaluationError) as refused:
        await staffing.save_grid(
            db_session,
            as_julien,
            registry,
            final_evaluation.id,
            [ResultInput("2", "acquis", "")],
            expected_revision=final_evaluation.revision,
        )

    # Then it is refused, naming the rule, and the grid is unchanged
    assert refused.value.code == evaluations.EvaluationErrorCode.TRAINER_IS_EVALUATOR
    assert refused.value.field == "results"
    assert "n'est jamais son évaluateur" in refused.value.message
    assert final_evaluation.revision == 0
