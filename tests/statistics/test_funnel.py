"""The funnel: how many dossiers opened in a period reached each step, and how fast.

Expected figures are counted by hand from the histories written below (DOMAIN.md's
pathway: opening, évaluation préalable, straight to a jury or training then évaluation
finale, jury, certificate; abandon and the lapsed training window on the side).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.errors import InvalidFormError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import service
from clea_platform.statistics.errors import StatisticsErrorCode
from clea_platform.statistics.filters import StatisticsFilter
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import refresh_tenant
from tests.statistics.conftest import org_admin_of
from tests.statistics.seeding import History, S, add_dossiers, new_organisation

D = dt.date
YEAR_2012 = StatisticsFilter(opened_from=D(2012, 1, 1), opened_to=D(2012, 12, 31))

HISTORIES = [
    # Straight to a jury and certified: préalable after 10 days, jury 21 days later.
    History(
        D(2012, 1, 10),
        [
            (D(2012, 1, 10), S.OPENED, S.INITIAL_EVALUATION),
            (D(2012, 1, 20), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
            (D(2012, 2, 10), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
            (D(2012, 3, 1), S.SUBMITTED_TO_JURY, S.CERTIFIED),
        ],
        certificate_on=D(2012, 3, 5),
    ),
    # Training, évaluation finale, jury 81 days after the préalable, not certified.
    History(
        D(2012, 1, 15),
        [
            (D(2012, 1, 16), S.OPENED, S.INITIAL_EVALUATION),
            (D(2012, 1, 25), S.INITIAL_EVALUATION, S.TRAINING),
            (D(2012, 3, 20), S.TRAINING, S.FINAL_EVALUATION),
            (D(2012, 4, 1), S.FINAL_EVALUATION, S.READY_FOR_JURY),
            (D(2012, 4, 15), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
            (D(2012, 5, 2), S.SUBMITTED_TO_JURY, S.NOT_CERTIFIED),
        ],
    ),
    # Abandoned before any evaluation.
    History(D(2012, 2, 1), [(D(2012, 2, 20), S.OPENED, S.ABANDONED)]),
    # Training, then the window lapsed (préalable 14 days after opening).
    History(
        D(2012, 2, 5),
        [
            (D(2012, 2, 6), S.OPENED, S.INITIAL_EVALUATION),
            (D(2012, 2, 19), S.INITIAL_EVALUATION, S.TRAINING),
            (D(2012, 12, 20), S.TRAINING, S.EXPIRED),
        ],
    ),
    # Opened, nothing else yet.
    History(D(2012, 3, 1)),
    # Opened the day before the period: not in it, whatever it became.
    History(
        D(2011, 12, 31),
        [
            (D(2012, 1, 5), S.OPENED, S.INITIAL_EVALUATION),
            (D(2012, 1, 6), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
        ],
    ),
]


async def test_the_funnel_counts_each_step_reached_by_the_dossiers_opened_in_the_period(
    db_session: AsyncSession, registry: CertificationRegistry
) -> None:
    # Given an organisation with the six histories above
    organisation, site = await new_organisation(db_session)
    await add_dossiers(db_session, registry, site, HISTORIES)
    admin = await org_admin_of(db_session, organisation.id)

    # When its administrator reads the statistics of 2012
    with acting_as(admin):
        await refresh_tenant(db_session)
        report = await service.statistics(
            db_session, admin, registry, YEAR_2012, today=D(2013, 1, 15)
        )

    # Then the funnel counts the five dossiers opened in 2012, step by step
    (clea,) = report.funnel
    assert clea.certification_code == "CLEA"
    assert clea.counts == {
        "opened": 5,
        "initial_completed": 3,
        "direct_to_jury": 1,
        "to_training": 2,
        "final_completed": 1,
        "submitted": 2,
        "certified": 1,
        "not_certified": 1,
        "abandoned": 1,
        "expired": 1,
    }
    assert clea.rate("certified", "opened") == 20.0
    assert clea.rate("certified", "submitted") == 50.0
    # And the durations: préalables after 10, 10 and 14 days (median 10, 90th pct 14)
    opening_to_initial = clea.durations["opening_to_initial"]
    assert (opening_to_initial.dossiers, opening_to_initial.median_days) == (3, 10.0)
    assert opening_to_initial.p90_days == 14.0
    # préalable → jury: 21 and 81 days; opening → certificate: 55 days (10 Jan → 5 Mar)
    initial_to_jury = clea.durations["initial_to_jury"]
    assert (initial_to_jury.median_days, initial_to_jury.p90_days) == (21.0, 81.0)
    assert clea.durations["opening_to_certificate"].median_days == 55.0
    assert report.national is False


async def test_an_organisations_administrator_sees_only_their_organisation(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro_admin: Actor
) -> None:
    # Given two organisations with dossiers opened in 2012 (5 here, 2 there)
    mine, my_site = await new_organisation(db_session)
    other, other_site = await new_organisation(db_session, region="Bretagne", departement="35")
    await add_dossiers(db_session, registry, my_site, HISTORIES)
    await add_dossiers(db_session, registry, other_site, [History(D(2012, 5, 1))] * 2)
    admin = await org_admin_of(db_session, mine.id)

    # When my administrator reads 2012, then asks for the other organisation's figures
    with acting_as(admin):
        await refresh_tenant(db_session)
        report = await service.statistics(
            db_session, admin, registry, YEAR_2012, today=D(2013, 1, 1)
        )
        with pytest.raises(InvalidFormError) as refused:
            await service.statistics(
                db_session,
                admin,
                registry,
                StatisticsFilter(D(2012, 1, 1), D(2012, 12, 31), organisation_id=other.id),
                today=D(2013, 1, 1),
            )

    # Then they count only their own five; the other organisation's are refused
    assert report.total.counts["opened"] == 5
    assert [e.code for e in refused.value.errors] == [StatisticsErrorCode.OTHER_ORGANISATION]
    # While Certif'Pro sees both organisations of 2012 (and the other one alone on request)
    with acting_as(certifpro_admin):
        national = await service.statistics(
            db_session, certifpro_admin, registry, YEAR_2012, today=D(2013, 1, 1)
        )
        bretagne = await service.statistics(
            db_session,
            certifpro_admin,
            registry,
            StatisticsFilter(D(2012, 1, 1), D(2012, 12, 31), region="Bretagne"),
            today=D(2013, 1, 1),
        )
    assert national.national is True
    assert national.total.counts["opened"] == 7
    assert bretagne.total.counts["opened"] == 2


@pytest.mark.parametrize(
    ("chosen", "code", "words"),
    [
        (
            StatisticsFilter(D(2012, 12, 31), D(2012, 1, 1)),
            StatisticsErrorCode.INVALID_PERIOD,
            "Période inversée",
        ),
        (
            StatisticsFilter(D(2012, 1, 1), D(2012, 12, 31), region="Atlantide"),
            StatisticsErrorCode.UNKNOWN_REGION,
            "Région inconnue",
        ),
        (
            StatisticsFilter(D(2010, 1, 1), D(2020, 1, 1)),
            StatisticsErrorCode.PERIOD_TOO_LONG,
            "10 ans au plus",
        ),
        (
            StatisticsFilter(D(2012, 1, 1), D(2012, 12, 31), certification_code="BAC"),
            StatisticsErrorCode.UNKNOWN_CERTIFICATION,
            "Certification inconnue",
        ),
        (
            StatisticsFilter(D(1, 1, 1), D(9999, 12, 31)),
            StatisticsErrorCode.INVALID_PERIOD,
            "Date hors limites",
        ),
    ],
    ids=[
        "reversed dates",
        "unknown région",
        "period over 10 years",
        "unknown certification",
        "a date out of bounds",
    ],
)
async def test_a_bad_request_gets_a_french_reason_not_an_empty_chart(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    certifpro_admin: Actor,
    chosen: StatisticsFilter,
    code: StatisticsErrorCode,
    words: str,
) -> None:
    with acting_as(certifpro_admin), pytest.raises(InvalidFormError) as refused:
        await service.statistics(db_session, certifpro_admin, registry, chosen, today=D(2013, 1, 1))
    error = refused.value.errors[0]
    assert {e.code for e in refused.value.errors} == {code}
    assert words in error.message


async def test_ten_years_exactly_is_accepted(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro_admin: Actor
) -> None:
    with acting_as(certifpro_admin):
        report = await service.statistics(
            db_session,
            certifpro_admin,
            registry,
            StatisticsFilter(D(2003, 1, 1), D(2012, 12, 31)),
            today=D(2013, 1, 1),
        )
    assert report.filter.opened_to == D(2012, 12, 31)
