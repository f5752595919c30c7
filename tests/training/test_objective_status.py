"""Following a plan objective by objective; hours for the trained domains only; the plan
and the attestation in the dossier's history."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents import attestations
from clea_platform.dossiers import service as dossiers
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training import delivery
from clea_platform.training import service as training
from clea_platform.training.models import ObjectiveStatus, TrainingObjective
from tests.dossiers.conftest import Pathway, clea_leaves
from tests.training.test_delivery import As, linked_plan, trainer_of

TO_DO, IN_PROGRESS, REACHED = (
    ObjectiveStatus.TO_DO,
    ObjectiveStatus.IN_PROGRESS,
    ObjectiveStatus.REACHED,
)


async def clea_plan_on_domain_4(
    greta: Actor, pathway: Pathway, registry: CertificationRegistry
) -> training.TrainingPlan:
    """A CléA dossier whose évaluation préalable left domain 4's criteria, with its plan."""
    dossier, _, _ = await pathway.evaluated(
        "CLEA",
        {
            code: "non_acquis" if code.startswith("4.") else "acquis"
            for code in clea_leaves(registry)
        },
    )
    return await training.create_from_gaps(pathway.session, greta, dossier.id)


async def statuses(session: AsyncSession, plan_id: uuid.UUID) -> dict[str, ObjectiveStatus]:
    rows = await session.execute(
        select(TrainingObjective.item_code, TrainingObjective.status).where(
            TrainingObjective.plan_id == plan_id
        )
    )
    return {code: status for code, status in rows}


def domain_4_objectives(registry: CertificationRegistry) -> dict[str, str]:
    return {code: "Travailler en équipe" for code in clea_leaves(registry) if code.startswith("4.")}


async def test_the_trainer_follows_each_objective_and_editing_the_plan_keeps_the_statuses(
    db_session: AsyncSession, greta: Actor, pathway: Pathway, registry: CertificationRegistry
) -> None:
    plan = await clea_plan_on_domain_4(greta, pathway, registry)
    gaps = sorted(domain_4_objectives(registry))
    # Every objective starts « à faire »
    assert await statuses(db_session, plan.id) == dict.fromkeys(gaps, TO_DO)

    # When the trainer records where two objectives stand
    revision = plan.revision
    await training.set_objective_status(db_session, greta, plan.id, gaps[0], REACHED)
    await training.set_objective_status(db_session, greta, plan.id, gaps[1], IN_PROGRESS)

    # Then they are saved at once, without making whoever edits the plan reload it
    assert plan.revision == revision
    recorded = await statuses(db_session, plan.id)
    assert (recorded[gaps[0]], recorded[gaps[1]], recorded[gaps[2]]) == (
        REACHED,
        IN_PROGRESS,
        TO_DO,
    )

    # And editing the plan keeps the status of the objectives it keeps
    kept = {gaps[0]: "Travailler en équipe", gaps[2]: "Coopérer"}
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        training.PlanChanges(objectives=kept, hours_by_domain={"4": 35}),
        expected_revision=revision,
    )
    assert await statuses(db_session, plan.id) == {gaps[0]: REACHED, gaps[2]: TO_DO}

    # But an item the plan does not target has no objective to follow
    with pytest.raises(training.TrainingError) as refused:
        await training.set_objective_status(db_session, greta, plan.id, "1.1.1", REACHED)
    assert refused.value.code == training.TrainingErrorCode.UNKNOWN_ITEMS
    assert refused.value.field == "itemCode"


async def test_hours_are_planned_only_for_the_domains_the_candidate_trains_in(
    db_session: AsyncSession, greta: Actor, pathway: Pathway, registry: CertificationRegistry
) -> None:
    plan = await clea_plan_on_domain_4(greta, pathway, registry)
    objectives = domain_4_objectives(registry)

    # When hours are planned for domain 1, where every criterion was acquired
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(
            db_session,
            greta,
            plan.id,
            training.PlanChanges(objectives=objectives, hours_by_domain={"4": 35, "1": 5}),
            expected_revision=plan.revision,
        )

    # Then the plan is refused, naming the domain, and nothing is saved
    assert refused.value.code == training.TrainingErrorCode.INVALID_HOURS
    assert refused.value.field == "hoursByDomain"
    assert "domaine sans objectif (1)" in refused.value.message
    assert plan.hours_by_domain == {}

    # While zero hours on it (a form's empty field) is no plan for it
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        training.PlanChanges(objectives=objectives, hours_by_domain={"4": 35, "1": 0}),
        expected_revision=plan.revision,
    )
    assert plan.hours_by_domain == {"4": 35, "1": 0}


async def test_the_plan_and_the_attestation_appear_in_the_dossier_history(
    db_session: AsyncSession, greta: Actor, pathway: Pathway, registry: CertificationRegistry
) -> None:
    dossier, evaluation, _ = await pathway.evaluated(
        "CLEA",
        {
            code: "non_acquis" if code.startswith("4.") else "acquis"
            for code in clea_leaves(registry)
        },
    )
    leaves = clea_leaves(registry)
    gaps = [code for code in leaves if code.startswith("4.")]

    attestation = await attestations.issue(db_session, greta, registry, evaluation.id)
    plan = await training.create_from_gaps(db_session, greta, dossier.id)
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        training.PlanChanges(
            objectives=dict.fromkeys(gaps[:2], "Coopérer"), hours_by_domain={"4": 12.5}
        ),
        expected_revision=plan.revision,
    )
    await db_session.flush()

    lines = [
        (event.kind, event.comment)
        for event in await dossiers.timeline(db_session, dossier.id)
        if event.kind in {"attestation", "training_plan"}
    ]
    assert lines == [
        (
            "attestation",
            f"Attestation des compétences acquises n° {attestation.reference} : "
            f"{len(leaves) - len(gaps)} critère(s) acquis.",
        ),
        ("training_plan", f"Plan de formation construit : {len(gaps)} objectif(s)."),
        ("training_plan", "Plan de formation modifié : 2 objectif(s), 12,5 h prévues."),
    ]


async def test_the_training_organisation_follows_the_objectives_of_the_plans_it_delivers_only(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan, hugo = await linked_plan(db_session, greta, pathway)

    # When the Afpa's trainer records that the plan's one objective is reached
    async with As(db_session, hugo):
        delivered = await delivery.set_delivered_objective_status(
            db_session, hugo, plan.id, "2", REACHED
        )
        assert [(o.item_code, o.status) for o in delivered.objectives] == [("2", REACHED)]

    # But a trainer of another organisation finds no such plan, and changes nothing
    other = Organisation(
        slug=f"autre-{uuid.uuid4().hex[:8]}", name="Autre organisme", kind="evaluator"
    )
    db_session.add(other)
    await db_session.flush()
    stranger = await trainer_of(db_session, other, "Eve Martin")
    async with As(db_session, stranger):
        with pytest.raises(training.TrainingError) as refused:
            await delivery.set_delivered_objective_status(
                db_session, stranger, plan.id, "2", IN_PROGRESS
            )
        assert refused.value.code == training.TrainingErrorCode.NOT_FOUND
        with pytest.raises(training.TrainingError) as refused:
            await training.set_objective_status(db_session, stranger, plan.id, "2", IN_PROGRESS)
        assert refused.value.code == training.TrainingErrorCode.NOT_FOUND
    async with cross_tenant_reads(db_session, "tests"):
        assert await statuses(db_session, plan.id) == {"2": REACHED}
