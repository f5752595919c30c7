"""Import test set-up: the Greta's adviser (tests.dossiers) and files built from rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from clea_platform.exchange.candidates_file import CANDIDATES
from tests.accreditations.conftest import platform_admin  # noqa: F401 (fixtures)
from tests.certificates.conftest import signing_settings  # noqa: F401 (fixtures)
from tests.dossiers.conftest import greta, greta_site, sophie  # noqa: F401 (fixtures)
from tests.juries.conftest import members  # noqa: F401 (fixtures)

#: The Greta's accredited demo site (CléA).
GRETA_SIRET = "13002526500013"

ROW = {
    "Civilité": "Madame",
    "Nom de naissance": "Durand",
    "Nom d'usage": "",
    "Prénom": "Léa",
    "Date de naissance": "12/04/1990",
    "Né à l'étranger": "NON",
    "Pays de naissance": "France",
    "Ville de naissance": "Roubaix",
    "Code postal de naissance": "59100",
    "Email": "lea.durand@exemple.fr",
    "Téléphone": "06 12 34 56 78",
    "Adresse": "12 rue de la Paix",
    "Code postal": "75002",
    "Ville": "Paris",
    "Statut à l'inscription": "Demandeur d'emploi",
    "Niveau d'instruction": "CAP, BEP (niveau 3)",
    "Certification": "CléA",
    "Siret de l'établissement": GRETA_SIRET,
    "Origine de la démarche": "France Travail",
    "Nom du prescripteur": "Agence Paris 2",
    "Financeur": "CPF",
    "Date de l'entretien d'information": "02/11/2026",
    "Consentement du candidat": "OUI",
}


def person(number: int, **changes: str) -> dict[str, str]:
    """A valid row for a distinct person (names differ by ``number``)."""
    row = dict(ROW)
    row["Nom de naissance"] = f"Import{chr(ord('a') + number % 26)}{number}"
    row["Email"] = f"personne{number}@exemple.fr"
    row.update(changes)
    return row


def csv_file(
    rows: list[Mapping[str, str]], *, delimiter: str = ";", encoding: str = "utf-8"
) -> bytes:
    headers = CANDIDATES.headers()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([row.get(header, "") for header in headers] for row in rows)
    return out.getvalue().encode(encoding)
