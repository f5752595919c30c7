"""Checking a candidate's personal data, field by field, with French messages."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from clea_platform.candidates.sectors import sector_problem
from clea_platform.core.digits import phone_problem
from clea_platform.core.errors import DomainError
from clea_platform.tenants.geography import postal_code_problem


class CandidateErrorCode(enum.Enum):
    REQUIRED = "required"
    INVALID_DATE = "invalid_date"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    INVALID_PHONE = "invalid_phone"
    INVALID_EMAIL = "invalid_email"
    INVALID_CHOICE = "invalid_choice"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    NOT_FOUND = "not_found"
    INVALID_STATE = "invalid_state"
    STALE_REVISION = "stale_revision"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class CandidateError(DomainError):
    def __init__(self, code: CandidateErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)


class Civility(enum.StrEnum):
    MADAME = "madame"
    MONSIEUR = "monsieur"


class RegistrationStatus(enum.StrEnum):
    """Status at registration (from the certifier's import format)."""

    EMPLOYEE = "employee"
    JOBSEEKER = "jobseeker"
    YOUNG_MISSION_LOCALE = "young_mission_locale"
    OTHER = "other"


class EducationLevel(enum.StrEnum):
    """French diploma levels (nomenclature 2019): 1 = no diploma … 8 = doctorate."""

    NONE = "level_1_2"
    CAP_BEP = "level_3"
    BAC = "level_4"
    BAC_2 = "level_5"
    BAC_3_PLUS = "level_6_plus"


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_AGE_YEARS = 16
MAX_AGE_YEARS = 100


@dataclass(frozen=True, slots=True)
class CandidateData:
    civility: Civility
    birth_name: str
    first_names: str
    birth_date: dt.date
    birth_country: str
    birth_city: str
    status_at_registration: RegistrationStatus
    education_level: EducationLevel
    usage_name: str = ""
    birth_postal_code: str = ""
    born_abroad: bool = False
    email: str = ""
    phone: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    professional_project: str = ""
    professional_sector: str | None = None


def candidate_problems(data: CandidateData, today: dt.date) -> list[CandidateError]:
    """Every problem of ``data``, each naming its field (camelCase, as in the API)."""
    problems: list[CandidateError] = []

    def fail(code: CandidateErrorCode, field: str, message: str) -> None:
        problems.append(CandidateError(code, message, field=field))

    for field, value, label in (
        ("birthName", data.birth_name, "Le nom de naissance"),
        ("firstNames", data.first_names, "Le prénom"),
        ("birthCountry", data.birth_country, "Le pays de naissance"),
        ("birthCity", data.birth_city, "La commune de naissance"),
    ):
        if not value.strip():
            fail(CandidateErrorCode.REQUIRED, field, f"{label} est obligatoire.")
    age = (today - data.birth_date).days / 365.25
    if data.birth_date > today or age > MAX_AGE_YEARS:
        fail(
            CandidateErrorCode.INVALID_DATE,
            "birthDate",
            "Date de naissance invraisemblable : vérifiez le jour, le mois et l'année.",
        )
    elif age < MIN_AGE_YEARS:
        fail(
            CandidateErrorCode.INVALID_DATE,
            "birthDate",
            f"Le candidat doit avoir au moins {MIN_AGE_YEARS} ans.",
        )
    if not data.born_abroad:
        if data.birth_country.strip().lower() not in ("france", "fr", ""):
            fail(
                CandidateErrorCode.INVALID_CHOICE,
                "bornAbroad",
                "Pays de naissance étranger : cochez « né à l'étranger ».",
            )
        if data.birth_postal_code and (problem := postal_code_problem(data.birth_postal_code)):
            fail(CandidateErrorCode.INVALID_POSTAL_CODE, "birthPostalCode", problem)
    if data.postal_code and (problem := postal_code_problem(data.postal_code)):
        fail(CandidateErrorCode.INVALID_POSTAL_CODE, "postalCode", problem)
    if data.phone and (problem := phone_problem(data.phone)):
        fail(CandidateErrorCode.INVALID_PHONE, "phone", problem)
    if problem := sector_problem(data.professional_sector):
        fail(CandidateErrorCode.INVALID_CHOICE, "professionalSector", problem)
    if data.email and not EMAIL.match(data.email.strip()):
        fail(
            CandidateErrorCode.INVALID_EMAIL,
            "email",
            "Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).",
        )
    return problems
