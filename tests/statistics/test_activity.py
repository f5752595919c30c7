"""Activity and fees: évaluations préalables and certificates per organisation and month,
priced at the certification's fees (DOMAIN.md: CléA 20 € per évaluation préalable, 5 € per
certificate), from the billable events the evaluations and certificates record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.evaluations.models import BillableEvent
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import service
from clea_platform.statistics.filters import StatisticsFilter
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.statistics.conftest import org_admin_of
from tests.statistics.seeding import new_organisation, noon

D = dt.date


async def test_activity_counts_billable_events_per_organisation_and_month_with_fees(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro_admin: Actor
) -> None:
    # Given in 2016: 3 préalables in March and 2 certificates in April for us, 1 elsewhere
    mine, _ = await new_organisation(db_session)
    other, _ = await new_organisation(db_session)
    events = (
        [(mine.id, "initial_evaluation", D(2016, 3, day)) for day in (1, 15, 31)]
        + [(mine.id, "certificate", D(2016, 4, day)) for day in (2, 3)]
        + [(other.id, "initial_evaluation", D(2016, 3, 5))]
    )
    async with cross_tenant_reads(db_session, "tests:seeding"):
        db_session.add_all(
            BillableEvent(
                organisation_id=organisation_id,
                kind=kind,
                certification_code="CLEA",
                subject_id=mine.id,
                occurred_at=noon(day),
            )
            for organisation_id, kind, day in events
        )
        await db_session.flush()
    year = StatisticsFilter(D(2016, 1, 1), D(2016, 12, 31), with_activity=True)

    # When our administrator reads 2016's activity
    admin = await org_admin_of(db_session, mine.id)
    with acting_as(admin):
        await refresh_tenant(db_session)
        report = await service.statistics(db_session, admin, registry, year, today=D(2017, 1, 1))

    # Then March has 3 préalables (60 €) and April 2 certificates (10 €), ours only
    assert [
        (r.month, r.initial_evaluations, r.certificates, r.fees_cents) for r in report.activity
    ] == [
        ("2016-03", 3, 0, 6000),
        ("2016-04", 0, 2, 1000),
    ]
    # And Certif'Pro sees both organisations
    with acting_as(certifpro_admin):
        national = await service.statistics(
            db_session, certifpro_admin, registry, year, today=D(2017, 1, 1)
        )
    assert {r.organisation_name for r in national.activity} == {mine.name, other.name}
