"""French postal codes, départements and régions (2016 map)."""

from __future__ import annotations

import re

from clea_platform.core.digits import fold_digits

REGIONS = (
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
)

# ASCII digits only: ``\d`` would also match « ７５０１１ » or « ٧٥٠١١ ».
POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8][0-9]|9[0-8])[0-9]{3}$")


def normalise_postal_code(postal_code: str) -> str:
    """The stored form: compatibility digits folded to ASCII, spaces dropped."""
    return fold_digits(postal_code)


def postal_code_problem(postal_code: str) -> str | None:
    """Why ``postal_code`` (as typed) is not a French postal code, or None.

    Example:
        >>> postal_code_problem("７５０１１") is None, postal_code_problem("٧٥٠١١") is None
        (True, False)
    """
    if not POSTAL_CODE.match(normalise_postal_code(postal_code)):
        return "Code postal invalide : 5 chiffres attendus (par exemple 75011)."
    return None


def departement_of(postal_code: str) -> str:
    """The département a postal code belongs to (97x and Corsica included).

    Example:
        >>> departement_of("20090"), departement_of("97411"), departement_of("59000")
        ('2A', '974', '59')
    """
    if postal_code.startswith("97") or postal_code.startswith("98"):
        return postal_code[:3]
    if postal_code.startswith("20"):
        return "2A" if int(postal_code) < 20200 else "2B"
    return postal_code[:2]


def region_problem(region: str) -> str | None:
    if region not in REGIONS:
        return "Région inconnue : choisissez l'une des 18 régions françaises."
    return None
