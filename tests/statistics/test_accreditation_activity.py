"""The activity table's accreditation side: applications submitted, accepted and refused
per organisation, month and certification, and the sites in force at each month's end.

Everything happens in 2005, a year no other test writes, so an organisation's figures
and Certif'Pro's national ones (narrowed to our organisations) are only what this test made.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationStatus,
    Application,
    ApplicationStatus,
    Campaign,
)
from clea_platform.evaluations.models import BillableEvent
from clea_platform.identity.passwords import hash_password
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import PASSWORD, add_person, logged_in_client, post, unique
from tests.statistics.seeding import add_site, new_organisation, noon
from tests.statistics.test_follow_up_and_networks import admin_of

D = dt.date
QUERY = """
query ($filter: StatisticsFilterInput!) {
  statistics(filter: $filter) {
    __typename
    ... on Statistics {
      activity {
        organisationName month certificationCode initialEvaluations certificates feesCents
        applicationsSubmitted applicationsAccepted applicationsRefused activeSites
      }
    }
    ... on StatisticsRefusal { errors { code message } }
  }
}
"""
YEAR = {"openedFrom": "2005-01-01", "openedTo": "2005-12-31", "withActivity": True}
COLUMNS = (
    "month",
    "certificationCode",
    "initialEvaluations",
    "certificates",
    "feesCents",
    "applicationsSubmitted",
    "applicationsAccepted",
    "applicationsRefused",
    "activeSites",
)


def _campaign(title: str, codes: list[str]) -> Campaign:
    return Campaign(
        title=title,
        certification_codes=codes,
        opens_on=D(2005, 1, 1),
        closes_on=D(2005, 12, 31),
        required_documents=[],
        accreditation_starts_on=D(2005, 1, 1),
        accreditation_ends_on=D(2008, 12, 31),
        reviewer_ids=[],
    )


def _table(body: dict[str, Any], organisation: str) -> list[tuple[Any, ...]]:
    rows = body["data"]["statistics"]["activity"]
    return [tuple(r[c] for c in COLUMNS) for r in rows if r["organisationName"] == organisation]


async def _seed(app: Any) -> dict[str, Any]:
    """Ours: an application to a CléA + CléA numérique campaign submitted 10 March, accepted
    20 May (two sites for CléA, one for CléA numérique); one to a CléA numérique campaign
    submitted 20 March, refused 2 April; a second CléA site withdrawn on 15 June; one
    évaluation préalable in June. Theirs: an application submitted 11 March, undecided."""
    async with app.state.sessions.begin() as session:
        mine, first_site = await new_organisation(session)
        second_site = await add_site(session, mine, region="Île-de-France", departement="92")
        theirs, _ = await new_organisation(session)
        both = _campaign(unique("Campagne socle et numérique"), ["CLEA", "CLEA_NUMERIQUE"])
        numerique = _campaign(unique("Campagne numérique"), ["CLEA_NUMERIQUE"])
        session.add_all([both, numerique])
        await session.flush()
        at = dt.datetime.combine
        async with cross_tenant_reads(session, "tests:seeding"):
            session.add_all(
                [
                    Application(
                        organisation_id=mine.id,
                        campaign_id=both.id,
                        content={},
                        status=ApplicationStatus.ACCEPTED,
                        submitted_at=noon(D(2005, 3, 10)),
                        decided_at=noon(D(2005, 5, 20)),
                    ),
                    Application(
                        organisation_id=mine.id,
                        campaign_id=numerique.id,
                        content={},
                        status=ApplicationStatus.REJECTED,
                        submitted_at=noon(D(2005, 3, 20)),
                        decided_at=noon(D(2005, 4, 2)),
                    ),
                    Application(
                        organisation_id=theirs.id,
                        campaign_id=both.id,
                        content={},
                        status=ApplicationStatus.SUBMITTED,
                        submitted_at=noon(D(2005, 3, 11)),
                    ),
                    *(
                        Accreditation(
                            organisation_id=mine.id,
                            certification_code=code,
                            site_id=site.id,
                            campaign_id=both.id,
                            valid_from=D(2005, 5, 20),
                            valid_until=D(2008, 5, 19),
                            status=status,
                            status_changed_at=changed,
                        )
                        for code, site, status, changed in (
                            ("CLEA", first_site, AccreditationStatus.ACTIVE, None),
                            (
                                "CLEA",
                                second_site,
                                AccreditationStatus.WITHDRAWN,
                                at(D(2005, 6, 15), dt.time(9), tzinfo=dt.UTC),
                            ),
                            ("CLEA_NUMERIQUE", first_site, AccreditationStatus.ACTIVE, None),
                        )
                    ),
                    BillableEvent(
                        organisation_id=mine.id,
                        kind="initial_evaluation",
                        certification_code="CLEA",
                        subject_id=mine.id,
                        occurred_at=noon(D(2005, 6, 3)),
                    ),
                ]
            )
            await session.flush()
        email = await admin_of(session, mine.id)
        their_email = await admin_of(session, theirs.id)
        certifpro = f"{unique('stats')}@certifpro.test"
        await add_person(
            session,
            certifpro,
            "Camille Certif",
            hash_password(PASSWORD),
            platform_roles=["certifpro_admin"],
        )
    return {
        "mine": mine.name,
        "theirs": theirs.name,
        "mine_id": str(mine.id),
        "email": email,
        "their_email": their_email,
        "certifpro": certifpro,
    }


#: Ours, per month and certification, derived from what ``_seed`` wrote: (month, code,
#: préalables, certificates, fees, submitted, accepted, refused, sites in force).
MINE = [
    # March: the two applications (the first counts for both of its certifications).
    ("2005-03", "CLEA", 0, 0, 0, 1, 0, 0, 0),
    ("2005-03", "CLEA_NUMERIQUE", 0, 0, 0, 2, 0, 0, 0),
    # April: the CléA numérique campaign's refused.
    ("2005-04", "CLEA_NUMERIQUE", 0, 0, 0, 0, 0, 1, 0),
    # May: the first accepted; on 31 May two CléA sites, one CléA numérique.
    ("2005-05", "CLEA", 0, 0, 0, 0, 1, 0, 2),
    ("2005-05", "CLEA_NUMERIQUE", 0, 0, 0, 0, 1, 0, 1),
    # June: one préalable at 20 €; the second site withdrawn on 15 June.
    ("2005-06", "CLEA", 1, 0, 2000, 0, 0, 0, 1),
]


async def test_the_activity_table_counts_applications_and_sites_in_force(app: Any) -> None:
    seeded = await _seed(app)

    # When our administrator reads 2005's activity
    http = await logged_in_client(app, seeded["email"])
    body = await post(http, QUERY, filter=YEAR)
    # Then the applications and sites are ours, per month and certification, and only ours
    assert _table(body, seeded["mine"]) == MINE, body
    assert {r["organisationName"] for r in body["data"]["statistics"]["activity"]} == {
        seeded["mine"]
    }
    # And narrowed to CléA, the CléA numérique rows are gone, the others unchanged
    clea = await post(http, QUERY, filter={**YEAR, "certificationCode": "CLEA"})
    assert _table(clea, seeded["mine"]) == [row for row in MINE if row[1] == "CLEA"]
    # And a period ending on 25 May counts the sites in force that day
    may = await post(http, QUERY, filter={**YEAR, "openedTo": "2005-05-25"})
    assert _table(may, seeded["mine"])[-2:] == [
        ("2005-05", "CLEA", 0, 0, 0, 0, 1, 0, 2),
        ("2005-05", "CLEA_NUMERIQUE", 0, 0, 0, 0, 1, 0, 1),
    ]

    # And the same table downloads as CSV and XLSX (nothing masked: organisations, sites)
    url = "/exports/statistics/activite.{}?du=2005-01-01&au=2005-12-31"
    csv = await http.get(url.format("csv"))
    assert csv.status_code == 200, csv.text
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "organisme;mois;certification;evaluations_prealables;certificats;frais_dus_eur_ht;"
        "candidatures_deposees;candidatures_acceptees;candidatures_refusees;"
        "etablissements_habilites"
    )
    assert lines[1:] == [
        f"{seeded['mine']};2005-03;CLEA;0;0;0,00;1;0;0;0",
        f"{seeded['mine']};2005-03;CLEA_NUMERIQUE;0;0;0,00;2;0;0;0",
        f"{seeded['mine']};2005-04;CLEA_NUMERIQUE;0;0;0,00;0;0;1;0",
        f"{seeded['mine']};2005-05;CLEA;0;0;0,00;0;1;0;2",
        f"{seeded['mine']};2005-05;CLEA_NUMERIQUE;0;0;0,00;0;1;0;1",
        f"{seeded['mine']};2005-06;CLEA;1;0;20,00;0;0;0;1",
    ]
    xlsx = await http.get(url.format("xlsx"))
    assert xlsx.status_code == 200, xlsx.text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1] == (seeded["mine"], "2005-06", "CLEA", 1, 0, 20, 0, 0, 0, 1)


async def test_certifpro_sees_every_organisations_applications_and_another_tenant_none_of_ours(
    app: Any,
) -> None:
    seeded = await _seed(app)

    # When Certif'Pro reads 2005's activity
    national = await post(await logged_in_client(app, seeded["certifpro"]), QUERY, filter=YEAR)
    # Then both organisations are there: theirs with its one submitted application
    assert _table(national, seeded["mine"]) == MINE
    assert _table(national, seeded["theirs"]) == [
        ("2005-03", "CLEA", 0, 0, 0, 1, 0, 0, 0),
        ("2005-03", "CLEA_NUMERIQUE", 0, 0, 0, 1, 0, 0, 0),
    ]

    # When the other organisation's administrator asks for ours
    other = await logged_in_client(app, seeded["their_email"])
    body = await post(other, QUERY, filter={**YEAR, "organisationId": seeded["mine_id"]})
    # Then they are refused, and their own table has nothing of ours
    assert body["data"]["statistics"]["__typename"] == "StatisticsRefusal", body
    own = await post(other, QUERY, filter=YEAR)
    assert _table(own, seeded["mine"]) == []
    assert len(_table(own, seeded["theirs"])) == 2
    export = await other.get(
        "/exports/statistics/activite.csv?du=2005-01-01&au=2005-12-31"
        f"&organisation={seeded['mine_id']}"
    )
    assert export.status_code == 400
    assert seeded["mine"] not in export.text
