"""``statistics(filter: …)`` over HTTP and the CSV export: who sees what, bad input.

The dossiers are committed (the app reads them through its own sessions) and opened in
2014, a year no other test writes; each test makes organisations of its own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from clea_platform.identity.passwords import hash_password
from clea_platform.plugins.registry import CertificationRegistry
from tests.conftest import new_client
from tests.isolation.helpers import PASSWORD, add_person, logged_in_client, post, unique
from tests.statistics.seeding import History, S, add_dossiers, new_organisation

D = dt.date

QUERY = """
query ($filter: StatisticsFilterInput!) {
  statistics(filter: $filter) {
    __typename
    ... on Statistics {
      national
      total { opened initialCompleted certified certificationRate }
      funnel { certificationCode opened }
      breakdowns { dimension totalOpened rows { key label opened certified } }
    }
    ... on StatisticsRefusal { errors { code field message } }
  }
}
"""


def period(**more: Any) -> dict[str, Any]:
    return {"openedFrom": "2014-01-01", "openedTo": "2014-12-31", **more}


async def _organisation_with_dossiers(
    app: Any, registry: CertificationRegistry, histories: list[History]
) -> tuple[uuid.UUID, str]:
    """A committed organisation with ``histories`` and its administrator's e-mail."""
    email = f"{unique('admin')}@organisme.test"
    async with app.state.sessions.begin() as session:
        organisation, site = await new_organisation(session, region="Normandie", departement="14")
        await add_dossiers(session, registry, site, histories)
        await add_person(
            session,
            email,
            "Alex Admin",
            hash_password(PASSWORD),
            memberships=[(organisation.id, ["org_admin"])],
        )
    return organisation.id, email


CERTIFIED = [
    (D(2014, 2, 3), S.OPENED, S.INITIAL_EVALUATION),
    (D(2014, 2, 10), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
    (D(2014, 3, 3), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
    (D(2014, 3, 20), S.SUBMITTED_TO_JURY, S.CERTIFIED),
]


@pytest.fixture
async def two_organisations(app: Any, registry: CertificationRegistry) -> dict[str, Any]:
    mine = await _organisation_with_dossiers(
        app, registry, [History(D(2014, 2, 1), CERTIFIED)] * 6 + [History(D(2014, 4, 1))] * 2
    )
    theirs = await _organisation_with_dossiers(app, registry, [History(D(2014, 5, 1))] * 3)
    admin_email = f"{unique('certifpro')}@certifpro.test"
    async with app.state.sessions.begin() as session:
        await add_person(
            session,
            admin_email,
            "Camille Certif",
            hash_password(PASSWORD),
            platform_roles=["certifpro_admin"],
        )
    return {"mine": mine, "theirs": theirs, "certifpro": admin_email}


async def test_an_organisations_administrator_reads_their_own_funnel(
    app: Any, two_organisations: dict[str, Any]
) -> None:
    # Given my organisation: 8 dossiers opened in 2014, 6 of them certified
    _, email = two_organisations["mine"]
    http = await logged_in_client(app, email)
    # When I ask for 2014
    body = await post(http, QUERY, filter=period())
    # Then I get my funnel: 8 opened, 6 certified (75 %)
    answer = body["data"]["statistics"]
    assert answer["__typename"] == "Statistics", body
    assert answer["national"] is False
    assert answer["total"] == {
        "opened": 8,
        "initialCompleted": 6,
        "certified": 6,
        "certificationRate": 75.0,
    }


async def test_another_organisations_administrator_cannot_see_my_figures(
    app: Any, two_organisations: dict[str, Any]
) -> None:
    # Given the other organisation's administrator (3 dossiers of their own in 2014)
    my_id, _ = two_organisations["mine"]
    _, their_email = two_organisations["theirs"]
    http = await logged_in_client(app, their_email)
    # When they read 2014, then ask for my organisation by its identifier
    own = await post(http, QUERY, filter=period(breakdowns=["ORGANISATION"]))
    mine = await post(http, QUERY, filter=period(organisationId=str(my_id)))
    # Then they see their 3 dossiers only, and are refused mine with a French reason
    assert own["data"]["statistics"]["total"]["opened"] == 3
    assert len(own["data"]["statistics"]["breakdowns"][0]["rows"]) == 1
    refusal = mine["data"]["statistics"]
    assert refusal["__typename"] == "StatisticsRefusal"
    assert refusal["errors"][0]["code"] == "OTHER_ORGANISATION"
    assert "votre organisation" in refusal["errors"][0]["message"]
    # And my figures do not leak through the CSV export either
    response = await http.get(
        f"/exports/statistics/organisation.csv?du=2014-01-01&au=2014-12-31&organisation={my_id}"
    )
    assert response.status_code == 400


async def test_certifpro_sees_any_organisation_and_bad_input_gets_french_reasons(
    app: Any, two_organisations: dict[str, Any]
) -> None:
    my_id, _ = two_organisations["mine"]
    http = await logged_in_client(app, two_organisations["certifpro"])
    # When Certif'Pro reads my organisation's 2014
    body = await post(http, QUERY, filter=period(organisationId=str(my_id)))
    # Then it gets its figures, as national figures
    assert body["data"]["statistics"]["national"] is True
    assert body["data"]["statistics"]["total"]["opened"] == 8
    # And reversed dates, an unknown région or more than 10 years are explained
    bad = await post(
        http,
        QUERY,
        filter={"openedFrom": "2014-12-31", "openedTo": "2014-01-01", "region": "Gondwana"},
    )
    errors = bad["data"]["statistics"]["errors"]
    assert {e["code"] for e in errors} == {"INVALID_PERIOD", "UNKNOWN_REGION"}
    assert all(e["message"] for e in errors)
    long = await post(http, QUERY, filter={"openedFrom": "2000-01-01", "openedTo": "2014-01-01"})
    assert long["data"]["statistics"]["errors"][0]["code"] == "PERIOD_TOO_LONG"


async def test_the_csv_export_streams_the_masked_table(
    app: Any, two_organisations: dict[str, Any]
) -> None:
    # Given my organisation's 8 dossiers of 2014 (6 certified)
    _, email = two_organisations["mine"]
    http = await logged_in_client(app, email)
    # When I download the breakdown by age band (all born in 1985: 28 years old in 2014)
    response = await http.get("/exports/statistics/age_band.csv?du=2014-01-01&au=2014-12-31")
    # Then it is a French CSV whose only category holds the 8 dossiers
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "dimension;code;categorie;dossiers_ouverts;certifies"
    assert lines[1].endswith(";25_29;25 à 29 ans;8;6")
    # And an unknown table, a missing period, a reader without the right are refused
    unknown = "/exports/statistics/shoe_size.csv?du=2014-01-01&au=2014-12-31"
    assert (await http.get(unknown)).status_code == 404
    assert (await http.get("/exports/statistics/sex.csv")).status_code == 400


async def test_a_viewer_and_an_anonymous_caller_get_no_export(
    app: Any, registry: CertificationRegistry
) -> None:
    email = f"{unique('viewer')}@organisme.test"
    async with app.state.sessions.begin() as session:
        organisation, _ = await new_organisation(session)
        await add_person(
            session,
            email,
            "Vic Viewer",
            hash_password(PASSWORD),
            memberships=[(organisation.id, ["viewer"])],
        )
    viewer = await logged_in_client(app, email)
    url = "/exports/statistics/sex.csv?du=2014-01-01&au=2014-12-31"
    assert (await viewer.get(url)).status_code == 403
    body = await post(viewer, QUERY, filter=period())
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await new_client(app).get(url)).status_code == 401
