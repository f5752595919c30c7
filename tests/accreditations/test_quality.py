"""Quality indicators of an organisation, per site, beside the national median.

Three organisations open dossiers in 1991 (a year no other test writes): their histories
and jury decisions are below, and every expected figure is counted by hand from them (see
the comments; medians are nearest rank: the lower middle of an even count).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import quality
from clea_platform.audit import service as audit
from clea_platform.core.errors import AccessDeniedError, InvalidFormError
from clea_platform.identity.passwords import hash_password
from clea_platform.juries.models import Decision, JurySession, Outcome
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics.filters import StatisticsFilter
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import as_actor
from tests.isolation.helpers import PASSWORD, add_person, logged_in_client, post, unique
from tests.statistics.conftest import org_admin_of
from tests.statistics.seeding import (
    History,
    S,
    add_dossiers,
    add_site,
    new_organisation,
    noon,
)

D = dt.date
YEAR_1991 = StatisticsFilter(opened_from=D(1991, 1, 1), opened_to=D(1991, 12, 31))


def straight(opened: D, initial: D, submitted: D, decided: D, outcome: S) -> History:
    return History(
        opened,
        [
            (opened, S.OPENED, S.INITIAL_EVALUATION),
            (initial, S.INITIAL_EVALUATION, S.READY_FOR_JURY),
            (submitted, S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
            (decided, S.SUBMITTED_TO_JURY, outcome),
        ],
    )


def trained(opened: D, initial: D, final: D, ready: D) -> list[tuple[D, S, S]]:
    return [
        (opened, S.OPENED, S.INITIAL_EVALUATION),
        (initial, S.INITIAL_EVALUATION, S.TRAINING),
        (final, S.TRAINING, S.FINAL_EVALUATION),
        (ready, S.FINAL_EVALUATION, S.READY_FOR_JURY),
    ]


async def _decide(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    dossier_id: uuid.UUID,
    day: D,
    outcome: Outcome,
    *,
    to_organisation: str = "",
    internal: str = "",
) -> None:
    async with cross_tenant_reads(session, "tests:seeding"):
        jury = JurySession(
            title=unique("Jury qualité"),
            certification_codes=["CLEA"],
            region="Île-de-France",
            held_on=day,
        )
        session.add(jury)
        await session.flush()
        session.add(
            Decision(
                organisation_id=organisation_id,
                session_id=jury.id,
                dossier_id=dossier_id,
                outcome=outcome,
                decided_at=noon(day),
                organisation_comment=to_organisation,
                internal_comment=internal,
            )
        )
        await session.flush()


@pytest.fixture
async def certifpro(db_session: AsyncSession) -> Actor:
    user, _ = await add_person(
        db_session, f"{unique('qualite')}@certifpro.test", "Camille Certif", "x",
        platform_roles=["certifpro_admin"],
    )  # fmt: skip
    return Actor(
        label="Camille Certif",
        user_id=user.id,
        email=user.email,
        platform_roles=frozenset({"certifpro_admin"}),
    )


async def _seed(
    session: AsyncSession, registry: CertificationRegistry
) -> tuple[Organisation, Site, Site]:
    """Organisation A (two sites), B and C; returns A and its sites."""
    a, a1 = await new_organisation(session)
    a2 = await add_site(session, a, region="Bretagne", departement="35")
    async with cross_tenant_reads(session, "tests:seeding"):
        a1.name, a2.name = "Site A1", "Site A2"
        await session.flush()
    # A1: a1 straight to a jury (préalable 10 days after opening, certified at 40 days,
    # a remark to the organisation); a2 trained with an évaluation finale (préalable at
    # 10 days, not certified at 90 days with an internal remark, certified later); a3
    # abandoned; one more opened on 31/12/1990 (outside the period).
    a1_ids = await add_dossiers(
        session,
        registry,
        a1,
        [
            straight(D(1991, 1, 10), D(1991, 1, 20), D(1991, 2, 1), D(1991, 2, 19), S.CERTIFIED),
            History(
                D(1991, 1, 15),
                [
                    *trained(D(1991, 1, 15), D(1991, 1, 25), D(1991, 3, 1), D(1991, 3, 10)),
                    (D(1991, 3, 20), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
                    (D(1991, 4, 15), S.SUBMITTED_TO_JURY, S.NOT_CERTIFIED),
                ],
            ),
            History(D(1991, 2, 1), [(D(1991, 2, 20), S.OPENED, S.ABANDONED)]),
            History(D(1990, 12, 31), [(D(1991, 1, 2), S.OPENED, S.ABANDONED)]),
        ],
    )
    await _decide(session, a.id, a1_ids[0], D(1991, 2, 19), Outcome.CERTIFIED,
                  to_organisation="Dossier bien tenu.")  # fmt: skip
    await _decide(session, a.id, a1_ids[1], D(1991, 4, 15), Outcome.NOT_CERTIFIED,
                  internal="Grille incomplète.")  # fmt: skip
    await _decide(session, a.id, a1_ids[1], D(1991, 6, 14), Outcome.CERTIFIED, internal="  ")
    # A2: a4 in training (préalable at 20 days, no évaluation finale); a5 straight to a
    # jury (préalable at 4 days) that postponed it at 30 days, with a remark.
    a2_ids = await add_dossiers(
        session,
        registry,
        a2,
        [
            History(
                D(1991, 3, 1),
                [
                    (D(1991, 3, 1), S.OPENED, S.INITIAL_EVALUATION),
                    (D(1991, 3, 21), S.INITIAL_EVALUATION, S.TRAINING),
                ],
            ),
            History(
                D(1991, 3, 5),
                [
                    (D(1991, 3, 5), S.OPENED, S.INITIAL_EVALUATION),
                    (D(1991, 3, 9), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
                    (D(1991, 3, 20), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
                    (D(1991, 4, 4), S.SUBMITTED_TO_JURY, S.READY_FOR_JURY),
                ],
            ),
        ],
    )
    await _decide(session, a.id, a2_ids[1], D(1991, 4, 4), Outcome.POSTPONED,
                  to_organisation="Pièces manquantes.")  # fmt: skip
    # B: b1 straight (préalable at 12 days, certified at 30 days), b2 and b3 abandoned.
    b, b_site = await new_organisation(session)
    b_ids = await add_dossiers(
        session,
        registry,
        b_site,
        [
            straight(D(1991, 1, 5), D(1991, 1, 17), D(1991, 1, 25), D(1991, 2, 4), S.CERTIFIED),
            History(D(1991, 1, 6), [(D(1991, 1, 10), S.OPENED, S.ABANDONED)]),
            History(D(1991, 1, 7), [(D(1991, 1, 8), S.OPENED, S.ABANDONED)]),
        ],
    )
    await _decide(session, b.id, b_ids[0], D(1991, 2, 4), Outcome.CERTIFIED)
    # C: c1 trained (préalable at 14 days, not certified at 90 days, a remark); c2 trained
    # (préalable at 16 days, certified at 60 days); c3 opened only; c4 abandoned.
    c, c_site = await new_organisation(session)
    c_ids = await add_dossiers(
        session,
        registry,
        c_site,
        [
            History(
                D(1991, 2, 1),
                [
                    *trained(D(1991, 2, 1), D(1991, 2, 15), D(1991, 3, 20), D(1991, 4, 1)),
                    (D(1991, 4, 10), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
                    (D(1991, 5, 2), S.SUBMITTED_TO_JURY, S.NOT_CERTIFIED),
                ],
            ),
            History(
                D(1991, 2, 2),
                [
                    *trained(D(1991, 2, 3), D(1991, 2, 18), D(1991, 3, 1), D(1991, 3, 5)),
                    (D(1991, 3, 10), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
                    (D(1991, 4, 3), S.SUBMITTED_TO_JURY, S.CERTIFIED),
                ],
            ),
            History(D(1991, 2, 3)),
            History(D(1991, 2, 4), [(D(1991, 2, 10), S.OPENED, S.ABANDONED)]),
        ],
    )
    await _decide(session, c.id, c_ids[0], D(1991, 5, 2), Outcome.NOT_CERTIFIED,
                  to_organisation="Évaluation finale trop courte.")  # fmt: skip
    await _decide(session, c.id, c_ids[1], D(1991, 4, 3), Outcome.CERTIFIED)
    return a, a1, a2


async def test_indicators_per_site_and_the_national_median_are_counted_from_the_dossiers(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro: Actor
) -> None:
    a, a1, a2 = await _seed(db_session, registry)
    async with as_actor(db_session, certifpro):
        found = await quality.organisation_quality(db_session, certifpro, registry, a.id, YEAR_1991)
    assert found is not None
    # A: 5 opened (a1…a5), 1 abandoned; préalables at 4, 10, 10, 20 days; first decisions
    # at 30, 40, 90 days, one certified of three; a2 and a4 trained, a2 evaluated finally;
    # remarks on a1, a2 (internal), a5 (the blank one is none).
    assert found.whole.values == {
        "opened": 5.0,
        "abandonment_rate": 20.0,
        "opening_to_initial_days": 10.0,
        "opening_to_jury_days": 40.0,
        "first_jury_success_rate": 33.3,
        "final_evaluation_share": 50.0,
        "jury_remarks": 3.0,
    }
    assert [(s.site.id, s.figures.values) for s in found.sites] == [
        (
            a1.id,
            {
                "opened": 3.0,
                "abandonment_rate": 33.3,
                "opening_to_initial_days": 10.0,
                "opening_to_jury_days": 40.0,
                "first_jury_success_rate": 50.0,
                "final_evaluation_share": 100.0,
                "jury_remarks": 2.0,
            },
        ),
        (
            a2.id,
            {
                "opened": 2.0,
                "abandonment_rate": 0.0,
                "opening_to_initial_days": 4.0,
                "opening_to_jury_days": 30.0,
                "first_jury_success_rate": 0.0,
                "final_evaluation_share": 0.0,
                "jury_remarks": 1.0,
            },
        ),
    ]
    # Per organisation (A, B, C): opened 5, 3, 4; abandonment 20, 66.7, 25; préalable
    # 10, 12, 14; jury 40, 30, 60; success 33.3, 100, 50; final 50, —, 100; remarks 3, 0, 1.
    assert found.national_median.values == {
        "opened": 4.0,
        "abandonment_rate": 25.0,
        "opening_to_initial_days": 12.0,
        "opening_to_jury_days": 40.0,
        "first_jury_success_rate": 50.0,
        "final_evaluation_share": 50.0,
        "jury_remarks": 1.0,
    }
    assert found.organisations_compared == 3
    # The read is audited (the event is written with the request's transaction).
    assert [
        (event.operation, event.organisation_id)
        for event in db_session.info.get(audit.PENDING, [])
        if event.operation == "accreditation.read_quality"
    ] == [("accreditation.read_quality", a.id)]


async def test_an_organisation_without_dossiers_in_the_period_shows_zero_and_no_rate(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro: Actor
) -> None:
    organisation, _ = await new_organisation(db_session)
    async with as_actor(db_session, certifpro):
        found = await quality.organisation_quality(
            db_session,
            certifpro,
            registry,
            organisation.id,
            StatisticsFilter(opened_from=D(1991, 1, 1), opened_to=D(1991, 1, 31)),
        )
    assert found is not None
    assert found.whole.values["opened"] == 0.0
    assert found.whole.values["abandonment_rate"] is None
    assert found.whole.values["opening_to_jury_days"] is None
    assert found.sites[0].figures.values["jury_remarks"] == 0.0


async def test_only_certifpro_reads_them_and_a_bad_period_is_refused(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro: Actor
) -> None:
    organisation, _ = await new_organisation(db_session)
    admin = await org_admin_of(db_session, organisation.id)
    async with as_actor(db_session, admin):
        with pytest.raises(AccessDeniedError):
            await quality.organisation_quality(
                db_session, admin, registry, organisation.id, YEAR_1991
            )
    reversed_period = StatisticsFilter(opened_from=D(1991, 12, 31), opened_to=D(1991, 1, 1))
    async with as_actor(db_session, certifpro):
        with pytest.raises(InvalidFormError) as refused:
            await quality.organisation_quality(
                db_session, certifpro, registry, organisation.id, reversed_period
            )
        assert "Période inversée" in refused.value.errors[0].message
        assert (
            await quality.organisation_quality(
                db_session, certifpro, registry, uuid.uuid4(), YEAR_1991
            )
            is None
        )


QUALITY = """
query ($id: ID!, $from: Date!, $to: Date!) {
  organisationQuality(organisationId: $id, openedFrom: $from, openedTo: $to) {
    __typename
    ... on OrganisationQuality {
      sites { name }
      indicators { key label organisation sites nationalMedian }
      organisationsCompared
    }
    ... on StatisticsRefusal { errors { code field message } }
    ... on NotFound { message }
  }
}
"""


async def test_certifpro_reads_the_indicators_over_graphql_and_a_bad_period_is_explained(
    app: Any, registry: CertificationRegistry
) -> None:
    # Given a committed organisation with two dossiers opened in 1995 (one abandoned, one
    # whose préalable ended 6 days after its opening), and a Certif'Pro administrator
    email = f"{unique('qualite')}@certifpro.test"
    async with app.state.sessions.begin() as session:
        organisation, site = await new_organisation(session)
        await add_dossiers(
            session,
            registry,
            site,
            [
                History(D(1995, 3, 1), [(D(1995, 3, 2), S.OPENED, S.ABANDONED)]),
                History(
                    D(1995, 3, 1),
                    [
                        (D(1995, 3, 1), S.OPENED, S.INITIAL_EVALUATION),
                        (D(1995, 3, 7), S.INITIAL_EVALUATION, S.TRAINING),
                    ],
                ),
            ],
        )
        await add_person(
            session, email, "Camille Certif", hash_password(PASSWORD),
            platform_roles=["certifpro_admin"],
        )  # fmt: skip
    http = await logged_in_client(app, email)
    # When Certif'Pro reads 1995, then an inverted period
    body = await post(http, QUALITY, id=str(organisation.id), **{"from": "1995-01-01"},
                      to="1995-12-31")  # fmt: skip
    inverted = await post(http, QUALITY, id=str(organisation.id), **{"from": "1995-12-31"},
                          to="1995-01-01")  # fmt: skip
    # Then the figures are the organisation's, per site, beside a national median
    found = body["data"]["organisationQuality"]
    assert found["__typename"] == "OrganisationQuality", body
    rows = {row["key"]: row for row in found["indicators"]}
    assert list(rows) == list(quality.INDICATORS)
    assert (rows["opened"]["organisation"], rows["opened"]["sites"]) == (2.0, [2.0])
    assert rows["abandonment_rate"]["organisation"] == 50.0
    assert rows["opening_to_initial_days"]["organisation"] == 6.0
    assert rows["final_evaluation_share"]["organisation"] == 0.0
    assert rows["opening_to_jury_days"]["organisation"] is None
    assert rows["opened"]["nationalMedian"] is not None
    assert found["organisationsCompared"] >= 1
    # And the inverted period is refused with a French reason
    refusal = inverted["data"]["organisationQuality"]
    assert refusal["__typename"] == "StatisticsRefusal"
    assert refusal["errors"][0]["code"] == "INVALID_PERIOD"
    assert "Période inversée" in refusal["errors"][0]["message"]
