"""An accreditation is valid from its first day to its last day, both included (DOMAIN.md).

On its last valid day an organisation still opens dossiers, is still listed in the public
directory and is still told « valide »; the next day it is expired. Likewise it is usable
from its first day, not the day before. A rule expiring one day early (or starting one
day late) fails these tests.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import directory, enforcement, service
from clea_platform.accreditations.models import Accreditation
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import as_actor

GRETA_SITE = "13002526500013"
FIRST_DAY = dt.date(2027, 3, 1)
LAST_DAY = dt.date(2029, 2, 28)
DAY = dt.timedelta(days=1)


async def greta_clea(session: AsyncSession) -> tuple[Accreditation, Site]:
    """The demo Greta's CléA accreditation of its Paris site, valid FIRST_DAY to LAST_DAY."""
    async with cross_tenant_reads(session, "tests"):
        site = await session.scalar(select(Site).where(Site.siret == GRETA_SITE))
        assert site is not None
        accreditation = await session.scalar(
            select(Accreditation).where(
                Accreditation.site_id == site.id, Accreditation.certification_code == "CLEA"
            )
        )
        assert accreditation is not None
        accreditation.valid_from = FIRST_DAY
        accreditation.valid_until = LAST_DAY
        await session.flush()
    return accreditation, site


async def listed(session: AsyncSession, today: dt.date) -> bool:
    with acting_as(Actor()):
        page = await directory.search(
            session,
            directory.DirectoryFilter(certification_code="CLEA", postal_code="75003"),
            today=today,
            first=50,
            after=None,
        )
    return GRETA_SITE in {entry.site.siret for entry in page.items}


async def opens_dossiers(
    session: AsyncSession, accreditation: Accreditation, today: dt.date
) -> bool:
    async with cross_tenant_reads(session, "tests"):
        problems = await enforcement.opening_problems(
            session, accreditation.organisation_id, "CLEA", accreditation.site_id, today
        )
    return problems == []


async def test_on_its_last_valid_day_an_accreditation_still_counts_and_not_the_day_after(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    accreditation, _ = await greta_clea(db_session)

    assert enforcement.is_valid(accreditation, LAST_DAY)
    assert enforcement.status_label(accreditation, LAST_DAY) == "valide"
    assert await opens_dossiers(db_session, accreditation, LAST_DAY)
    assert await listed(db_session, LAST_DAY)

    assert not enforcement.is_valid(accreditation, LAST_DAY + DAY)
    assert enforcement.status_label(accreditation, LAST_DAY + DAY) == "expirée depuis le 28/02/2029"
    assert not await opens_dossiers(db_session, accreditation, LAST_DAY + DAY)
    assert not await listed(db_session, LAST_DAY + DAY)


async def test_on_its_first_valid_day_an_accreditation_counts_and_not_the_day_before(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    accreditation, _ = await greta_clea(db_session)

    assert enforcement.is_valid(accreditation, FIRST_DAY)
    assert enforcement.status_label(accreditation, FIRST_DAY) == "valide"
    assert await opens_dossiers(db_session, accreditation, FIRST_DAY)
    assert await listed(db_session, FIRST_DAY)

    assert not enforcement.is_valid(accreditation, FIRST_DAY - DAY)
    assert enforcement.status_label(accreditation, FIRST_DAY - DAY) == "pas encore en vigueur"
    assert not await opens_dossiers(db_session, accreditation, FIRST_DAY - DAY)
    assert not await listed(db_session, FIRST_DAY - DAY)


async def test_the_organisation_reads_valide_on_the_last_day_and_expired_the_next(
    db_session: AsyncSession, platform_admin: Actor, greta: Actor
) -> None:
    accreditation, _ = await greta_clea(db_session)
    async with as_actor(db_session, greta):
        last = await service.my_accreditations(db_session, LAST_DAY, certification_code="CLEA")
        after = await service.my_accreditations(
            db_session, LAST_DAY + DAY, certification_code="CLEA"
        )
    by_id = {row.accreditation.id: row for row in last}
    assert by_id[accreditation.id].is_valid
    assert by_id[accreditation.id].status_label == "valide"
    expired = {row.accreditation.id: row for row in after}[accreditation.id]
    assert not expired.is_valid


async def test_the_expiry_reminder_reaches_an_accreditation_on_its_last_day(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    accreditation, _ = await greta_clea(db_session)
    assert accreditation.reminded_30_at is None
    # Still valid on its last day: the 30-day reminder goes out then if it had not yet
    assert await service.send_expiry_reminders(db_session, LAST_DAY) >= 1
    assert accreditation.reminded_30_at is not None
