"""The dossier state machine, as the pathway of DOMAIN.md describes it."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clea_platform.dossiers.states import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    DossierStatus,
    TransitionError,
    check_transition,
)

S = DossierStatus

PATHWAYS = [
    # everything acquired at the évaluation préalable
    [S.OPENED, S.INITIAL_EVALUATION, S.READY_FOR_JURY, S.SUBMITTED_TO_JURY, S.CERTIFIED],
    # gaps: training, final evaluation, jury
    [
        S.OPENED,
        S.INITIAL_EVALUATION,
        S.TRAINING,
        S.FINAL_EVALUATION,
        S.READY_FOR_JURY,
        S.SUBMITTED_TO_JURY,
        S.CERTIFIED,
    ],
    # not certified, back to training, then certified
    [
        S.OPENED,
        S.INITIAL_EVALUATION,
        S.READY_FOR_JURY,
        S.SUBMITTED_TO_JURY,
        S.NOT_CERTIFIED,
        S.TRAINING,
        S.FINAL_EVALUATION,
        S.READY_FOR_JURY,
    ],
    # the 5-year window lapses during training: a new évaluation préalable is needed
    [S.OPENED, S.INITIAL_EVALUATION, S.TRAINING, S.EXPIRED, S.INITIAL_EVALUATION],
]


@pytest.mark.parametrize("pathway", PATHWAYS)
def test_the_pathways_of_the_domain_are_allowed(pathway: list[DossierStatus]) -> None:
    for current, target in itertools.pairwise(pathway):
        check_transition(current, target)


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES - {S.SUBMITTED_TO_JURY}))
def test_a_dossier_can_be_abandoned_from_any_open_status_not_before_the_jury(
    status: DossierStatus,
) -> None:
    check_transition(status, S.ABANDONED)


def test_certified_and_abandoned_dossiers_are_closed_for_good() -> None:
    assert {S.CERTIFIED, S.ABANDONED} == CLOSED_STATUSES
    for status in DossierStatus:
        with pytest.raises(TransitionError):
            check_transition(S.CERTIFIED, status)


def test_skipping_the_initial_evaluation_is_refused_with_a_french_message() -> None:
    with pytest.raises(TransitionError) as refused:
        check_transition(S.OPENED, S.READY_FOR_JURY)

    assert refused.value.code == "FORBIDDEN_TRANSITION"
    assert str(refused.value) == (
        "Impossible de passer un dossier « ouvert » à « prêt pour le jury » "
        "(possible : « abandonné », « évaluation préalable »)."
    )


@given(st.sampled_from(list(DossierStatus)), st.sampled_from(list(DossierStatus)))
def test_check_transition_agrees_with_the_table(
    current: DossierStatus, target: DossierStatus
) -> None:
    allowed = target in TRANSITIONS[current]
    try:
        check_transition(current, target)
    except TransitionError:
        assert not allowed
    else:
        assert allowed


def test_every_status_is_reachable_from_opened() -> None:
    reached = {S.OPENED}
    frontier = [S.OPENED]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)

    assert reached == set(DossierStatus)
