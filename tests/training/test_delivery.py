"""A training plan names an accredited training organisation and one of its trainers; that
organisation sees the plans it delivers and records progress, nothing more (#19).

DOMAIN.md: the training organisation is accredited for training in that certification; it
may be the evaluator itself; the trainer is never the evaluator of the same candidate.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import Accreditation, AccreditationScope
from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.dossiers import service as dossiers
from clea_platform.identity.models import Membership, User
from clea_platform.schema.training.types import organisation_label
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from clea_platform.training import delivery, staffing
from clea_platform.training import service as training
from clea_platform.training.models import TrainingPlan, TrainingProgress
from tests.dossiers.conftest import MANAGEMENT_GAP, Pathway

TODAY = dt.date.today()
CERTIFICATION = "CLEA_MANAGEMENT"


async def afpa(session: AsyncSession) -> Organisation:
    """The demo's Afpa (Lille): accredited to evaluate, not (yet) to train."""
    async with cross_tenant_reads(session, "tests"):
        organisation = await session.scalar(
            select(Organisation).where(Organisation.slug == "afpa-demo-lille")
        )
    assert organisation is not None
    return organisation


async def accredit_for_training(
    session: AsyncSession, organisation: Organisation, scope: AccreditationScope
) -> None:
    """Certif'Pro's decision, as granting would record it: CléA Management at its first site."""
    async with cross_tenant_reads(session, "tests"):
        site = await session.scalar(
            select(Site).where(Site.organisation_id == organisation.id).order_by(Site.siret)
        )
        assert site is not None
        session.add(
            Accreditation(
                organisation_id=organisation.id,
                certification_code=CERTIFICATION,
                site_id=site.id,
                valid_from=TODAY - dt.timedelta(days=30),
                valid_until=TODAY + dt.timedelta(days=365),
                scope=scope,
            )
        )
        await session.flush()


async def trainer_of(session: AsyncSession, organisation: Organisation, name: str) -> Actor:
    """A new trainer of ``organisation``, as they would act signed in."""
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:6]}@{organisation.slug}.fr"
    user = User(email=email, full_name=name)
    session.add(user)
    await session.flush()
    async with cross_tenant_reads(session, "tests"):
        session.add(Membership(organisation_id=organisation.id, user_id=user.id, roles=["trainer"]))
        await session.flush()
    return Actor(
        label=f"{name} <{email}>",
        user_id=user.id,
        email=email,
        organisation_id=organisation.id,
        roles=frozenset({"trainer"}),
    )


async def plan_in_training(greta: Actor, pathway: Pathway) -> TrainingPlan:
    dossier, _, _ = await pathway.evaluated(CERTIFICATION, MANAGEMENT_GAP)
    return await training.create_from_gaps(pathway.session, greta, dossier.id)


def delivered_by(
    organisation_id: uuid.UUID | None, trainer: uuid.UUID | None
) -> training.PlanChanges:
    return training.PlanChanges(
        objectives={"2": "Animer une réunion d'équipe"},
        hours_by_domain={"2": 21},
        trainer_id=trainer,
        trainer_name="",
        training_organisation_id=organisation_id,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=60),
    )


class As:
    """Act as someone else in the test's one transaction (a request of theirs)."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        self.session, self.actor = session, actor

    async def __aenter__(self) -> Actor:
        self._scope = acting_as(self.actor)
        self._scope.__enter__()
        await refresh_tenant(self.session)
        return self.actor

    async def __aexit__(self, *exc: object) -> None:
        self._scope.__exit__(None, None, None)
        await refresh_tenant(self.session)


async def test_naming_an_organisation_without_a_training_accreditation_is_refused(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan = await plan_in_training(greta, pathway)
    organisation = await afpa(db_session)
    trainer = await trainer_of(db_session, organisation, "Hugo Lambert")

    # When the Greta names the Afpa, accredited to evaluate only
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(
            db_session,
            greta,
            plan.id,
            delivered_by(organisation.id, trainer.user_id),
            expected_revision=plan.revision,
        )

    # Then it is refused on the organisation, in French, and nothing is saved
    assert refused.value.code == training.TrainingErrorCode.TRAINING_ORGANISATION_NOT_ACCREDITED
    assert refused.value.field == "trainingOrganisationId"
    assert "n'est pas habilité à former pour CLEA_MANAGEMENT" in refused.value.message
    assert plan.training_organisation_id is None
    assert plan.revision == 1


async def test_a_suspended_training_accreditation_is_refused_too(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan = await plan_in_training(greta, pathway)
    organisation = await afpa(db_session)
    await accredit_for_training(db_session, organisation, AccreditationScope.TRAINING)
    async with cross_tenant_reads(db_session, "tests"):
        await db_session.execute(
            update(Accreditation)
            .where(
                Accreditation.organisation_id == organisation.id,
                Accreditation.certification_code == CERTIFICATION,
            )
            .values(status="suspended")
        )
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(
            db_session, greta, plan.id, delivered_by(organisation.id, None), expected_revision=1
        )
    assert refused.value.code == training.TrainingErrorCode.TRAINING_ORGANISATION_NOT_ACCREDITED
    assert "suspendue" in refused.value.message


async def test_the_trainer_must_belong_to_the_named_training_organisation(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan = await plan_in_training(greta, pathway)
    organisation = await afpa(db_session)
    await accredit_for_training(db_session, organisation, AccreditationScope.TRAINING)
    greta_trainer = await pathway.user_id("formateur@greta-demo.fr")

    # When the Afpa is named with the Greta's trainer
    with pytest.raises(training.TrainingError) as refused:
        await training.update_plan(
            db_session,
            greta,
            plan.id,
            delivered_by(organisation.id, greta_trainer),
            expected_revision=1,
        )

    # Then the trainer is refused and nothing is saved
    assert refused.value.code == training.TrainingErrorCode.NOT_A_TRAINER
    assert plan.training_organisation_id is None

    # And one of the Afpa's trainers is accepted; the plan shows the Afpa's name
    afpa_trainer = await trainer_of(db_session, organisation, "Hugo Lambert")
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        delivered_by(organisation.id, afpa_trainer.user_id),
        expected_revision=1,
    )
    assert plan.training_organisation_id == organisation.id
    assert plan.trainer_id == afpa_trainer.user_id
    assert plan.training_organisation_name == organisation.name


async def test_the_evaluator_itself_may_be_the_training_organisation(
    db_session: AsyncSession, greta: Actor, pathway: Pathway, greta_site: Site
) -> None:
    plan = await plan_in_training(greta, pathway)
    assert greta.organisation_id is not None
    await db_session.execute(
        update(Accreditation)
        .where(
            Accreditation.site_id == greta_site.id,
            Accreditation.certification_code == CERTIFICATION,
        )
        .values(scope=AccreditationScope.BOTH)
    )
    trainer = await pathway.user_id("formateur@greta-demo.fr")
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        delivered_by(greta.organisation_id, trainer),
        expected_revision=1,
    )
    assert plan.training_organisation_id == greta.organisation_id


async def test_the_evaluator_lists_the_trainers_of_an_accredited_training_organisation_only(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    organisation = await afpa(db_session)
    hugo = await trainer_of(db_session, organisation, "Hugo Lambert")
    before = await staffing.trainers_of(
        db_session, greta, organisation.id, CERTIFICATION, today=TODAY
    )
    await accredit_for_training(db_session, organisation, AccreditationScope.TRAINING)
    after = await staffing.trainers_of(
        db_session, greta, organisation.id, CERTIFICATION, today=TODAY
    )
    assert before == []
    assert hugo.user_id in [person.user_id for person in after]


async def linked_plan(
    session: AsyncSession, greta: Actor, pathway: Pathway
) -> tuple[TrainingPlan, Actor]:
    """A Greta plan the Afpa delivers, with its trainer Hugo."""
    plan = await plan_in_training(greta, pathway)
    organisation = await afpa(session)
    await accredit_for_training(session, organisation, AccreditationScope.TRAINING)
    hugo = await trainer_of(session, organisation, "Hugo Lambert")
    await training.update_plan(
        session, greta, plan.id, delivered_by(organisation.id, hugo.user_id), expected_revision=1
    )
    return plan, hugo


async def test_the_training_organisation_sees_the_plans_it_delivers_and_records_progress(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan, hugo = await linked_plan(db_session, greta, pathway)

    # When the Afpa's trainer lists the plans the Afpa delivers
    async with As(db_session, hugo):
        plans = await delivery.delivered_plans(db_session, hugo)
        (seen,) = [p for p in plans if p.plan.id == plan.id]

        # Then they see the candidate, the objectives and the hours (nothing else is exposed)
        assert seen.evaluator_name == "Greta démo Paris Centre"
        assert seen.certification_code == CERTIFICATION
        assert seen.candidate_name.startswith("Léa ")
        assert [(o.item_code, o.objective) for o in seen.objectives] == [
            ("2", "Animer une réunion d'équipe")
        ]
        assert seen.hours_planned == 21
        assert seen.hours_done == 0

        # And they record progress on it
        after = await delivery.record_delivered_progress(
            db_session, hugo, plan.id, day=TODAY, hours=3.5, items_worked=["2"], note="Séance 1"
        )
        assert after.hours_done == 3.5

        # But progress on an item the plan does not target is refused
        with pytest.raises(training.TrainingError) as refused:
            await delivery.record_delivered_progress(
                db_session, hugo, plan.id, day=TODAY, hours=1, items_worked=["1"]
            )
        assert refused.value.code == training.TrainingErrorCode.UNKNOWN_ITEMS

        # And the Afpa still cannot read the Greta's dossier itself
        assert await dossiers.find_dossier(db_session, plan.dossier_id) is None

    # And the Greta sees the progress on its plan, recorded by the Afpa's trainer
    recorded = list(
        await db_session.scalars(
            select(TrainingProgress).where(TrainingProgress.plan_id == plan.id)
        )
    )
    assert [(p.hours, p.recorded_by_id) for p in recorded] == [(3.5, hugo.user_id)]
    # (events join the session at its next flush: saved ones and pending ones)
    pending = {e.operation for e in db_session.info.get(audit.PENDING, [])}
    async with cross_tenant_reads(db_session, "tests"):
        operations = pending | set(
            await db_session.scalars(
                select(AuditEvent.operation).where(AuditEvent.actor_user_id == hugo.user_id)
            )
        )
    assert {"training_plan.delivered_read", "training_plan.progress"} <= operations


async def test_another_organisation_sees_no_delivered_plan_and_records_nothing(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan, _ = await linked_plan(db_session, greta, pathway)
    other = Organisation(
        slug=f"autre-{uuid.uuid4().hex[:8]}", name="Autre organisme", kind="evaluator"
    )
    db_session.add(other)
    await db_session.flush()
    stranger = await trainer_of(db_session, other, "Eve Martin")
    # The Greta's own trainer is not the Afpa either.
    greta_trainer = Actor(
        label="Julien Moreau",
        user_id=await pathway.user_id("formateur@greta-demo.fr"),
        organisation_id=greta.organisation_id,
        roles=frozenset({"trainer"}),
    )

    for intruder in (stranger, greta_trainer):
        async with As(db_session, intruder):
            assert plan.id not in [
                p.plan.id for p in await delivery.delivered_plans(db_session, intruder)
            ]
            assert await delivery.delivered_plan(db_session, intruder, plan.id) is None
            with pytest.raises(training.TrainingError) as refused:
                await delivery.record_delivered_progress(
                    db_session, intruder, plan.id, day=TODAY, hours=1, items_worked=["2"]
                )
            assert refused.value.code == training.TrainingErrorCode.NOT_FOUND
    async with cross_tenant_reads(db_session, "tests"):
        assert (
            await db_session.scalar(
                select(TrainingProgress).where(TrainingProgress.plan_id == plan.id)
            )
            is None
        )


async def test_unlinking_the_organisation_ends_its_access(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan, hugo = await linked_plan(db_session, greta, pathway)
    await training.update_plan(
        db_session, greta, plan.id, delivered_by(None, None), expected_revision=plan.revision
    )
    async with As(db_session, hugo):
        assert await delivery.delivered_plan(db_session, hugo, plan.id) is None


async def test_a_free_text_plan_keeps_working_and_shows_organisme_non_habilite(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    plan = await plan_in_training(greta, pathway)
    # A plan as saved before #19: a free-text organisation with a SIRET
    await training.update_plan(
        db_session,
        greta,
        plan.id,
        training.PlanChanges(
            objectives={"2": "Animer une réunion d'équipe"},
            hours_by_domain={},
            training_siret="73282932000009",
            training_organisation_name="Formations Nord",
        ),
        expected_revision=1,
    )
    assert plan.training_organisation_id is None
    assert organisation_label(plan) == "Formations Nord — organisme non habilité"

    # Once linked to an accredited organisation, its name alone
    organisation = await afpa(db_session)
    await accredit_for_training(db_session, organisation, AccreditationScope.TRAINING)
    await training.update_plan(
        db_session, greta, plan.id, delivered_by(organisation.id, None), expected_revision=2
    )
    assert organisation_label(plan) == organisation.name
    assert plan.training_siret == ""
