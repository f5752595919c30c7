"""Domain enums exposed by the pathway schema, registered once before any use."""

from __future__ import annotations

import strawberry

from clea_platform.candidates.validation import (
    CandidateErrorCode,
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.service import DossierErrorCode
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import EvaluationKind, EvaluationStatus
from clea_platform.evaluations.service import EvaluationErrorCode
from clea_platform.training.service import TrainingErrorCode

strawberry.enum(Civility, description="Civility of a candidate.")
strawberry.enum(RegistrationStatus, description="Status at registration.")
strawberry.enum(EducationLevel, description="Highest diploma level (2019 nomenclature).")
strawberry.enum(PrescriberType, description="Who oriented the candidate.")
strawberry.enum(Financing, description="How the pathway is financed.")
strawberry.enum(DossierStatus, description="Where a dossier stands on the pathway.")
strawberry.enum(EvaluationKind, description="INITIAL = évaluation préalable, FINAL = finale.")
strawberry.enum(EvaluationStatus, description="Open while results are recorded, then closed.")
strawberry.enum(CandidateErrorCode, description="Why a candidate change was refused.")
strawberry.enum(DossierErrorCode, description="Why a dossier change was refused.")
strawberry.enum(EvaluationErrorCode, description="Why an evaluation change was refused.")
strawberry.enum(TrainingErrorCode, description="Why a training plan change was refused.")

__all__ = [
    "CandidateErrorCode",
    "Civility",
    "DossierErrorCode",
    "DossierStatus",
    "EducationLevel",
    "EvaluationErrorCode",
    "EvaluationKind",
    "EvaluationStatus",
    "Financing",
    "PrescriberType",
    "RegistrationStatus",
    "TrainingErrorCode",
]
