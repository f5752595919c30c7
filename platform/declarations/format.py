"""The declaration file: the one module that knows its layout (swap it for the official one).

**Provisional format.** The national training-account system (Mon Compte Formation, run
by the Caisse des Dépôts) receives certifiers' declarations (« accrochage certificateur »)
in a format it publishes to registered certifiers, with its XML schema; this module writes
an XML document with the same kind of content — per certificate: the certification's
registry code, the certificate's number and date, the holder's identity — but its element
names are ours. Before any real submission, check the official specification (see
docs/declarations.md) and rewrite :func:`render` to it; nothing else needs to change: the
service hands this module plain :class:`Line` values and stores what it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

FORMAT = "clea-accrochage-provisoire/1"
#: Identity fields a line needs (names as the API shows them), with their French labels.
REQUIRED_FIELDS = {
    "registryCode": "code de la certification au répertoire (plugin)",
    "civility": "civilité",
    "birthName": "nom de naissance",
    "firstNames": "prénoms",
    "birthDate": "date de naissance",
    "birthCountry": "pays de naissance",
    "birthCity": "commune de naissance (née ou né en France)",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One certificate to declare, with the identity fields the declaration needs."""

    registry_code: str
    certificate_number: str
    certification_code: str
    obtained_on: dt.date
    civility: str
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: dt.date | None
    birth_country: str
    birth_city: str
    birth_postal_code: str
    born_abroad: bool


def missing_fields(line: Line) -> list[str]:
    """The required fields ``line`` lacks (API names), in :data:`REQUIRED_FIELDS` order."""
    present = {
        "registryCode": line.registry_code,
        "civility": line.civility,
        "birthName": line.birth_name,
        "firstNames": line.first_names,
        "birthDate": line.birth_date,
        "birthCountry": line.birth_country,
        "birthCity": line.birth_city or line.born_abroad,
    }
    return [name for name in REQUIRED_FIELDS if not present[name]]


def file_name(period_start: dt.date, period_end: dt.date) -> str:
    return f"accrochage-{period_start:%Y%m%d}-{period_end:%Y%m%d}.xml"


def render(
    lines: Sequence[Line], *, period_start: dt.date, period_end: dt.date, produced_at: dt.datetime
) -> str:
    """The declaration document for ``lines`` (UTF-8 XML text)."""
    root = ET.Element(
        "declaration",
        {
            "format": FORMAT,
            "debutPeriode": period_start.isoformat(),
            "finPeriode": period_end.isoformat(),
            "produitLe": produced_at.isoformat(timespec="seconds"),
            "nombre": str(len(lines)),
        },
    )
    for line in lines:
        item = ET.SubElement(root, "certificat")
        for tag, value in (
            ("codeCertification", line.registry_code),
            ("numero", line.certificate_number),
            ("dateObtention", line.obtained_on.isoformat()),
            ("civilite", "M" if line.civility == "monsieur" else "MME"),
            ("nomNaissance", line.birth_name),
            ("nomUsage", line.usage_name),
            ("prenoms", line.first_names),
            ("dateNaissance", line.birth_date.isoformat() if line.birth_date else ""),
            ("paysNaissance", line.birth_country),
            ("communeNaissance", "" if line.born_abroad else line.birth_city),
            ("codePostalNaissance", "" if line.born_abroad else line.birth_postal_code),
        ):
            ET.SubElement(item, tag).text = value
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
