"""Domain enums exposed by the identity schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.identity.errors import IdentityErrorCode
from clea_platform.identity.roles import PlatformRole, Role

strawberry.enum(Role, description="Role in an organisation.")
strawberry.enum(PlatformRole, description="Role on the whole platform.")
# The domain's list of codes, under the API's name for payload problems.
strawberry.enum(
    IdentityErrorCode,
    name="IdentityProblemCode",
    description="Why an identity operation was refused.",
)

__all__ = ["IdentityErrorCode", "PlatformRole", "Role"]
