"""Rights come from the membership in the active organisation, and change with it at once.

A person who is admin of B and a mere viewer of A must not carry B's admin rights into
A; someone removed, demoted or whose key is revoked loses access at their next request.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from clea_platform.identity.passwords import hash_password
from tests.isolation.conftest import TwoTenants, snapshot
from tests.isolation.helpers import (
    PASSWORD,
    add_person,
    api_key_client,
    logged_in_client,
    post,
    unique,
)

SWITCH = """
mutation ($id: ID) {
  switchOrganisation(input: {organisationId: $id}) {
    viewer { activeOrganisation { id } activeRoles } errors { code }
  }
}
"""
UPDATE_ROLES = """
mutation ($id: ID!, $roles: [Role!]!) {
  updateMemberRoles(input: {membershipId: $id, roles: $roles}) {
    membership { id roles } errors { code }
  }
}
"""
REMOVE_MEMBER = """
mutation ($id: ID!) { removeMember(input: {membershipId: $id}) { ok errors { code } } }
"""
SITES = "{ sites { id siret } }"
MEMBERS = "{ members(first: 100) { edges { node { id roles user { email } } } } }"


def code_of(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0]["extensions"]["code"] if errors else None


async def person(
    app: Any, memberships: list[tuple[uuid.UUID, list[str]]]
) -> tuple[str, list[uuid.UUID], httpx.AsyncClient]:
    """A new person with these memberships, logged in: (email, membership IDs, browser)."""
    email = f"{unique('personne')}@isolation.example"
    async with app.state.sessions.begin() as session:
        _, rows = await add_person(
            session,
            email,
            "Personne Testée",
            hash_password(PASSWORD),
            memberships=[(organisation, roles) for organisation, roles in memberships],
        )
    http = await logged_in_client(app, email)
    # The first membership is the active organisation: say so explicitly.
    body = await post(http, SWITCH, id=str(memberships[0][0]))
    assert body["data"]["switchOrganisation"]["errors"] == [], body
    return email, [row.id for row in rows], http


@pytest.fixture
async def admin_of_b_viewer_of_a(app: Any, tenants: TwoTenants) -> Any:
    _, (in_b, in_a), http = await person(
        app,
        [(tenants.b.organisation_id, ["org_admin"]), (tenants.a.organisation_id, ["viewer"])],
    )
    try:
        yield in_b, in_a, http
    finally:
        await http.aclose()


async def test_admin_rights_in_b_do_not_reach_ones_own_membership_in_a(
    tenants: TwoTenants, admin_of_b_viewer_of_a: Any
) -> None:
    # Given a person who is admin of B (active) and a mere viewer of A
    _, in_a, http = admin_of_b_viewer_of_a
    before = await snapshot(tenants.sessions, tenants.a)

    # When they use B's admin rights on their own membership in A
    promote = await post(http, UPDATE_ROLES, id=str(in_a), roles=["ORG_ADMIN"])
    remove = await post(http, REMOVE_MEMBER, id=str(in_a))
    members = await post(http, MEMBERS)

    # Then it is "not found" from B, B's member list does not show it, and A is unchanged
    assert promote["data"]["updateMemberRoles"] == {
        "membership": None,
        "errors": [{"code": "NOT_FOUND"}],
    }
    assert remove["data"]["removeMember"] == {"ok": False, "errors": [{"code": "NOT_FOUND"}]}
    assert str(in_a) not in json.dumps(members)
    assert await snapshot(tenants.sessions, tenants.a) == before


async def test_in_a_the_admin_of_b_is_only_a_viewer(
    tenants: TwoTenants, admin_of_b_viewer_of_a: Any
) -> None:
    # Given a person who is admin of B and a mere viewer of A, who switched to A
    _, in_a, http = admin_of_b_viewer_of_a
    switched = await post(http, SWITCH, id=str(tenants.a.organisation_id))
    assert switched["data"]["switchOrganisation"]["viewer"]["activeRoles"] == ["VIEWER"]
    before = await snapshot(tenants.sessions, tenants.a)

    # When they read A's sites, and try admin operations in A and on B
    sites = json.dumps(await post(http, SITES))
    members = await post(http, MEMBERS)
    promote = await post(http, UPDATE_ROLES, id=str(in_a), roles=["ORG_ADMIN"])
    remove = await post(http, REMOVE_MEMBER, id=str(tenants.a.member_membership_id))
    organisation_b = await post(
        http,
        "query ($id: ID!) { organisation(id: $id) { ... on Organisation { name } } }",
        id=str(tenants.b.organisation_id),
    )

    # Then they see A's sites only, every admin operation is forbidden, A is unchanged
    assert tenants.a.site_id in sites
    assert tenants.b.site_id not in sites
    assert [code_of(body) for body in (members, promote, remove, organisation_b)] == [
        "FORBIDDEN"
    ] * 4
    assert await snapshot(tenants.sessions, tenants.a) == before


async def test_a_removed_member_loses_access_at_their_next_request(
    app: Any, tenants: TwoTenants
) -> None:
    # Given an evaluator of B who can read B's sites
    _, (membership,), http = await person(app, [(tenants.b.organisation_id, ["evaluator"])])
    try:
        assert tenants.b.site_id in json.dumps(await post(http, SITES))

        # When B's admin removes them
        removed = await post(tenants.b.admin, REMOVE_MEMBER, id=str(membership))
        assert removed["data"]["removeMember"] == {"ok": True, "errors": []}

        # Then their very next request sees nothing of B
        after = await post(http, SITES)
        viewer = await post(http, "{ viewer { activeOrganisation { id } memberships { id } } }")
    finally:
        await http.aclose()

    assert code_of(after) == "FORBIDDEN"
    assert viewer["data"]["viewer"] == {"activeOrganisation": None, "memberships": []}


async def test_a_demoted_admin_loses_admin_rights_at_their_next_request(
    app: Any, tenants: TwoTenants
) -> None:
    # Given a second admin of B, who can list B's members
    _, (membership,), http = await person(app, [(tenants.b.organisation_id, ["org_admin"])])
    try:
        assert code_of(await post(http, MEMBERS)) is None

        # When B's admin makes them a viewer
        demoted = await post(tenants.b.admin, UPDATE_ROLES, id=str(membership), roles=["VIEWER"])
        assert demoted["data"]["updateMemberRoles"]["errors"] == []

        # Then their next request is a viewer's
        after = await post(http, MEMBERS)
    finally:
        await http.aclose()

    assert code_of(after) == "FORBIDDEN"


async def test_a_revoked_api_key_is_refused_at_its_next_request(
    app: Any, tenants: TwoTenants
) -> None:
    # Given a working API key of B
    created = await post(
        tenants.b.admin,
        'mutation { createApiKey(input: {name: "Éphémère", role: VIEWER}) '
        "{ apiKey { id } secret errors { code } } }",
    )
    key = created["data"]["createApiKey"]
    async with api_key_client(app, key["secret"]) as machine:
        assert (await machine.post("/graphql", json={"query": SITES})).status_code == 200

        # When B's admin revokes it
        revoked = await post(
            tenants.b.admin,
            "mutation ($id: ID!) { revokeApiKey(input: {id: $id}) { errors { code } } }",
            id=key["apiKey"]["id"],
        )
        assert revoked["data"]["revokeApiKey"]["errors"] == []

        # Then its next request is refused outright
        response = await machine.post("/graphql", json={"query": SITES})

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
