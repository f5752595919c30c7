"""Open data: the national statistics as public CSV (no sign-in), small cells masked.

The dossiers are committed (the app reads them through its own sessions) and opened in
years no other test writes (2002, 2004 to 2007), each test its own, so the national
figures of those years are the test's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

import pytest

from clea_platform.candidates.validation import Civility, RegistrationStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.exchange import STATISTICS_PER_CLIENT
from tests.conftest import new_client
from tests.statistics.seeding import History, Person, S, add_dossiers, new_organisation

D = dt.date


def _certified(year: int) -> list[tuple[dt.date, S, S]]:
    return [
        (D(year, 2, 3), S.OPENED, S.INITIAL_EVALUATION),
        (D(year, 2, 10), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
        (D(year, 3, 3), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
        (D(year, 3, 20), S.SUBMITTED_TO_JURY, S.CERTIFIED),
    ]


def _to_training(year: int) -> list[tuple[dt.date, S, S]]:
    return [
        (D(year, 2, 3), S.OPENED, S.INITIAL_EVALUATION),
        (D(year, 2, 10), S.INITIAL_EVALUATION, S.TRAINING),
    ]


# 12 jobseekers, women aged 30 to 44, in Normandie, certified.
JOBSEEKER = Person(Civility.MADAME, D(1965, 1, 1), RegistrationStatus.JOBSEEKER)
# 7 young people followed by a mission locale, men under 25, in Bretagne, in training.
YOUNG = Person(Civility.MONSIEUR, D(1984, 6, 1), RegistrationStatus.YOUNG_MISSION_LOCALE)
# 3 employees, women aged 45 or more, in Occitanie, just opened: the small cell.
EMPLOYEE = Person(Civility.MADAME, D(1950, 1, 1), RegistrationStatus.EMPLOYEE)


async def seed(app: Any, registry: CertificationRegistry, year: int) -> dict[str, Any]:
    """Three organisations' CléA dossiers, committed: 22 opened in ``year``, 4 the next."""
    seeded: dict[str, Any] = {"organisations": []}
    places = (("Normandie", "14"), ("Bretagne", "35"), ("Occitanie", "31"))
    histories = (
        [History(D(year, 2, 1), _certified(year), person=JOBSEEKER)] * 12
        + [History(D(year + 1, 5, 1), person=JOBSEEKER)] * 4,
        [History(D(year, 2, 1), _to_training(year), person=YOUNG)] * 7,
        [History(D(year, 4, 1), person=EMPLOYEE)] * 3,
    )
    async with app.state.sessions.begin() as session:
        for (region, departement), dossiers in zip(places, histories, strict=True):
            organisation, site = await new_organisation(
                session, region=region, departement=departement
            )
            await add_dossiers(session, registry, site, dossiers)
            seeded["organisations"].append(
                (organisation.id, organisation.name, organisation.siren, site.siret)
            )
    return seeded


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_the_national_funnel_per_certification_and_year(
    app: Any, registry: CertificationRegistry
) -> None:
    # Given 22 CléA dossiers opened in 2004 (12 certified, 7 in training) and 4 in 2005
    await seed(app, registry, 2004)
    # When anyone downloads the funnel of 2004 and 2005, without signing in
    response = await new_client(app).get("/exchange/statistiques/parcours.csv?du=2004&au=2005")
    # Then it is a French CSV (BOM, semicolons) with one row per year and certification
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = _rows(response.content)
    assert rows[0] == [
        "Année", "Certification", "Dossiers ouverts", "Évaluations préalables réalisées",
        "Orientés directement vers le jury", "Orientés vers une formation",
        "Évaluations finales réalisées", "Présentés au jury", "Certifiés", "Non certifiés",
        "Abandons", "Dossiers expirés", "Taux de certification (%)",
        "Taux de réussite au jury (%)",
    ]  # fmt: skip
    assert rows[1:] == [
        # 12 / 22 certified = 54,5 %; every one submitted was certified
        ["2004", "CLEA", "22", "19", "12", "7", "0", "12", "12", "0", "0", "0", "54,5", "100,0"],
        # nobody certified nor submitted yet: no success rate
        ["2005", "CLEA", "4", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0,0", ""],
    ]


async def test_the_breakdowns_hide_the_small_cells_and_the_next_smallest(
    app: Any, registry: CertificationRegistry
) -> None:
    # Given 22 CléA dossiers opened in 2006 (3 of them employees) and 4 in 2007
    await seed(app, registry, 2006)
    # When anyone downloads the breakdowns of CléA for 2006 and 2007
    response = await new_client(app).get(
        "/exchange/statistiques/repartitions.csv?du=2006&au=2007&certification=CLEA"
    )

    assert response.status_code == 200
    rows = _rows(response.content)
    assert rows[0] == [
        "Année", "Certification", "Répartition", "Code", "Catégorie", "Dossiers ouverts",
        "Certifiés",
    ]  # fmt: skip
    table = {(row[0], row[2], row[4]): (row[5], row[6]) for row in rows[1:]}
    status = "Statut à l'inscription"
    # The 3 employees are hidden, and the 7 young people beside them (the smallest
    # visible cell), so that 22 − 12 gives only 10 = 7 + 3, never the 3. A row hidden
    # for its people hides its certified count too; then 12 certified alone would give
    # the two hidden rows' 0 back, so it is hidden as well — the total stays.
    assert table[("2006", status, "Salarié")] == ("masqué", "masqué")
    assert table[("2006", status, "Jeune suivi par une mission locale")] == ("masqué", "masqué")
    assert table[("2006", status, "Demandeur d'emploi")] == ("12", "masqué")
    assert table[("2006", status, "Total")] == ("22", "12")
    region = "Région du site"
    assert table[("2006", region, "Occitanie")] == ("masqué", "masqué")
    assert table[("2006", region, "Bretagne")] == ("masqué", "masqué")
    assert table[("2006", region, "Normandie")] == ("12", "masqué")
    age = "Âge à l'ouverture du dossier"
    assert table[("2006", age, "45 ans et plus")] == ("masqué", "masqué")
    assert table[("2006", age, "Moins de 25 ans")] == ("masqué", "masqué")
    assert table[("2006", age, "30 à 44 ans")] == ("12", "masqué")
    # No cell under 5: all shown (15 women, 12 of them certified; 7 men)
    assert table[("2006", "Sexe", "Femme")] == ("15", "12")
    assert table[("2006", "Sexe", "Homme")] == ("7", "0")
    assert table[("2006", "Sexe", "Total")] == ("22", "12")
    # 2007: a table of 4 people is hidden whole, total included
    assert {table[key] for key in table if key[0] == "2007"} == {("masqué", "masqué")}
    # Each 2007 table still lists its category and its total
    assert ("2007", "Sexe", "Total") in table
    # No 3 anywhere: the small cell's figure never leaves
    assert not any(cell == "3" for row in rows[1:] for cell in row[5:])


async def test_no_organisation_level_figure_leaks(
    app: Any, registry: CertificationRegistry
) -> None:
    national = await seed(app, registry, 2002)
    http = new_client(app)
    contents = [
        (await http.get(f"/exchange/statistiques/{table}.csv?du=2002&au=2003")).text
        for table in ("parcours", "repartitions")
    ]
    # Neither an organisation's name, SIREN or SIRET, nor an organisation breakdown
    for organisation_id, name, siren, siret in national["organisations"]:
        for content in contents:
            assert name not in content
            assert siren not in content
            assert siret not in content
            assert str(organisation_id) not in content
    assert "Organisme" not in contents[1]
    assert "Réseau" not in contents[1]
    # Asking for one organisation is refused, not answered with its figures
    one = national["organisations"][2][0]
    refused = await http.get(f"/exchange/statistiques/parcours.csv?du=2002&organisation={one}")
    assert refused.status_code == 400
    assert "Paramètre inconnu : organisation" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("du=deux&au=2006", "Année invalide pour du : « deux »"),
        ("du=1999&au=2006", "Année hors limites pour du : 1999. Choisissez une année de 2000"),
        ("du=2006&au=2005", "Période inversée"),
        ("du=2000&au=2010", "Période trop longue : 10 ans au plus"),
        ("du=2005&certification=PERMIS", "Certification inconnue : « PERMIS »"),
        ("du=2005&departement=75", "Paramètre inconnu : departement"),
    ],
)
async def test_bad_parameters_get_a_french_reason(app: Any, query: str, reason: str) -> None:
    response = await new_client(app).get(f"/exchange/statistiques/repartitions.csv?{query}")

    assert response.status_code == 400
    assert reason in response.json()["detail"]


async def test_an_unknown_table_is_not_found(app: Any) -> None:
    response = await new_client(app).get(f"/exchange/statistiques/{uuid.uuid4()}.csv")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Tableau inconnu.")


async def test_downloads_are_limited_per_address_on_every_node(app: Any) -> None:
    # Given an address that downloaded its budget for the hour (bad requests do not count)
    http = new_client(app)
    assert (await http.get("/exchange/statistiques/parcours.csv?du=deux")).status_code == 400
    for _ in range(STATISTICS_PER_CLIENT.maximum):
        response = await http.get("/exchange/statistiques/parcours.csv?du=2003&au=2003")
        assert response.status_code == 200
    # When it asks once more, then it waits, told why in French
    refused = await http.get("/exchange/statistiques/repartitions.csv?du=2003&au=2003")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Trop de téléchargements")
    # While another address still downloads
    other = await new_client(app).get("/exchange/statistiques/parcours.csv?du=2003&au=2003")
    assert other.status_code == 200
