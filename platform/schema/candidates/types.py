"""GraphQL types of candidates: the person, the problems of a change, the payloads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry

from clea_platform.candidates.models import Candidate, CandidateRecord
from clea_platform.schema.candidates.enums import (
    CandidateErrorCode,
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.notfound import NotFound


@strawberry.type(description="A problem with a candidate's data, next to its field.")
class CandidateProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: CandidateErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(name="Candidate", description="A person on the pathway (personal data, audited).")
class CandidateType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    civility: Civility = strawberry.field(description="Civility.")
    birth_name: str = strawberry.field(description="Birth name.")
    usage_name: str = strawberry.field(description="Usage name, if different.")
    first_names: str = strawberry.field(description="First names.")
    birth_date: dt.date = strawberry.field(description="Birth date.")
    birth_country: str = strawberry.field(description="Country of birth.")
    birth_city: str = strawberry.field(description="City of birth.")
    born_abroad: bool = strawberry.field(description="Born outside France.")
    birth_postal_code: str = strawberry.field(description="Postal code of the place of birth.")
    email: str = strawberry.field(description="Email.")
    phone: str = strawberry.field(description="Phone.")
    address_line: str = strawberry.field(description="Street address.")
    postal_code: str = strawberry.field(description="Postal code of the address.")
    city: str = strawberry.field(description="City of the address.")
    status_at_registration: RegistrationStatus = strawberry.field(description="Status.")
    education_level: EducationLevel = strawberry.field(description="Education level.")
    professional_project: str = strawberry.field(description="Project or sector (free text).")
    professional_sector: str | None = strawberry.field(
        description="Professional sector: a NAF section code (A to U), null when not given."
    )
    anonymised: bool = strawberry.field(
        description="Erased at the person's request or by retention."
    )
    revision: int = strawberry.field(description="Revision, to send back when correcting it.")

    @classmethod
    def from_model(cls, candidate: Candidate | CandidateRecord) -> CandidateType:
        """From the candidate, or a record of its columns (the dossier list's)."""
        return cls(
            id=strawberry.ID(str(candidate.id)),
            civility=candidate.civility,
            birth_name=candidate.birth_name,
            usage_name=candidate.usage_name,
            first_names=candidate.first_names,
            birth_date=candidate.birth_date,
            birth_country=candidate.birth_country,
            birth_city=candidate.birth_city,
            born_abroad=candidate.born_abroad,
            birth_postal_code=candidate.birth_postal_code,
            email=candidate.email,
            phone=candidate.phone,
            address_line=candidate.address_line,
            postal_code=candidate.postal_code,
            city=candidate.city,
            status_at_registration=candidate.status_at_registration,
            education_level=candidate.education_level,
            professional_project=candidate.professional_project,
            professional_sector=candidate.professional_sector,
            anonymised=candidate.anonymised_at is not None,
            revision=candidate.revision,
        )


@strawberry.type(description="A section of the French activity nomenclature (NAF rév. 2).")
class ProfessionalSector:
    code: str = strawberry.field(description="Section letter, A to U.")
    label: str = strawberry.field(description="French label (INSEE).")


CandidateResult = Annotated[
    CandidateType | NotFound,
    strawberry.union("CandidateResult", description="The candidate, or why it is not there."),
]


@strawberry.type(description="Result of registering a candidate.")
class CreateCandidatePayload:
    error_type: ClassVar[type[CandidateProblem]] = CandidateProblem
    candidate: CandidateType | None = strawberry.field(default=None, description="It.")
    errors: list[CandidateProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of correcting a candidate.")
class UpdateCandidatePayload:
    error_type: ClassVar[type[CandidateProblem]] = CandidateProblem
    candidate: CandidateType | None = strawberry.field(default=None, description="It.")
    errors: list[CandidateProblem] = strawberry.field(default_factory=list, description="Problems.")
