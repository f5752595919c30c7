"""« Que sont-ils devenus ? » in the statistics, and a network head's figures.

Certificates of the follow-up test are decided in 2010 and the network test's dossiers
opened in 2009: years no other test writes, so an organisation's or a network's figures
are only what these tests made.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from sqlalchemy import select, update

from clea_platform.certificates.models import Certificate
from clea_platform.follow_up.models import Employer, FollowUpSurvey, Situation
from clea_platform.identity.passwords import hash_password
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.models import NationalNetwork, Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import PASSWORD, add_person, logged_in_client, post, unique
from tests.statistics.seeding import History, S, add_dossiers, new_organisation

D = dt.date
QUERY = """
query ($filter: StatisticsFilterInput!) {
  statistics(filter: $filter) {
    __typename
    ... on Statistics {
      network
      total { opened }
      breakdowns { dimension totalOpened rows { label opened } }
      followUp {
        certificationCode wave sent answered responseRate
        situations { employedSame employedNew training jobSeeking }
        nextCertificationPlanned nextCertificationNotPlanned
      }
    }
    ... on StatisticsRefusal { errors { code field message } }
  }
}
"""


def certified(year: int) -> History:
    return History(
        D(year, 1, 10),
        [
            (D(year, 1, 20), S.OPENED, S.INITIAL_EVALUATION),
            (D(year, 2, 1), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
            (D(year, 3, 1), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
            (D(year, 3, 20), S.SUBMITTED_TO_JURY, S.CERTIFIED),
        ],
        D(year, 3, 20),
    )


async def admin_of(session: Any, organisation_id: uuid.UUID) -> str:
    email = f"{unique('admin')}@organisme.test"
    await add_person(
        session,
        email,
        "Alex Admin",
        hash_password(PASSWORD),
        memberships=[(organisation_id, ["org_admin"])],
    )
    return email


async def test_an_administrator_reads_where_their_certified_people_are_now_with_small_cells_masked(
    app: Any, registry: CertificationRegistry
) -> None:
    # Given 16 people certified in 2010 by my organisation, each sent the 6-month
    # questionnaire: 7 employed by the same employer, 5 by a new one, 3 in training,
    # 1 who did not answer; 8 plan a next certification, 7 do not
    answers: list[tuple[Situation | None, Employer | None, bool | None]] = [
        *[(Situation.EMPLOYED, Employer.SAME, True)] * 7,
        *[(Situation.EMPLOYED, Employer.NEW, False)] * 5,
        (Situation.TRAINING, None, True),
        (Situation.TRAINING, None, False),
        (Situation.TRAINING, None, False),
        (None, None, None),
    ]
    async with app.state.sessions.begin() as session:
        organisation, site = await new_organisation(session)
        dossiers = await add_dossiers(session, registry, site, [certified(2010)] * len(answers))
        async with cross_tenant_reads(session, "tests"):
            certificates = list(
                await session.scalars(
                    select(Certificate).where(Certificate.dossier_id.in_(dossiers))
                )
            )
            for certificate, (situation, employer, planned) in zip(
                certificates, answers, strict=True
            ):
                session.add(
                    FollowUpSurvey(
                        organisation_id=organisation.id,
                        certificate_id=certificate.id,
                        certification_code="CLEA",
                        wave=6,
                        token_hash=unique("hash"),
                        expires_at=dt.datetime(2010, 11, 20, tzinfo=dt.UTC),
                        answered_at=None if situation is None else dt.datetime.now(dt.UTC),
                        situation=situation,
                        employer=employer,
                        next_certification_planned=planned,
                    )
                )
        email = await admin_of(session, organisation.id)
    http = await logged_in_client(app, email)
    # When I read 2010's « Que sont-ils devenus ? »
    body = await post(
        http,
        QUERY,
        filter={"openedFrom": "2010-01-01", "openedTo": "2010-12-31", "withFollowUp": True},
    )
    # Then 16 sent, 15 answered; the 3 in training are hidden, and so are the 5 with a new
    # employer (else 15 − 7 would give the 3 back); the next certifications are shown
    assert body["data"]["statistics"]["followUp"] == [
        {
            "certificationCode": "CLEA",
            "wave": 6,
            "sent": 16,
            "answered": 15,
            "responseRate": 93.8,
            "situations": {
                "employedSame": 7,
                "employedNew": None,
                "training": None,
                "jobSeeking": 0,
            },
            "nextCertificationPlanned": 8,
            "nextCertificationNotPlanned": 7,
        }
    ], body
    # And the same table downloads as XLSX and CSV, the hidden cells written « masqué »
    xlsx = await http.get("/exports/statistics/suivi-certifies.xlsx?du=2010-01-01&au=2010-12-31")
    assert xlsx.status_code == 200, xlsx.text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert row == ("CLEA", 6, 16, 15, 93.8, 7, "masqué", "masqué", 0, 8, 7), header
    csv = await http.get("/exports/statistics/suivi-certifies.csv?du=2010-01-01&au=2010-12-31")
    assert csv.text.splitlines()[1] == "CLEA;6;16;15;93,8;7;masqué;masqué;0;8;7"


async def test_a_network_heads_administrator_sees_the_networks_organisations_masked(
    app: Any, registry: CertificationRegistry
) -> None:
    # Given the GRETA network: its head (6 dossiers opened in 2009), a member (5) and a
    # small member (3); and an AFPA organisation (4)
    async with app.state.sessions.begin() as session:
        counts = {"head": 6, "member": 5, "small": 3, "outsider": 4}
        ids: dict[str, uuid.UUID] = {}
        for name, count in counts.items():
            organisation, site = await new_organisation(session)
            await add_dossiers(session, registry, site, [History(D(2009, 4, 1))] * count)
            ids[name] = organisation.id
        async with cross_tenant_reads(session, "tests"):
            for name in ("head", "member", "small"):
                await session.execute(
                    update(Organisation)
                    .where(Organisation.id == ids[name])
                    .values(network=NationalNetwork.GRETA)
                )
            await session.execute(
                update(Organisation)
                .where(Organisation.id == ids["head"])
                .values(heads_network=NationalNetwork.GRETA)
            )
            await session.execute(
                update(Organisation)
                .where(Organisation.id == ids["outsider"])
                .values(network=NationalNetwork.AFPA, heads_network=NationalNetwork.AFPA)
            )
        head_admin = await admin_of(session, ids["head"])
        member_admin = await admin_of(session, ids["member"])
    year = {"openedFrom": "2009-01-01", "openedTo": "2009-12-31"}
    head = await logged_in_client(app, head_admin)
    # When the head's administrator asks for the whole network, by organisation
    network = await post(
        head, QUERY, filter={**year, "wholeNetwork": True, "breakdowns": ["ORGANISATION"]}
    )
    own = await post(head, QUERY, filter=year)
    # Then they see the 14 dossiers of the network's three organisations, not the AFPA's,
    # with the 3-dossier organisation hidden (and the 5 beside it, else 14 − 6 gives 8)
    figures = network["data"]["statistics"]
    assert figures["network"] == "greta", network
    assert figures["total"]["opened"] == 14
    [breakdown] = figures["breakdowns"]
    assert breakdown["totalOpened"] == 14
    assert len(breakdown["rows"]) == 3
    assert [row["opened"] for row in breakdown["rows"] if row["opened"] is not None] == [6]
    # And the breakdown downloads as XLSX with the same cells hidden
    xlsx = await head.get(
        "/exports/statistics/organisation.xlsx?du=2009-01-01&au=2009-12-31&reseau=1"
    )
    assert xlsx.status_code == 200, xlsx.text
    rows = list(
        openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active.iter_rows(
            values_only=True
        )
    )
    assert sorted(str(row[3]) for row in rows[1:]) == ["14", "6", "masqué", "masqué"]
    # And without asking, their own organisation only
    assert own["data"]["statistics"]["total"]["opened"] == 6
    assert own["data"]["statistics"]["network"] is None
    # When a member's administrator asks for the whole network: refused in French
    member = await logged_in_client(app, member_admin)
    refused = await post(member, QUERY, filter={**year, "wholeNetwork": True})
    problem = refused["data"]["statistics"]["errors"][0]
    assert problem["code"] == "NOT_NETWORK_HEAD"
    assert "tête d'aucun réseau" in problem["message"]
