"""The list's counts per status come from a summary the database keeps with the dossiers.

Whatever sequence of openings, transitions, amendments, reassignments and deletions, the
summary (``dossier_status_count``) says what counting the dossiers says, in the same
transaction, before and after its rows are folded together; ``rebuild`` puts a damaged
summary right; another organisation sees none of it.
"""

from __future__ import annotations

import random

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers import counts
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier, DossierStatusCount
from clea_platform.dossiers.states import AMENDMENT_TRANSITIONS, TRANSITIONS, DossierStatus
from clea_platform.pathway.listing import DossierFilters, list_dossiers
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.dossiers.conftest import Pathway


async def _live_by_status(session: AsyncSession, adviser: Actor) -> dict[DossierStatus, int]:
    rows = await session.execute(
        select(Dossier.status, func.count())
        .where(Dossier.adviser_id == adviser.user_id)
        .group_by(Dossier.status)
    )
    return {DossierStatus(status): n for status, n in rows}


async def test_the_summary_equals_a_live_count_after_a_random_sequence_of_changes(
    db_session: AsyncSession,
    greta: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    # Given a few new dossiers of the Greta's adviser
    chance = random.Random(20261205)
    opened = [await pathway.dossier() for _ in range(5)]
    opened.append(await pathway.dossier("CLEA_NUMERIQUE"))
    colleague = await pathway.user_id("evaluatrice@greta-demo.fr")

    # When the pathway moves them at random (and one changes adviser, one is deleted)
    for step in range(40):
        dossier = chance.choice(opened)
        if step == 25:
            dossier.adviser_id = colleague
        elif step == 33 and len(opened) > 1:
            opened.remove(dossier)
            await db_session.delete(dossier)
        elif targets := sorted(TRANSITIONS[dossier.status]):
            target = chance.choice(targets)
            await dossiers.move(
                db_session, greta, registry, dossier, target, comment="Raison du test"
            )
        elif amendments := sorted(AMENDMENT_TRANSITIONS.get(dossier.status, ())):
            await dossiers.move_by_amendment(
                db_session, greta, registry, dossier, chance.choice(amendments), comment="Erreur"
            )
        await db_session.flush()

        # Then after every step the summary says what counting the dossiers says
        assert await counts.stored_counts(db_session) == await counts.live_counts(db_session)
        if step % 10 == 9:
            # and still does once its rows are folded together (one per key)
            await counts.compact(db_session)
            assert await counts.stored_counts(db_session) == await counts.live_counts(db_session)
            rows = await db_session.scalar(select(func.count()).select_from(DossierStatusCount))
            assert rows == len(await counts.stored_counts(db_session))

    assert {d.status for d in opened} - {DossierStatus.OPENED}, "the dossiers moved"
    live = await _live_by_status(db_session, greta)
    summarised = await counts.summarised_counts(db_session, adviser_id=greta.user_id)
    assert summarised == live
    listed = await list_dossiers(
        db_session, DossierFilters(adviser_id=greta.user_id), first=5, after=None
    )
    assert listed.counts_by_status == live
    assert listed.page.total_count == sum(live.values())


async def test_rebuilding_puts_a_damaged_summary_right(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    # Given a summary damaged by hand (a restore, an edit in SQL)
    await pathway.dossier()
    assert greta.organisation_id is not None
    await db_session.execute(
        update(DossierStatusCount).values(dossier_count=DossierStatusCount.dossier_count + 7)
    )
    assert await counts.stored_counts(db_session) != await counts.live_counts(db_session)

    # When it is rebuilt
    total = await counts.rebuild(db_session, greta.organisation_id)

    # Then it says what counting the dossiers says again
    live = await counts.live_counts(db_session)
    assert await counts.stored_counts(db_session) == live
    assert total == sum(live.values()) > 0


async def test_another_organisation_sees_none_of_the_summary(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    # Given a dossier of the Greta's adviser
    await pathway.dossier()
    assert await counts.summarised_counts(db_session, adviser_id=greta.user_id)

    # When another organisation reads the summary under the same filters
    async with cross_tenant_reads(db_session, "tests"):
        other = await db_session.scalar(
            select(Organisation).where(Organisation.id != greta.organisation_id).limit(1)
        )
    assert other is not None
    intruder = Actor(label="intrus", organisation_id=other.id, roles=frozenset({"org_admin"}))
    with acting_as(intruder):
        await refresh_tenant(db_session)
        seen = await counts.summarised_counts(db_session, adviser_id=greta.user_id)
        rows = await db_session.scalar(
            select(func.count())
            .select_from(DossierStatusCount)
            .where(DossierStatusCount.organisation_id == greta.organisation_id)
        )
    await refresh_tenant(db_session)

    # Then it sees nothing of the Greta's
    assert seen == {}
    assert rows == 0
