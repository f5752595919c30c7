"""Domain enums exposed by the accreditation schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.accreditations.errors import AccreditationErrorCode
from clea_platform.accreditations.models import (
    AccreditationScope,
    AccreditationStatus,
    ApplicationStatus,
)

strawberry.enum(
    ApplicationStatus,
    description="Draft, submitted, under review, complement requested, accepted or rejected.",
)
strawberry.enum(AccreditationStatus, description="Active, suspended or withdrawn.")
strawberry.enum(
    AccreditationScope, description="What an accreditation allows: evaluation, training or both."
)
# The domain's codes, under the API's name for payload problems.
strawberry.enum(
    AccreditationErrorCode,
    name="AccreditationProblemCode",
    description="Why an accreditation change was refused.",
)

__all__ = [
    "AccreditationErrorCode",
    "AccreditationScope",
    "AccreditationStatus",
    "ApplicationStatus",
]
