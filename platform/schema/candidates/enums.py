"""Domain enums exposed by the candidates schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.candidates.validation import (
    CandidateErrorCode,
    Civility,
    EducationLevel,
    RegistrationStatus,
)

strawberry.enum(Civility, description="Civility of a candidate.")
strawberry.enum(RegistrationStatus, description="Status at registration.")
strawberry.enum(EducationLevel, description="Highest diploma level (2019 nomenclature).")
strawberry.enum(
    CandidateErrorCode,
    name="CandidateProblemCode",
    description="Why a candidate change was refused.",
)

__all__ = ["CandidateErrorCode", "Civility", "EducationLevel", "RegistrationStatus"]
