"""The product enforces the reviewed permission table (``expected.csv``), role by role.

Each role is a person (or nobody) with that one role in an active organisation; the
Certif'Pro administrator has no active organisation. « own » means the gate lets the
caller in and the service limits them to what is theirs; the gate is what this compares.
The real API is compared against the table for every operation and every role in
``tests/schema/test_permission_matrix.py`` (the same actors, over HTTP).
"""

from __future__ import annotations

import uuid

import pytest

from clea_platform.schema.permissions import denial_code
from clea_platform.tenants.context import Actor
from tests.schema.permissions.table import EXPECTED, ROLES, VERDICTS, refused
from tests.schema.test_permission_matrix import ROOT_FIELDS

ORGANISATION = uuid.uuid4()


def actor(role: str) -> Actor:
    if role == "anonymous":
        return Actor()
    if role == "candidate":
        # Signed in to the candidate space: no account, no organisation, no role.
        return Actor(candidate_account_id=uuid.uuid4(), candidate_person_id=uuid.uuid4())
    if role == "certifpro_admin":
        return Actor(user_id=uuid.uuid4(), platform_roles=frozenset({"certifpro_admin"}))
    return Actor(user_id=uuid.uuid4(), organisation_id=ORGANISATION, roles=frozenset({role}))


def test_the_table_has_one_row_per_operation_and_a_verdict_per_role() -> None:
    assert sorted(set(ROOT_FIELDS) - set(EXPECTED)) == [], "operations missing from expected.csv"
    assert sorted(set(EXPECTED) - set(ROOT_FIELDS)) == [], "rows for operations that do not exist"
    for operation, verdicts in EXPECTED.items():
        assert set(verdicts) == set(ROLES), operation
        assert set(verdicts.values()) <= set(VERDICTS), operation


@pytest.mark.parametrize("role", ROLES)
def test_the_products_rules_give_each_role_the_verdicts_of_the_table(role: str) -> None:
    caller = actor(role)
    disagreements = sorted(
        f"{operation}: table says {EXPECTED[operation][role]}, product "
        f"{'refuses' if denial_code(operation, caller) else 'allows'}"
        for operation in ROOT_FIELDS
        if (denial_code(operation, caller) is not None) != refused(operation, role)
    )
    assert disagreements == []


def test_the_unauthenticated_are_told_to_log_in_and_the_others_are_forbidden() -> None:
    for operation in ROOT_FIELDS:
        if refused(operation, "anonymous"):
            assert denial_code(operation, actor("anonymous")) == "UNAUTHENTICATED", operation
        # A candidate has no professional account: asked to log in as one, not forbidden.
        if refused(operation, "candidate"):
            assert denial_code(operation, actor("candidate")) == "UNAUTHENTICATED", operation
        for role in ROLES[2:]:
            if refused(operation, role):
                assert denial_code(operation, actor(role)) == "FORBIDDEN", (operation, role)


def test_only_evaluators_save_and_close_evaluations_and_never_trainers() -> None:
    for operation in ("Mutation.saveEvaluationResults", "Mutation.closeEvaluation"):
        allowed = {role for role in ROLES if not refused(operation, role)}
        assert allowed == {"evaluator"}, operation


def test_candidates_reach_only_their_own_space_and_the_public_operations() -> None:
    for operation, verdicts in EXPECTED.items():
        if verdicts["candidate"] == "own":
            others = {role: v for role, v in verdicts.items() if role != "candidate"}
            assert set(others.values()) == {"refused"}, operation
        elif verdicts["candidate"] == "allowed":
            assert verdicts["anonymous"] == "allowed", operation


def test_the_viewer_changes_nothing_but_their_own_account_and_jury_work() -> None:
    for operation, verdicts in EXPECTED.items():
        if operation.startswith("Mutation.") and verdicts["viewer"] != "refused":
            assert verdicts["viewer"] == "own" or verdicts["anonymous"] == "allowed", operation
