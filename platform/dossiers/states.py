"""The dossier's state machine: every status, every allowed transition, nothing else.

    opened → initial_evaluation → ready_for_jury (nothing missing)
                                → training → final_evaluation → ready_for_jury
    ready_for_jury → submitted_to_jury → certified
                                       → not_certified → training (back to training)
    any open status → abandoned (with a reason)
    any open status after the initial evaluation → expired (the certification's training
    window, ``CertificationLimits.training_window_years``, lapsed);
    expired → initial_evaluation (a new évaluation préalable is needed)

The service layer is the only caller; forbidden transitions raise
:class:`TransitionError` with a stable code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class DossierStatus(enum.StrEnum):
    OPENED = "opened"
    INITIAL_EVALUATION = "initial_evaluation"
    TRAINING = "training"
    FINAL_EVALUATION = "final_evaluation"
    READY_FOR_JURY = "ready_for_jury"
    SUBMITTED_TO_JURY = "submitted_to_jury"
    CERTIFIED = "certified"
    NOT_CERTIFIED = "not_certified"
    ABANDONED = "abandoned"
    EXPIRED = "expired"


S = DossierStatus

TRANSITIONS: Mapping[DossierStatus, frozenset[DossierStatus]] = {
    S.OPENED: frozenset({S.INITIAL_EVALUATION, S.ABANDONED}),
    S.INITIAL_EVALUATION: frozenset({S.READY_FOR_JURY, S.TRAINING, S.ABANDONED}),
    S.TRAINING: frozenset({S.FINAL_EVALUATION, S.ABANDONED, S.EXPIRED}),
    S.FINAL_EVALUATION: frozenset({S.READY_FOR_JURY, S.TRAINING, S.ABANDONED, S.EXPIRED}),
    S.READY_FOR_JURY: frozenset({S.SUBMITTED_TO_JURY, S.ABANDONED, S.EXPIRED}),
    S.SUBMITTED_TO_JURY: frozenset({S.CERTIFIED, S.NOT_CERTIFIED, S.READY_FOR_JURY}),
    S.NOT_CERTIFIED: frozenset({S.TRAINING, S.ABANDONED, S.EXPIRED}),
    S.EXPIRED: frozenset({S.INITIAL_EVALUATION, S.ABANDONED}),
    S.CERTIFIED: frozenset(),
    S.ABANDONED: frozenset(),
}

#: Moves only an amendment of a jury decision makes (``juries/amendments.py``): « certifié »
#: is final except through this path (the certificate is revoked or issued with it).
AMENDMENT_TRANSITIONS: Mapping[DossierStatus, frozenset[DossierStatus]] = {
    S.CERTIFIED: frozenset({S.NOT_CERTIFIED, S.READY_FOR_JURY}),
    S.NOT_CERTIFIED: frozenset({S.CERTIFIED, S.READY_FOR_JURY}),
    S.READY_FOR_JURY: frozenset({S.CERTIFIED, S.NOT_CERTIFIED}),
    S.TRAINING: frozenset({S.CERTIFIED}),
    S.FINAL_EVALUATION: frozenset({S.CERTIFIED}),
}

#: Statuses in which a dossier is still active (one active dossier per candidate and
#: certification).
OPEN_STATUSES = frozenset(status for status, targets in TRANSITIONS.items() if targets)
CLOSED_STATUSES = frozenset(DossierStatus) - OPEN_STATUSES

LABELS: Mapping[DossierStatus, str] = {
    S.OPENED: "ouvert",
    S.INITIAL_EVALUATION: "évaluation préalable",
    S.TRAINING: "en formation",
    S.FINAL_EVALUATION: "évaluation finale",
    S.READY_FOR_JURY: "prêt pour le jury",
    S.SUBMITTED_TO_JURY: "soumis au jury",
    S.CERTIFIED: "certifié",
    S.NOT_CERTIFIED: "non certifié",
    S.ABANDONED: "abandonné",
    S.EXPIRED: "expiré",
}


class TransitionError(ValueError):
    """A transition the state machine does not allow."""

    code = "FORBIDDEN_TRANSITION"

    def __init__(self, current: DossierStatus, target: DossierStatus) -> None:
        allowed = ", ".join(f"« {LABELS[s]} »" for s in sorted(TRANSITIONS[current])) or "aucun"
        super().__init__(
            f"Impossible de passer un dossier « {LABELS[current]} » à « {LABELS[target]} » "
            f"(possible : {allowed})."
        )
        self.current = current
        self.target = target


def check_transition(current: DossierStatus, target: DossierStatus) -> None:
    """Raise :class:`TransitionError` unless ``current → target`` is allowed.

    Example:
        >>> check_transition(DossierStatus.OPENED, DossierStatus.INITIAL_EVALUATION)
        >>> check_transition(DossierStatus.CERTIFIED, DossierStatus.TRAINING)
        Traceback (most recent call last):
        ...
        clea_platform.dossiers.states.TransitionError: Impossible de passer un dossier « certifié » à « en formation » (possible : aucun).
    """  # noqa: E501
    if target not in TRANSITIONS[current]:
        raise TransitionError(current, target)
