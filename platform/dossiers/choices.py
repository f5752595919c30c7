"""Closed lists recorded on a dossier (from the certifier's import format)."""

from __future__ import annotations

import enum


class PrescriberType(enum.StrEnum):
    SELF = "self"
    EMPLOYER = "employer"
    CEP_ADVISER = "cep_adviser"
    FRANCE_TRAVAIL = "france_travail"
    REGION = "region"
    MISSION_LOCALE = "mission_locale"
    OPCO = "opco"
    # A staff or union representative (représentant du personnel ou syndical).
    STAFF_REPRESENTATIVE = "staff_representative"
    PROFESSIONAL_BRANCH = "professional_branch"
    OTHER = "other"


class InterviewOutcome(enum.StrEnum):
    """What the information interview concluded (only ORIENTED opens a dossier)."""

    ORIENTED = "oriented"  # oriented towards the certification discussed
    OTHER_ORIENTATION = "other_orientation"
    DEFERRED = "deferred"


class Financing(enum.StrEnum):
    CPF = "cpf"
    PRO_A = "pro_a"
    POE = "poe"
    SKILLS_DEVELOPMENT_PLAN = "skills_development_plan"
    PROFESSIONALISATION_CONTRACT = "professionalisation_contract"
    OTHER = "other"
