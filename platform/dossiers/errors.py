"""The dossier context's errors (shared by its services)."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError


class DossierErrorCode(enum.Enum):
    CONSENT_REQUIRED = "consent_required"
    UNKNOWN_CERTIFICATION = "unknown_certification"
    NO_PUBLISHED_REFERENTIEL = "no_published_referentiel"
    ALREADY_OPEN = "already_open"
    # The same person follows an active dossier for this certification in another organisation.
    ALREADY_OPEN_ELSEWHERE = "already_open_elsewhere"
    # A transfer's target: unknown establishment, the organisation itself, or no candidate.
    INVALID_TARGET = "invalid_target"
    NOT_FOUND = "not_found"
    FORBIDDEN_TRANSITION = "forbidden_transition"
    REASON_REQUIRED = "reason_required"
    STALE_REVISION = "stale_revision"
    INVALID_STATE = "invalid_state"
    NOT_ACCREDITED = "not_accredited"
    INTERVIEW_REQUIRED = "interview_required"
    INVALID_INTERVIEW = "invalid_interview"
    # A new candidate registered with the dossier: a field is wrong (``newCandidate.<field>``)
    # or the same names and birth date exist already (confirm, or use that candidate).
    INVALID_CANDIDATE = "invalid_candidate"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class DossierError(DomainError):
    def __init__(self, code: DossierErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(code, message, field=field)


def dossier_not_found(field: str = "id", message: str = "Dossier introuvable.") -> DossierError:
    """The one "not found" of a dossier: missing or another tenant's, they look the same."""
    return DossierError(DossierErrorCode.NOT_FOUND, message, field=field)
