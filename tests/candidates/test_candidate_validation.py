"""A candidate's personal data is checked field by field, in French."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from clea_platform.candidates.validation import (
    CandidateData,
    Civility,
    EducationLevel,
    RegistrationStatus,
    candidate_problems,
)

TODAY = dt.date(2026, 11, 23)
VALID = CandidateData(
    civility=Civility.MADAME,
    birth_name="Durand",
    first_names="Léa Marie",
    birth_date=dt.date(1990, 4, 12),
    birth_country="France",
    birth_city="Roubaix",
    birth_postal_code="59100",
    status_at_registration=RegistrationStatus.JOBSEEKER,
    education_level=EducationLevel.CAP_BEP,
    email="lea.durand@exemple.fr",
    phone="06 12 34 56 78",
    postal_code="59000",
)


def test_a_complete_candidate_has_no_problem() -> None:
    assert candidate_problems(VALID, TODAY) == []


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"birth_name": "  "}, "birthName", "REQUIRED"),
        ({"first_names": ""}, "firstNames", "REQUIRED"),
        ({"birth_date": dt.date(2030, 1, 1)}, "birthDate", "INVALID_DATE"),
        ({"birth_date": dt.date(1900, 1, 1)}, "birthDate", "INVALID_DATE"),
        ({"birth_date": dt.date(2015, 1, 1)}, "birthDate", "INVALID_DATE"),
        ({"postal_code": "7500"}, "postalCode", "INVALID_POSTAL_CODE"),
        ({"birth_postal_code": "99999"}, "birthPostalCode", "INVALID_POSTAL_CODE"),
        ({"phone": "12 34"}, "phone", "INVALID_PHONE"),
        ({"email": "lea@"}, "email", "INVALID_EMAIL"),
        ({"birth_country": "Maroc"}, "bornAbroad", "INVALID_CHOICE"),
    ],
)
def test_each_wrong_field_is_named_with_a_french_message(
    change: dict[str, object], field: str, code: str
) -> None:
    problems = candidate_problems(dataclasses.replace(VALID, **change), TODAY)  # type: ignore[arg-type]

    assert [(p.field, p.code.name) for p in problems] == [(field, code)]
    assert problems[0].message[0].isupper()


@pytest.mark.parametrize("phone", ["0612345678", "+33 6 12 34 56 78", "01.23.45.67.89"])
def test_usual_french_phone_formats_are_accepted(phone: str) -> None:
    assert candidate_problems(dataclasses.replace(VALID, phone=phone), TODAY) == []


def test_a_candidate_born_abroad_needs_no_french_postal_code() -> None:
    abroad = dataclasses.replace(
        VALID, born_abroad=True, birth_country="Maroc", birth_city="Fès", birth_postal_code=""
    )

    assert candidate_problems(abroad, TODAY) == []
