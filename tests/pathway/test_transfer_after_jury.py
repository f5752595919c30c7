"""A dossier that a jury did not certify moves with its jury history: the decision and
the members' conflict declarations follow it to the new organisation."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries import agenda, attendance, closing, decisions, recusal
from clea_platform.juries.decisions import DecisionInput
from clea_platform.juries.models import ConflictDeclaration, Decision, JuryMember, Outcome
from clea_platform.pathway import transfer
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.juries.conftest import (  # noqa: F401 (fixtures)
    DOMAIN,
    as_actor,
    member_actor,
    members,
    platform_admin,
    ready,
)
from tests.juries.test_jury_sessions import attend, convened
from tests.pathway.test_persons import AFPA_SIRET, afpa  # noqa: F401 (fixture)


async def test_a_dossier_not_certified_moves_with_its_jury_decision(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    greta: Actor,
    afpa: Actor,  # noqa: F811
    platform_admin: Actor,  # noqa: F811
    members: dict[str, JuryMember],  # noqa: F811
    ready: list[Dossier],  # noqa: F811
) -> None:
    # Given a jury that did not certify Léa's CléA dossier (an employer withdrew from it)
    dossier = ready[0]
    jury = await convened(db_session, platform_admin, registry, members)
    await attend(db_session, platform_admin, jury, *members.values())
    async with as_actor(db_session, platform_admin):
        await agenda.add_to_agenda(db_session, platform_admin, registry, jury.id, [dossier.id])
        await attendance.open_session(db_session, platform_admin, jury.id)
    withdrawing = member_actor(members["employeur2"], "employeur2")
    async with as_actor(db_session, withdrawing):
        await recusal.declare_conflict(db_session, withdrawing, jury.id, dossier.id, "Voisin")
    voter = member_actor(members["employeur1"], "employeur1")
    async with as_actor(db_session, voter):
        await decisions.decide(
            db_session,
            voter,
            jury.id,
            dossier.id,
            DecisionInput(
                Outcome.NOT_CERTIFIED, "Preuves insuffisantes.", criteria_at_issue=[DOMAIN]
            ),
        )
    async with as_actor(db_session, platform_admin):
        await closing.close_session(db_session, platform_admin, registry, jury.id)

    # When the Greta transfers it to the Afpa
    async with as_actor(db_session, greta):
        moved = await dossiers.get_dossier(db_session, dossier.id)
        assert moved.status == DossierStatus.NOT_CERTIFIED
        await transfer.transfer(
            db_session,
            greta,
            registry,
            transfer.TransferDossier(dossier.id, AFPA_SIRET, "Déménagement", True, moved.revision),
        )

    # Then the decision and the conflict declaration are the Afpa's, and no longer the Greta's
    async with cross_tenant_reads(db_session, "tests"):
        owners = {
            "decision": set(
                await db_session.scalars(
                    select(Decision.organisation_id).where(Decision.dossier_id == dossier.id)
                )
            ),
            "conflict": set(
                await db_session.scalars(
                    select(ConflictDeclaration.organisation_id).where(
                        ConflictDeclaration.dossier_id == dossier.id
                    )
                )
            ),
        }
    assert owners == {"decision": {afpa.organisation_id}, "conflict": {afpa.organisation_id}}
    async with as_actor(db_session, afpa):
        there = await dossiers.find_dossier(db_session, dossier.id)
        assert there is not None
        assert there.status == DossierStatus.NOT_CERTIFIED
    async with as_actor(db_session, greta):
        with pytest.raises(dossiers.DossierError):
            await dossiers.get_dossier(db_session, dossier.id)
