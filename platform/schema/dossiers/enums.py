"""Domain enums exposed by the dossiers schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.service import DossierErrorCode
from clea_platform.dossiers.states import DossierStatus

strawberry.enum(PrescriberType, description="Who oriented the candidate.")
strawberry.enum(Financing, description="How the pathway is financed.")
strawberry.enum(
    InterviewOutcome,
    description="What the information interview concluded (only ORIENTED opens a dossier).",
)
strawberry.enum(DossierStatus, description="Where a dossier stands on the pathway.")
strawberry.enum(
    DossierErrorCode, name="DossierProblemCode", description="Why a dossier change was refused."
)

__all__ = ["DossierErrorCode", "DossierStatus", "Financing", "InterviewOutcome", "PrescriberType"]
