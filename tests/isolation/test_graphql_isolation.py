"""Organisation B attacks organisation A through every operation of the GraphQL API.

B's admin (browser session) and B's API key (role org_admin) send each root query and
mutation with A's real IDs, guessed IDs and malformed ones. The answer must be a
refusal ("not found", a typed payload error, or FORBIDDEN/UNAUTHENTICATED) or B's own
data; the body must never contain anything of A's (IDs, names, emails, SIREN, SIRET,
API key prefix, OIDC settings); and A's rows must be exactly as they were.

The suite is driven by the schema (``schema.graphql`` and the running one): a root field
with neither an attack below nor a line in ``NOT_TENANT_DATA`` makes the coverage test
fail, so a new operation cannot be forgotten.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from graphql import build_schema

from clea_platform.identity.passwords import hash_password
from clea_platform.schema.permissions import denial_code
from clea_platform.schema.root import schema
from clea_platform.tenants.context import Actor
from tests.conftest import REPO_ROOT
from tests.isolation.attacks import ATTACKS, NOT_TENANT_DATA
from tests.isolation.attacks.kit import (
    Attack,
    Expect,
    denied,
)
from tests.isolation.attacks.operations import (
    ORGANISATION,
    STAFF,
)
from tests.isolation.conftest import Tenant, TwoTenants, _build_tenant, snapshot
from tests.isolation.helpers import (
    PASSWORD,
    add_person,
    logged_in_client,
    post,
    unique,
)

ATTACKERS = ("B's admin (session cookie)", "B's API key (Bearer)")


def attacker_client(tenants: TwoTenants, attacker: str) -> Any:
    return tenants.b.admin if attacker == ATTACKERS[0] else tenants.b.api_key


def attacker_actor(tenants: TwoTenants, attacker: str) -> Actor:
    """The actor the server should resolve for the attacker (to read the rule's verdict)."""
    b = tenants.b
    if attacker == ATTACKERS[0]:
        return Actor(
            user_id=b.admin_user_id,
            session_id=uuid.UUID(b.admin_session_id),
            organisation_id=b.organisation_id,
            roles=frozenset({"org_admin"}),
        )
    return Actor(
        api_key_id=uuid.UUID(b.api_key_id),
        organisation_id=b.organisation_id,
        roles=frozenset({"org_admin"}),
    )


def rule_denial(attack: Attack, actor: Actor) -> str | None:
    return denial_code(attack.field, actor)


def schema_root_fields() -> set[str]:
    """Root fields of ``schema.graphql`` and of the running schema (should they differ)."""
    committed = build_schema((REPO_ROOT / "schema.graphql").read_text(encoding="utf-8"))
    fields = set()
    for sdl in (committed, schema._schema):
        for root in (sdl.query_type, sdl.mutation_type):
            assert root is not None
            fields |= {f"{root.name}.{name}" for name in root.fields}
    return fields


def test_every_root_field_is_attacked_or_declared_not_tenant_data() -> None:
    # Given the root fields of the committed schema
    fields = schema_root_fields()

    # When compared with the attacks and the declared non-tenant fields
    attacked = {attack.field for attack in ATTACKS}

    # Then every field is in exactly one of them, and neither list names a ghost
    assert sorted(fields - attacked - set(NOT_TENANT_DATA)) == [], (
        "New root field(s): add attacks to ATTACKS, or a reason to NOT_TENANT_DATA."
    )
    assert sorted(attacked & set(NOT_TENANT_DATA)) == []
    assert sorted((attacked | set(NOT_TENANT_DATA)) - fields) == []


def assert_nothing_of(tenant: Tenant, body: dict[str, Any]) -> None:
    text = json.dumps(body, ensure_ascii=False)
    leaks = {what: mark for what, mark in tenant.fingerprints().items() if mark and mark in text}
    assert leaks == {}, f"organisation {tenant.label}'s data leaked: {leaks}\n{text}"


def assert_answer(attack: Attack, expect: Expect, body: dict[str, Any], b: Tenant) -> None:
    errors = body.get("errors") or []
    if expect.kind == "denied":
        codes = {(error.get("extensions") or {}).get("code") for error in errors}
        assert codes == set(expect.codes), body
        assert (body.get("data") or {}).get(attack.root) is None, body
        return
    assert errors == [], body
    answer = body["data"][attack.root]
    if expect.kind == "null":
        assert answer is None, body
    elif expect.kind == "not_found":
        assert answer["__typename"] == "NotFound", body
    elif expect.kind == "refused":
        assert answer["errors"], body
        assert {error["code"] for error in answer["errors"]} <= expect.codes, body
        results = {k: v for k, v in answer.items() if k not in ("errors", "ok")}
        assert all(value is None for value in results.values()), body
        assert answer.get("ok") in (None, False), body
    elif expect.kind == "own":
        assert expect.own is not None
        assert expect.own(b) in json.dumps(answer, ensure_ascii=False), body
    elif expect.kind == "ok" and isinstance(answer, dict) and "errors" in answer:
        assert answer["errors"] == [], body


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("attack", ATTACKS, ids=str)
async def test_b_gets_nothing_of_a_and_changes_nothing_of_a(
    app: Any, tenants: TwoTenants, attack: Attack, attacker: str
) -> None:
    if attack.leaves_a_s_addresses_in_b:
        # the tests pass in any order: the shared B must not keep A's addresses
        fresh = await _build_tenant(app, "B", hash_password(PASSWORD))
        tenants = TwoTenants(a=tenants.a, b=fresh, sessions=tenants.sessions)
        try:
            await attack_a(app, tenants, attack, attacker)
        finally:
            await fresh.admin.aclose()
            await fresh.api_key.aclose()
    else:
        await attack_a(app, tenants, attack, attacker)


async def attack_a(app: Any, tenants: TwoTenants, attack: Attack, attacker: str) -> None:
    a, b = tenants.a, tenants.b
    # Given A's rows as they are
    before = await snapshot(tenants.sessions, a)

    # When B sends the operation, aimed at A
    body = await post(attacker_client(tenants, attacker), attack.document, **attack.variables(a, b))
    await app.state.mailer.drain()  # an invitation's email goes out before the next step

    # Then B is refused (as the permission rule says, or "not found"), or gets its own data
    denial = rule_denial(attack, attacker_actor(tenants, attacker))
    expect = denied(denial) if denial else attack.expect
    assert_answer(attack, expect, body, b)
    # And nothing of A's is in the answer
    assert_nothing_of(a, body)
    # And A's rows, people, sessions and audit log are unchanged
    assert await snapshot(tenants.sessions, a) == before


async def test_b_still_acts_normally_after_the_attacks(tenants: TwoTenants) -> None:
    # Given the attacks above (B's session and key must not have been revoked by them)
    b = tenants.b
    # When B reads its own organisation
    for http in (b.admin, b.api_key):
        body = await post(http, ORGANISATION, id=str(b.organisation_id))
        # Then it gets it: the refusals were about A, not a broken client
        assert body["data"]["organisation"]["id"] == str(b.organisation_id), body


async def test_the_viewer_of_b_shows_nothing_of_a(tenants: TwoTenants) -> None:
    # Given B's admin and B's API key
    query = """
    { viewer { user { id email } memberships { id organisation { id name sites { id siret } } }
               activeOrganisation { id name sites { id siret } } activeRoles } }
    """
    for http in (tenants.b.admin, tenants.b.api_key):
        # When they ask who they are
        body = await post(http, query)
        # Then the answer is about B only
        assert "errors" not in body, body
        assert body["data"]["viewer"]["activeOrganisation"]["id"] == str(tenants.b.organisation_id)
        assert_nothing_of(tenants.a, body)


async def test_login_options_publish_a_name_and_slug_but_no_oidc_settings(
    tenants: TwoTenants,
) -> None:
    # Given A offers login through its own identity provider
    a = tenants.a
    # When anyone lists the login options
    body = await post(
        tenants.b.admin, "{ loginOptions { organisationName organisationSlug loginUrl } }"
    )
    # Then A appears with its public name and slug only
    assert {"organisationName": a.name, "organisationSlug": a.slug} in [
        {k: v for k, v in option.items() if k != "loginUrl"}
        for option in body["data"]["loginOptions"]
    ]
    text = json.dumps(body, ensure_ascii=False)
    for secret in (str(a.organisation_id), a.oidc_issuer, a.oidc_client_id, a.siren):
        assert secret not in text


async def test_an_invitation_token_that_does_not_exist_previews_nothing(
    tenants: TwoTenants,
) -> None:
    # When B guesses invitation tokens
    for token in (unique("jeton"), a_like_token(tenants.a)):
        body = await post(
            tenants.b.admin,
            "query ($t: String!) { invitationPreview(token: $t) { __typename "
            "... on InvitationPreview { organisationName email } } }",
            t=token,
        )
        # Then nothing is previewed
        assert body["data"]["invitationPreview"] == {"__typename": "NotFound"}, body


def a_like_token(a: Tenant) -> str:
    # An ID is not a token: the invitation's ID must not open it.
    return a.invitation_id


async def test_the_staff_list_holds_the_active_organisations_evaluators_and_trainers_only(
    app: Any, tenants: TwoTenants
) -> None:
    a, b = tenants.a, tenants.b
    # Given Nadia, trainer at A and evaluator at B, and Marc, evaluator at A only
    names = {label: f"{label} {unique('personnel')}" for label in ("Nadia", "Marc")}
    async with app.state.sessions.begin() as session:
        nadia, _ = await add_person(
            session,
            f"{unique('nadia')}@isolation.example",
            names["Nadia"],
            hash_password(PASSWORD),
            memberships=[(a.organisation_id, ["trainer"]), (b.organisation_id, ["evaluator"])],
        )
        marc, _ = await add_person(
            session,
            f"{unique('marc')}@isolation.example",
            names["Marc"],
            hash_password(PASSWORD),
            memberships=[(a.organisation_id, ["evaluator"])],
        )
    nadia_http = await logged_in_client(app, nadia.email)
    switched = await post(
        nadia_http,
        "mutation ($id: ID) { switchOrganisation(input: {organisationId: $id}) "
        "{ errors { code } } }",
        id=str(b.organisation_id),
    )
    assert switched["data"]["switchOrganisation"]["errors"] == []
    try:
        before = await snapshot(tenants.sessions, a)
        for http in (b.admin, b.api_key, nadia_http):
            # When B's admin, B's API key and Nadia (acting for B) list B's staff
            everyone = await post(http, STAFF)
            trainers = await post(http, "{ organisationStaff(role: TRAINER) { id } }")

            # Then Nadia is there as B's evaluator, never as A's trainer; Marc is not there
            assert everyone["data"]["organisationStaff"] == [
                {"id": str(nadia.id), "displayName": names["Nadia"], "roles": ["EVALUATOR"]}
            ], everyone
            assert trainers["data"]["organisationStaff"] == [], trainers
            assert str(marc.id) not in json.dumps(everyone)
            assert_nothing_of(a, everyone)
        assert await snapshot(tenants.sessions, a) == before
    finally:
        await nadia_http.aclose()
