"""The annual report of a certification: a real PDF with the funnel, breakdowns, a text."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pypdf
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.validation import RegistrationStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import report
from clea_platform.tenants.context import Actor, acting_as
from tests.conftest import new_client
from tests.isolation.helpers import logged_in_client
from tests.statistics.seeding import History, Person, S, add_dossiers, new_organisation
from tests.statistics.test_statistics_api import two_organisations  # noqa: F401

D = dt.date


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


async def test_the_annual_report_opens_with_its_figures_and_masks_small_cells(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro_admin: Actor
) -> None:
    # Given 2015: 8 jobseekers (6 certified) and 2 employees, all 30 years old
    _, site = await new_organisation(db_session, region="Grand Est", departement="67")
    certified = [
        (D(2015, 3, 2), S.OPENED, S.INITIAL_EVALUATION),
        (D(2015, 3, 9), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
        (D(2015, 4, 1), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
        (D(2015, 4, 20), S.SUBMITTED_TO_JURY, S.CERTIFIED),
    ]
    await add_dossiers(
        db_session,
        registry,
        site,
        [History(D(2015, 3, 1), certified, person=Person(birth_date=D(1985, 1, 1)))] * 6
        + [History(D(2015, 5, 1), person=Person(birth_date=D(1985, 1, 1)))] * 2
        + [
            History(
                D(2015, 6, 1),
                person=Person(birth_date=D(1985, 1, 1), status=RegistrationStatus.EMPLOYEE),
            )
        ]
        * 2,
    )

    # When Certif'Pro renders the 2015 report of CléA
    with acting_as(certifpro_admin):
        context = await report.annual_report_context(
            db_session, certifpro_admin, registry, "CLEA", 2015, today=D(2016, 1, 10)
        )
    text = text_of(report.render_annual_report(context))

    # Then the PDF has its title, the funnel, the text and the breakdowns
    assert "Rapport annuel 2015" in text
    assert "Dossiers ouverts 10" in text
    assert "Certifiés 6" in text
    assert "En 2015, 10 dossiers" in text
    assert "100 % des dossiers présentés au jury" in text
    assert "Statut à l'inscription" in text
    # And the 2 employees are masked (with the jobseekers: 10 − 8 would give them away)
    assert "Salarié masqué" in text
    assert "Demandeur d'emploi masqué" in text


async def test_the_annual_report_route_serves_a_pdf_to_its_readers_only(
    app: Any,
    two_organisations: dict[str, Any],  # noqa: F811
) -> None:
    _, email = two_organisations["mine"]
    http = await logged_in_client(app, email)
    response = await http.get(
        "/exports/statistics/rapport-annuel.pdf?annee=2014&certification=CLEA"
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "Rapport annuel 2014" in text_of(response.content)
    bad = await http.get("/exports/statistics/rapport-annuel.pdf?annee=2014&certification=BAC")
    assert bad.status_code == 400
    assert "Certification inconnue" in bad.json()["detail"]
    anonymous = await new_client(app).get(
        "/exports/statistics/rapport-annuel.pdf?annee=2014&certification=CLEA"
    )
    assert anonymous.status_code == 401
