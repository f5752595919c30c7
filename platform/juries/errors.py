"""Error codes of the jury context."""

from __future__ import annotations

import enum

from clea_platform.core.errors import DomainError
from clea_platform.juries.records import DecisionRecord


class JuryErrorCode(enum.Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    ALREADY_MEMBER = "already_member"
    NOT_PARITAIRE = "not_paritaire"
    INVALID_STATE = "invalid_state"
    NOT_ON_AGENDA = "not_on_agenda"
    NOT_READY = "not_ready"
    WRONG_CERTIFICATION = "wrong_certification"
    RECUSED = "recused"
    NOT_A_MEMBER = "not_a_member"
    NOT_PRESENT = "not_present"
    REASON_REQUIRED = "reason_required"
    DECISIONS_MISSING = "decisions_missing"
    STALE_REVISION = "stale_revision"
    NO_MEMBERS = "no_members"
    NOT_PARITAIRE_FOR_DOSSIER = "not_paritaire_for_dossier"
    CRITERIA_REQUIRED = "criteria_required"
    INVALID_VOTE = "invalid_vote"
    PRESIDENT_REQUIRED = "president_required"
    NO_INTERVIEW = "no_interview"
    ALREADY_AMENDED = "already_amended"
    AMENDMENT_IMPOSSIBLE = "amendment_impossible"
    # Refused by the API's input bounds (length, control characters), before any rule.
    INVALID_INPUT = "invalid_input"


class JuryError(DomainError):
    """A jury action refused; ``earlier_decision`` is the decision someone else recorded
    first, when that is why (``STALE_REVISION``, ``ALREADY_AMENDED``)."""

    def __init__(
        self,
        code: JuryErrorCode,
        message: str,
        *,
        field: str | None = None,
        earlier_decision: DecisionRecord | None = None,
    ) -> None:
        super().__init__(code, message, field=field)
        self.earlier_decision = earlier_decision
