"""Professional sectors: the 21 sections of the French activity nomenclature (NAF rév. 2).

Provenance: INSEE, « Nomenclature d'activités française — NAF rév. 2 » (décret
n° 2007-1888 du 26 décembre 2007), level 1 (sections A to U), labels as INSEE publishes
them. It is the French version of the European NACE Rev. 2 sections, so the figures
compare with Eurostat's. A candidate's sector is one of these codes (or none); the free
text ``professional_project`` is kept beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Code → French label, in the nomenclature's order.
NAF_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "A": "Agriculture, sylviculture et pêche",
        "B": "Industries extractives",
        "C": "Industrie manufacturière",
        "D": "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
        "E": "Production et distribution d'eau ; assainissement, gestion des déchets et "
        "dépollution",
        "F": "Construction",
        "G": "Commerce ; réparation d'automobiles et de motocycles",
        "H": "Transports et entreposage",
        "I": "Hébergement et restauration",
        "J": "Information et communication",
        "K": "Activités financières et d'assurance",
        "L": "Activités immobilières",
        "M": "Activités spécialisées, scientifiques et techniques",
        "N": "Activités de services administratifs et de soutien",
        "O": "Administration publique",
        "P": "Enseignement",
        "Q": "Santé humaine et action sociale",
        "R": "Arts, spectacles et activités récréatives",
        "S": "Autres activités de services",
        "T": "Activités des ménages en tant qu'employeurs ; activités indifférenciées des "
        "ménages en tant que producteurs de biens et services pour usage propre",
        "U": "Activités extra-territoriales",
    }
)
NAF_SOURCE = "INSEE, NAF rév. 2 (2008), sections A à U"


def sector_problem(code: str | None) -> str | None:
    """Why ``code`` is not a NAF section (None and "" mean « not given »), or None.

    Example:
        >>> sector_problem("Q") is None, sector_problem(None) is None
        (True, True)
        >>> sector_problem("Z")
        'Secteur inconnu : choisissez une section de la NAF (lettre A à U).'
    """
    if not code or code in NAF_SECTIONS:
        return None
    return "Secteur inconnu : choisissez une section de la NAF (lettre A à U)."
