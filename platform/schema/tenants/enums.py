"""Domain enums exposed by the tenants schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.tenants.errors import TenantErrorCode
from clea_platform.tenants.models import NationalNetwork, OrganisationKind, OrganisationStatus

strawberry.enum(OrganisationKind, description="Platform operator or evaluator organisation.")
strawberry.enum(OrganisationStatus, description="Suspended organisations are read-only.")
strawberry.enum(NationalNetwork, description="National network the organisation belongs to.")
# The domain's list of codes, under the API's name for payload problems.
strawberry.enum(
    TenantErrorCode,
    name="TenantProblemCode",
    description="Why an organisation or site change was refused.",
)

__all__ = ["NationalNetwork", "OrganisationKind", "OrganisationStatus", "TenantErrorCode"]
