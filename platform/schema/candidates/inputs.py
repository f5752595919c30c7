"""Inputs of the candidates' mutations."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.schema.candidates.enums import Civility, EducationLevel, RegistrationStatus


@strawberry.input(description="A new candidate of the active organisation.")
class CreateCandidateInput:
    civility: Civility = strawberry.field(description="Civility.")
    birth_name: str = strawberry.field(description="Birth name.")
    first_names: str = strawberry.field(description="First names.")
    birth_date: dt.date = strawberry.field(description="Birth date.")
    birth_country: str = strawberry.field(description="Country of birth.")
    birth_city: str = strawberry.field(description="City of birth.")
    status_at_registration: RegistrationStatus = strawberry.field(description="Status.")
    education_level: EducationLevel = strawberry.field(description="Education level.")
    usage_name: str = strawberry.field(default="", description="Usage name.")
    birth_postal_code: str = strawberry.field(default="", description="Birth postal code.")
    born_abroad: bool = strawberry.field(default=False, description="Born outside France.")
    email: str = strawberry.field(default="", description="Email.")
    phone: str = strawberry.field(default="", description="French phone number.")
    address_line: str = strawberry.field(default="", description="Street address.")
    postal_code: str = strawberry.field(default="", description="Postal code.")
    city: str = strawberry.field(default="", description="City.")
    professional_project: str = strawberry.field(
        default="", description="Project or sector, in the candidate's words (free text)."
    )
    professional_sector: str | None = strawberry.field(
        default=None,
        description="Professional sector: a NAF section code (A to U, see professionalSectors).",
    )
    confirm_not_duplicate: bool = strawberry.field(
        default=False,
        description="Create even though a candidate with the same names and birth date exists.",
    )


@strawberry.input(
    description=(
        "Corrections to a candidate, checked as at creation: every field is sent, "
        "with the revision the user saw."
    )
)
class UpdateCandidateInput:
    id: strawberry.ID = strawberry.field(description="The candidate.")
    revision: int = strawberry.field(description="The candidate's revision the user saw.")
    civility: Civility = strawberry.field(description="Civility.")
    birth_name: str = strawberry.field(description="Birth name.")
    first_names: str = strawberry.field(description="First names.")
    birth_date: dt.date = strawberry.field(description="Birth date.")
    birth_country: str = strawberry.field(description="Country of birth.")
    birth_city: str = strawberry.field(description="City of birth.")
    status_at_registration: RegistrationStatus = strawberry.field(description="Status.")
    education_level: EducationLevel = strawberry.field(description="Education level.")
    usage_name: str = strawberry.field(default="", description="Usage name.")
    birth_postal_code: str = strawberry.field(default="", description="Birth postal code.")
    born_abroad: bool = strawberry.field(default=False, description="Born outside France.")
    email: str = strawberry.field(default="", description="Email.")
    phone: str = strawberry.field(default="", description="French phone number.")
    address_line: str = strawberry.field(default="", description="Street address.")
    postal_code: str = strawberry.field(default="", description="Postal code.")
    city: str = strawberry.field(default="", description="City.")
    professional_project: str = strawberry.field(
        default="", description="Project or sector, in the candidate's words (free text)."
    )
    professional_sector: str | None = strawberry.field(
        default=None,
        description="Professional sector: a NAF section code (A to U, see professionalSectors).",
    )
    confirm_not_duplicate: bool = strawberry.field(
        default=False,
        description=(
            "Save even though another candidate has the new names and birth date "
            "(only asked when they change)."
        ),
    )
