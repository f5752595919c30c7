"""Domain enums exposed by the jury schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.models import (
    DecisionMode,
    IssuanceStatus,
    MinutesKind,
    Outcome,
    SessionStatus,
    Side,
)

# The domain's codes, under the API's name for payload problems.
strawberry.enum(JuryErrorCode, name="JuryProblemCode", description="Why a jury action was refused.")
strawberry.enum(Side, description="Employer or employee representative.")
strawberry.enum(SessionStatus, description="Convened, open or closed (frozen).")
strawberry.enum(
    Outcome,
    description="Certified; not certified (criteria at issue); postponed (adjourned, a "
    "complement requested); the candidate absent or excused (sessions with interviews).",
)
strawberry.enum(DecisionMode, description="Consensus, or a vote with its counts.")
strawberry.enum(MinutesKind, description="The minutes of a session, or an appendix.")
strawberry.enum(
    IssuanceStatus,
    name="CertificateIssuanceStatus",
    description="Where the background issuance of a closed session's certificates stands: "
    "pending (queued), running, done (every certificate issued) or failed (some missing: retry).",
)

__all__ = [
    "DecisionMode",
    "IssuanceStatus",
    "JuryErrorCode",
    "MinutesKind",
    "Outcome",
    "SessionStatus",
    "Side",
]
