"""The access rules as domain objects: who passes, and the refusal each raises."""

from __future__ import annotations

import uuid

import pytest

from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import (
    ADVISERS,
    APPLICANTS,
    ORG_ADMIN_OR_PLATFORM,
    PLATFORM_ADMIN,
    SIGNED_IN,
)

ORGANISATION = uuid.UUID(int=7)
PERSON = uuid.UUID(int=8)


def member(*roles: str, active: bool = True, pending: bool = False) -> Actor:
    return Actor(
        user_id=PERSON,
        organisation_id=ORGANISATION,
        roles=frozenset(roles),
        organisation_active=active,
        organisation_pending=pending,
    )


def test_an_anonymous_visitor_is_asked_to_sign_in_before_anything_else() -> None:
    with pytest.raises(NotAuthenticatedError):
        ADVISERS.check(Actor())
    with pytest.raises(NotAuthenticatedError):
        PLATFORM_ADMIN.check(Actor())


def test_an_api_key_is_not_a_person_for_signed_in_rules() -> None:
    key = Actor(
        api_key_id=uuid.UUID(int=9), organisation_id=ORGANISATION, roles=frozenset({"org_admin"})
    )
    with pytest.raises(NotAuthenticatedError):
        SIGNED_IN.check(key)


def test_an_evaluator_may_not_do_what_advisers_do() -> None:
    with pytest.raises(AccessDeniedError):
        ADVISERS.check(member("evaluator"), writes=True)
    ADVISERS.check(member("adviser"), writes=True)


def test_a_suspended_organisation_reads_but_never_writes() -> None:
    suspended = member("adviser", active=False)
    ADVISERS.check(suspended, writes=False)
    with pytest.raises(AccessDeniedError, match="suspendue"):
        ADVISERS.check(suspended, writes=True)


def test_a_pending_organisation_may_only_write_its_application() -> None:
    pending = member("org_admin", active=False, pending=True)
    APPLICANTS.check(pending, writes=True)
    with pytest.raises(AccessDeniedError, match="en attente d'habilitation"):
        ADVISERS.check(pending, writes=True)


def test_either_of_two_rules_lets_through_whoever_satisfies_one() -> None:
    admin = Actor(user_id=PERSON, platform_roles=frozenset({"certifpro_admin"}))
    ORG_ADMIN_OR_PLATFORM.check(admin, writes=True)
    ORG_ADMIN_OR_PLATFORM.check(member("org_admin"), writes=True)
    assert not ORG_ADMIN_OR_PLATFORM.allows(member("adviser"))
