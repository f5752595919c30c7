"""French labels of the breakdowns' categories (for the API, the screens and the CSV)."""

from __future__ import annotations

from collections.abc import Mapping

from clea_platform.candidates.sectors import NAF_SECTIONS
from clea_platform.statistics.filters import Dimension
from clea_platform.tenants.models import NETWORK_LABELS

NOT_GIVEN = "Non renseigné"

DIMENSION_TITLES: Mapping[Dimension, str] = {
    Dimension.REGION: "Région du site",
    Dimension.DEPARTEMENT: "Département du site",
    Dimension.ORGANISATION: "Organisme",
    Dimension.NETWORK: "Réseau national",
    Dimension.STATUS_AT_REGISTRATION: "Statut à l'inscription",
    Dimension.AGE_BAND: "Âge à l'ouverture du dossier",
    Dimension.SEX: "Sexe",
    Dimension.EDUCATION_LEVEL: "Niveau de formation",
    Dimension.PROFESSIONAL_SECTOR: "Secteur professionnel (NAF)",
    Dimension.PRESCRIBER_TYPE: "Prescripteur",
    Dimension.FINANCING: "Financement",
}

#: Labels of the closed lists; a dimension missing here shows its raw value (names, codes).
CATEGORY_LABELS: Mapping[Dimension, Mapping[str, str]] = {
    Dimension.NETWORK: {network.value: label for network, label in NETWORK_LABELS.items()},
    Dimension.STATUS_AT_REGISTRATION: {
        "employee": "Salarié",
        "jobseeker": "Demandeur d'emploi",
        "young_mission_locale": "Jeune suivi par une mission locale",
        "other": "Autre",
    },
    Dimension.AGE_BAND: {
        "under_25": "Moins de 25 ans",
        "25_29": "25 à 29 ans",
        "30_44": "30 à 44 ans",
        "45_plus": "45 ans et plus",
    },
    Dimension.SEX: {"madame": "Femme", "monsieur": "Homme"},
    Dimension.EDUCATION_LEVEL: {
        "level_1_2": "Sans diplôme (niveaux 1 et 2)",
        "level_3": "CAP, BEP (niveau 3)",
        "level_4": "Baccalauréat (niveau 4)",
        "level_5": "Bac + 2 (niveau 5)",
        "level_6_plus": "Bac + 3 et plus (niveau 6 et plus)",
    },
    Dimension.PROFESSIONAL_SECTOR: {
        code: f"{code} — {label}" for code, label in NAF_SECTIONS.items()
    },
    Dimension.PRESCRIBER_TYPE: {
        "self": "Démarche personnelle",
        "employer": "Employeur",
        "cep_adviser": "Conseiller en évolution professionnelle (CEP)",
        "france_travail": "France Travail",
        "region": "Région",
        "mission_locale": "Mission locale",
        "opco": "OPCO",
        "staff_representative": "Représentant du personnel ou syndical",
        "professional_branch": "Branche professionnelle",
        "other": "Autre",
    },
    Dimension.FINANCING: {
        "cpf": "Compte personnel de formation (CPF)",
        "pro_a": "Pro-A",
        "poe": "Préparation opérationnelle à l'emploi (POE)",
        "skills_development_plan": "Plan de développement des compétences",
        "professionalisation_contract": "Contrat de professionnalisation",
        "other": "Autre",
    },
}


def category_label(dimension: Dimension, key: str | None, name: str | None = None) -> str:
    if key is None or key == "":
        return NOT_GIVEN
    if name:
        return name
    return CATEGORY_LABELS.get(dimension, {}).get(key, key)
