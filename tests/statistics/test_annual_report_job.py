"""The annual report as a background job: asked for, its progress, then its PDF, which
only its requester can read. Dossiers opened in 2008, a year no other test writes."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pypdf

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from tests.isolation.helpers import logged_in_client, post
from tests.jobs.conftest import run_queued_jobs
from tests.statistics.seeding import History, S, add_dossiers, new_organisation
from tests.statistics.test_follow_up_and_networks import admin_of

D = dt.date
REQUEST = """
mutation ($input: RequestAnnualReportInput!) { requestAnnualReport(input: $input) {
  report { id status progress step downloadUrl } errors { code field message } } }
"""
FOLLOW = """
query ($id: ID!) { annualReport(id: $id) { __typename
  ... on AnnualReportJob { status progress step failure downloadUrl } } }
"""
CERTIFIED = [
    (D(2008, 3, 2), S.OPENED, S.INITIAL_EVALUATION),
    (D(2008, 3, 9), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
    (D(2008, 4, 1), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
    (D(2008, 4, 20), S.SUBMITTED_TO_JURY, S.CERTIFIED),
]


async def test_an_administrator_asks_for_the_annual_report_follows_it_then_downloads_it(
    app: Any, registry: CertificationRegistry, settings: Settings
) -> None:
    # Given my organisation: 7 dossiers opened in 2008, 5 certified; and another one's admin
    async with app.state.sessions.begin() as session:
        mine, site = await new_organisation(session)
        await add_dossiers(
            session,
            registry,
            site,
            [History(D(2008, 3, 1), CERTIFIED)] * 5 + [History(D(2008, 5, 1))] * 2,
        )
        other, _ = await new_organisation(session)
        my_email = await admin_of(session, mine.id)
        their_email = await admin_of(session, other.id)
    http = await logged_in_client(app, my_email)
    # When I ask for 2008's report: it is queued, nothing to download yet
    asked = (await post(http, REQUEST, input={"certificationCode": "CLEA", "year": 2008}))["data"][
        "requestAnnualReport"
    ]
    assert asked["errors"] == [], asked
    assert asked["report"]["status"] == "PENDING"
    assert asked["report"]["downloadUrl"] is None
    report_id = asked["report"]["id"]
    # And once the job has run: done, 100 %, with its PDF
    await run_queued_jobs(settings, registry, app.state.sessions)
    followed = (await post(http, FOLLOW, id=report_id))["data"]["annualReport"]
    assert followed == {
        "__typename": "AnnualReportJob",
        "status": "DONE",
        "progress": 100,
        "step": "Terminé",
        "failure": "",
        "downloadUrl": f"/exports/statistics/rapports/{report_id}.pdf",
    }
    pdf = await http.get(followed["downloadUrl"])
    assert pdf.status_code == 200
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "2008" in text
    assert "7" in text
    # Then another organisation's administrator neither sees it nor downloads it
    theirs = await logged_in_client(app, their_email)
    seen = (await post(theirs, FOLLOW, id=report_id))["data"]["annualReport"]
    assert seen["__typename"] == "NotFound"
    assert (await theirs.get(followed["downloadUrl"])).status_code == 404


async def test_a_report_of_an_unknown_certification_or_a_future_year_is_refused_in_french(
    app: Any, registry: CertificationRegistry
) -> None:
    async with app.state.sessions.begin() as session:
        mine, _ = await new_organisation(session)
        email = await admin_of(session, mine.id)
    http = await logged_in_client(app, email)
    next_year = dt.date.today().year + 1
    refused = (await post(http, REQUEST, input={"certificationCode": "NOPE", "year": next_year}))[
        "data"
    ]["requestAnnualReport"]
    assert refused["report"] is None
    assert {(e["code"], e["field"]) for e in refused["errors"]} == {
        ("UNKNOWN_CERTIFICATION", "certificationCode"),
        ("INVALID_PERIOD", "year"),
    }
    assert any("Année invalide" in e["message"] for e in refused["errors"])
