"""How the generated population is distributed: stages, durations, people, financing.

Every draw goes through a generator seeded by the candidate's number, so these weights and
ranges, with the order of the draws, make candidate ``k`` the same person every time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import TypeVar

from clea_platform.candidates.validation import EducationLevel, RegistrationStatus
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.states import DossierStatus

S = DossierStatus
T = TypeVar("T")

# Where dossiers stand, weighted like a platform in its stride.
STATUS_WEIGHTS: Mapping[DossierStatus, int] = {
    S.OPENED: 5,
    S.INITIAL_EVALUATION: 5,
    S.TRAINING: 30,
    S.FINAL_EVALUATION: 4,
    S.READY_FOR_JURY: 7,
    S.SUBMITTED_TO_JURY: 4,
    S.CERTIFIED: 26,
    S.NOT_CERTIFIED: 3,
    S.ABANDONED: 12,
    S.EXPIRED: 4,
}
# The stage an abandoned dossier was at when the candidate gave up.
ABANDONED_AFTER: Mapping[DossierStatus, int] = {
    S.OPENED: 15,
    S.INITIAL_EVALUATION: 8,
    S.TRAINING: 57,
    S.FINAL_EVALUATION: 5,
    S.READY_FOR_JURY: 5,
    S.EXPIRED: 10,
}
CERTIFICATION_WEIGHTS: Mapping[str, int] = {"CLEA": 72, "CLEA_NUMERIQUE": 20, "CLEA_MANAGEMENT": 8}
OTHER_CERTIFICATION_WEIGHT = 5
# Most candidates have gaps at the évaluation préalable and go through training.
VIA_TRAINING_RATE = 0.78
SECOND_DOSSIER_RATE = 0.08
# Days before today within which a dossier in this status took its last step.
LAST_STEP_WITHIN_DAYS: Mapping[DossierStatus, int] = {
    S.OPENED: 60,
    S.INITIAL_EVALUATION: 30,
    S.TRAINING: 700,
    S.FINAL_EVALUATION: 30,
    S.READY_FOR_JURY: 120,
    S.SUBMITTED_TO_JURY: 60,
    S.NOT_CERTIFIED: 700,
    S.EXPIRED: 700,
    S.CERTIFIED: 7 * 365,
    S.ABANDONED: 7 * 365,
}


# Days spent in a status before the next one (ranges), for the dates of the timeline.
STAGE_DAYS: Mapping[tuple[DossierStatus | None, DossierStatus], tuple[int, int]] = {
    (S.OPENED, S.INITIAL_EVALUATION): (5, 40),
    (S.OPENED, S.ABANDONED): (10, 90),
    (S.INITIAL_EVALUATION, S.ABANDONED): (3, 30),
    (S.TRAINING, S.ABANDONED): (20, 300),
    (S.FINAL_EVALUATION, S.ABANDONED): (5, 30),
    (S.READY_FOR_JURY, S.SUBMITTED_TO_JURY): (10, 90),
    (S.READY_FOR_JURY, S.ABANDONED): (20, 120),
    (S.SUBMITTED_TO_JURY, S.CERTIFIED): (7, 45),
    (S.SUBMITTED_TO_JURY, S.NOT_CERTIFIED): (7, 45),
    (S.EXPIRED, S.ABANDONED): (30, 365),
}
# A sitting: its day, and its start and end (hour, minute).
Sitting = tuple[dt.date, tuple[tuple[int, int], tuple[int, int]]]
# The évaluation préalable takes at most 7 hours, the finale 3 (the plugins' limits).
INITIAL_SITTINGS = (
    ((9, 0), (12, 0)),
    ((13, 30), (17, 0)),
)
FINAL_SITTINGS = (((9, 0), (11, 30)), ((14, 0), (17, 0)))

PRESCRIBERS: Mapping[RegistrationStatus, Mapping[PrescriberType, int]] = {
    RegistrationStatus.JOBSEEKER: {
        PrescriberType.FRANCE_TRAVAIL: 60,
        PrescriberType.CEP_ADVISER: 12,
        PrescriberType.REGION: 10,
        PrescriberType.SELF: 13,
        PrescriberType.OTHER: 5,
    },
    RegistrationStatus.EMPLOYEE: {
        PrescriberType.EMPLOYER: 50,
        PrescriberType.OPCO: 22,
        PrescriberType.CEP_ADVISER: 10,
        PrescriberType.STAFF_REPRESENTATIVE: 5,
        PrescriberType.PROFESSIONAL_BRANCH: 3,
        PrescriberType.SELF: 10,
    },
    RegistrationStatus.YOUNG_MISSION_LOCALE: {
        PrescriberType.MISSION_LOCALE: 85,
        PrescriberType.SELF: 15,
    },
    RegistrationStatus.OTHER: {PrescriberType.SELF: 60, PrescriberType.OTHER: 40},
}
FINANCINGS: Mapping[RegistrationStatus, Mapping[Financing, int]] = {
    RegistrationStatus.JOBSEEKER: {Financing.CPF: 35, Financing.POE: 15, Financing.OTHER: 50},
    RegistrationStatus.EMPLOYEE: {
        Financing.SKILLS_DEVELOPMENT_PLAN: 45,
        Financing.CPF: 30,
        Financing.PRO_A: 20,
        Financing.PROFESSIONALISATION_CONTRACT: 5,
    },
    RegistrationStatus.YOUNG_MISSION_LOCALE: {
        Financing.OTHER: 60,
        Financing.PROFESSIONALISATION_CONTRACT: 20,
        Financing.CPF: 20,
    },
    RegistrationStatus.OTHER: {Financing.CPF: 50, Financing.OTHER: 50},
}
EDUCATION_WEIGHTS: Mapping[EducationLevel, int] = {
    EducationLevel.NONE: 38,
    EducationLevel.CAP_BEP: 42,
    EducationLevel.BAC: 14,
    EducationLevel.BAC_2: 4,
    EducationLevel.BAC_3_PLUS: 2,
}


#: Status at registration: jobseekers a large majority (Paris region 2021: 88 %, DOMAIN.md).
REGISTRATION_WEIGHTS: Mapping[RegistrationStatus, int] = {
    RegistrationStatus.JOBSEEKER: 86,
    RegistrationStatus.EMPLOYEE: 7,
    RegistrationStatus.YOUNG_MISSION_LOCALE: 6,
    RegistrationStatus.OTHER: 1,
}
#: Age at opening, (youngest, oldest, weight): a third under 25, half under 30 (DOMAIN.md).
AGE_BANDS: tuple[tuple[int, int, int], ...] = (
    (18, 24, 33),
    (25, 29, 17),
    (30, 44, 32),
    (45, 62, 18),
)
#: Professional sectors (NAF sections, ``candidates.sectors``): the published top sectors
#: first — childcare, health and care giving (Q), reception and secretarial work (N),
#: retail (G) — every section present; None: not given.
SECTOR_WEIGHTS: Mapping[str | None, int] = {
    "Q": 30, "N": 14, "G": 13, "I": 9, "H": 8, "P": 5, "F": 5, "C": 4, "S": 4, "O": 2,
    "M": 1, "A": 1, "B": 1, "D": 1, "E": 1, "J": 1, "K": 1, "L": 1, "R": 1, "T": 1, "U": 1,
    None: 8,
}  # fmt: skip


def weighted(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
