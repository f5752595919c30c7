"""The trainer's « mes dossiers »: the list filtered on the trainer named by each dossier's
training plan — within the organisation only."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.models import Dossier
from clea_platform.pathway import listing
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import refresh_tenant
from clea_platform.training import service as training
from tests.dossiers.conftest import MANAGEMENT_GAP, Pathway
from tests.isolation.helpers import add_organisation


async def _in_training(pathway: Pathway) -> Dossier:
    dossier, _, outcome = await pathway.evaluated("CLEA_MANAGEMENT", MANAGEMENT_GAP)
    assert not outcome.eligible
    return dossier


async def _name_trainer(pathway: Pathway, dossier: Dossier, trainer_id: object) -> None:
    plan = await training.create_from_gaps(pathway.session, pathway.adviser, dossier.id)
    await training.update_plan(
        pathway.session,
        pathway.adviser,
        plan.id,
        training.PlanChanges(
            objectives={"2": "Animer une équipe"},
            hours_by_domain={},
            trainer_id=trainer_id,  # type: ignore[arg-type]
        ),
        expected_revision=plan.revision,
    )


async def _listed(session: AsyncSession, filters: listing.DossierFilters) -> set[object]:
    found = await listing.list_dossiers(session, filters, first=100, after=None)
    return {row.dossier.id for row in found.page.items}


async def test_the_trainer_lists_the_dossiers_whose_plan_names_them(pathway: Pathway) -> None:
    trainer = await pathway.user_id("formateur@greta-demo.fr")
    trained = await _in_training(pathway)
    await _name_trainer(pathway, trained, trainer)
    other = await _in_training(pathway)
    await _name_trainer(pathway, other, None)
    without_plan = await _in_training(pathway)

    listed = await _listed(pathway.session, listing.DossierFilters(trainer_id=trainer))

    assert trained.id in listed
    assert other.id not in listed
    assert without_plan.id not in listed


async def test_another_organisation_filtering_on_the_trainer_sees_none_of_them(
    pathway: Pathway,
) -> None:
    trainer = await pathway.user_id("formateur@greta-demo.fr")
    trained = await _in_training(pathway)
    await _name_trainer(pathway, trained, trainer)
    elsewhere = await add_organisation(pathway.session, "Organisme voisin")
    intruder = Actor(label="Voisin", organisation_id=elsewhere.id, roles=frozenset({"org_admin"}))
    with acting_as(intruder):
        await refresh_tenant(pathway.session)
        listed = await _listed(pathway.session, listing.DossierFilters(trainer_id=trainer))
    await refresh_tenant(pathway.session)

    assert listed == set()
