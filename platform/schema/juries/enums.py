"""Domain enums exposed by the jury schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.models import IssuanceStatus, Outcome, SessionStatus, Side

# The domain's codes, under the API's name for payload problems.
strawberry.enum(JuryErrorCode, name="JuryProblemCode", description="Why a jury action was refused.")
strawberry.enum(Side, description="Employer or employee representative.")
strawberry.enum(SessionStatus, description="Convened, open or closed (frozen).")
strawberry.enum(Outcome, description="Certified, not certified or postponed.")
strawberry.enum(
    IssuanceStatus,
    name="CertificateIssuanceStatus",
    description="Where the background issuance of a closed session's certificates stands: "
    "pending (queued), running, done (every certificate issued) or failed (some missing: retry).",
)

__all__ = ["IssuanceStatus", "JuryErrorCode", "Outcome", "SessionStatus", "Side"]
