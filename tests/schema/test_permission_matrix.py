"""The permission matrix is what the API enforces: every root operation × every kind of caller.

``clea_platform.schema.permissions.RULES`` declares one rule per root query and
mutation. Each operation is sent over HTTP, with minimal valid-looking arguments
generated from the schema, by every kind of caller; the expected verdict is the rule's
own (``RULES[key].check`` on the actor the server should resolve for that caller):
denied with exactly its ``extensions.code`` when the rule refuses, answered (data or a
typed payload error) when it allows. A new root field is covered the day it appears.

That checks the wiring, not who may do what: for the callers that are one of its roles,
the API's answer is also compared with the reviewed table written from the domain
(``tests/schema/permissions/expected.csv``), so a change of rule needs both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from graphql.pyutils import Undefined

from clea_platform.candidate_space.access import CANDIDATE_COOKIE
from clea_platform.candidate_space.models import CandidateAccount, CandidateSession
from clea_platform.candidates.models import Person
from clea_platform.db.base import utcnow
from clea_platform.identity.passwords import hash_password
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.schema.permissions import RULES, denial_code
from clea_platform.schema.root import schema
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import OrganisationStatus
from tests.conftest import new_client
from tests.isolation.helpers import (
    PASSWORD,
    add_organisation,
    add_person,
    api_key_client,
    logged_in_client,
    post,
    unique,
)
from tests.schema.permissions.table import ROLES as TABLE_ROLES
from tests.schema.permissions.table import refused as refused_by_table

SCHEMA = schema._schema
ROOT_FIELDS = sorted(
    f"{root.name}.{name}"
    for root in (SCHEMA.query_type, SCHEMA.mutation_type)
    if root is not None
    for name in root.fields
)

MEMBER_ROLES = ("viewer", "adviser", "evaluator", "trainer", "org_admin")
CALLERS = (
    "anonymous",
    *MEMBER_ROLES,
    "org_admin of a suspended organisation",
    "certifpro_admin without active organisation",
    "API key with role org_admin",
    "candidate",
)
# These end the caller's session(s): they run on a session (and person) of their own.
ENDS_SESSIONS = {"Mutation.logout", "Mutation.logoutEverywhere", "Mutation.signOutCandidate"}
# What a suspended organisation's admin may still do: manage their own account.
OWN_ACCOUNT_MUTATIONS = {
    "Mutation.login",
    "Mutation.logout",
    "Mutation.logoutEverywhere",
    "Mutation.revokeSession",
    "Mutation.switchOrganisation",
    "Mutation.changePassword",
    "Mutation.requestPasswordReset",
    "Mutation.resetPassword",
    "Mutation.acceptInvitation",
    # public form: anyone (a suspended organisation's admin too) may ask for a new one
    "Mutation.requestAccreditation",
    # the candidate space's public doors: keyed by an address or a secret link, not a tenant
    "Mutation.requestCandidateSignInLink",
    "Mutation.signInCandidate",
    "Mutation.signOutCandidate",
    "Mutation.requestCandidateSignInCode",
    "Mutation.signInCandidateWithCode",
    # the follow-up questionnaire of certified people: keyed by a secret e-mailed link
    "Mutation.answerFollowUp",
}
# A jury member's own acts: open to any signed-in person, the jury service checks that
# they sit on the session (an organisation's status has nothing to do with it).
JURY_MEMBER_MUTATIONS = {"Mutation.declareJuryConflict", "Mutation.decideJuryDossier"}
DENIAL_CODES = {"UNAUTHENTICATED", "FORBIDDEN"}


# ---------------------------------------------------------------- operations from the schema


def literal(kind: GraphQLInputType) -> str:
    """A minimal, valid-looking GraphQL literal of ``kind``: it finds nothing, changes nothing."""
    if isinstance(kind, GraphQLNonNull):
        return literal(kind.of_type)
    if isinstance(kind, GraphQLList):
        return f"[{literal(kind.of_type)}]"
    if isinstance(kind, GraphQLEnumType):
        return str(next(iter(kind.values)))
    if isinstance(kind, GraphQLInputObjectType):
        required = [
            f"{name}: {literal(field.type)}"
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        ]
        return "{" + ", ".join(required) + "}"
    assert isinstance(kind, GraphQLScalarType)
    return {
        "ID": f'"{uuid.uuid4()}"',
        "Int": "1",
        "Float": "1.0",
        "Boolean": "false",
        "DateTime": '"2026-01-01T00:00:00+00:00"',
        "Date": '"2026-01-01"',
        "JSON": "{}",
    }.get(kind.name, '"x"')


def selection(kind: Any) -> str:
    named = get_named_type(kind)
    if isinstance(named, GraphQLObjectType):
        errors = " errors { code }" if "errors" in named.fields else ""
        return f" {{ __typename{errors} }}"
    if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
        return " { __typename }"
    return ""


def operation(key: str) -> str:
    """``query { field(required args) { __typename … } }`` for a root field."""
    root_name, name = key.split(".")
    root = SCHEMA.query_type if root_name == "Query" else SCHEMA.mutation_type
    assert root is not None
    field = root.fields[name]
    arguments = [
        f"{arg}: {literal(spec.type)}"
        for arg, spec in field.args.items()
        if isinstance(spec.type, GraphQLNonNull) and spec.default_value is Undefined
    ]
    call = f"{name}({', '.join(arguments)})" if arguments else name
    return f"{root_name.lower()} {{ {call}{selection(field.type)} }}"


def verdict(key: str, actor: Actor) -> str | None:
    """What the rule says: the denial code, or None when the caller may go ahead."""
    return denial_code(key, actor)


# ---------------------------------------------------------------- the callers


@dataclasses.dataclass
class Caller:
    actor: Actor
    client: httpx.AsyncClient
    email: str | None = None
    memberships: list[tuple[uuid.UUID, list[str]]] = dataclasses.field(default_factory=list)
    platform_roles: list[str] = dataclasses.field(default_factory=list)
    #: A candidate: a session of their own on demand (signing out must not end the shared one).
    renew: Callable[[], Awaitable[httpx.AsyncClient]] | None = None


@dataclasses.dataclass
class Callers:
    by_name: dict[str, Caller]
    app: Any
    password_hash: str

    async def with_own_session(self, name: str) -> tuple[httpx.AsyncClient, bool]:
        """A client for ``name`` whose session may be ended: (client, close it afterwards)."""
        caller = self.by_name[name]
        if caller.renew is not None:
            return await caller.renew(), True
        if caller.email is None:
            return caller.client, False
        # A person of their own, alike: logging out everywhere must not end shared sessions.
        email = f"{unique('matrice')}@matrice.example"
        async with self.app.state.sessions.begin() as session:
            await add_person(
                session,
                email,
                "Matrice",
                self.password_hash,
                memberships=caller.memberships,
                platform_roles=caller.platform_roles,
            )
        return await logged_in_client(self.app, email), True


async def _person(
    app: Any,
    password_hash: str,
    memberships: list[tuple[uuid.UUID, list[str]]],
    platform_roles: list[str] | None = None,
) -> tuple[str, uuid.UUID]:
    email = f"{unique('matrice')}@matrice.example"
    async with app.state.sessions.begin() as session:
        user, _ = await add_person(
            session,
            email,
            "Matrice",
            password_hash,
            memberships=memberships,
            platform_roles=platform_roles or [],
        )
    return email, user.id


async def _candidate_account(app: Any) -> tuple[uuid.UUID, uuid.UUID]:
    """A candidate space account (of a person without dossiers), written directly."""
    async with app.state.sessions.begin() as session:
        person = Person(identity_key=secrets.token_bytes(32))
        session.add(person)
        await session.flush()
        account = CandidateAccount(
            person_id=person.id, email=f"{unique('candidat')}@matrice.example", invited_at=utcnow()
        )
        session.add(account)
        await session.flush()
    return account.id, person.id


async def _candidate_client(app: Any, account_id: uuid.UUID) -> httpx.AsyncClient:
    """A browser holding a candidate session's cookie (as the one-time link sets it)."""
    token = new_token()
    async with app.state.sessions.begin() as session:
        session.add(
            CandidateSession(
                account_id=account_id,
                token_hash=hash_token(token),
                expires_at=utcnow() + dt.timedelta(hours=1),
            )
        )
    http = new_client(app)
    http.cookies.set(CANDIDATE_COOKIE, token)
    return http


@pytest.fixture(scope="module")
async def callers(app: Any) -> AsyncIterator[Callers]:
    """One client per kind of caller, with the actor the server should resolve for it."""
    password_hash = hash_password(PASSWORD)
    async with app.state.sessions.begin() as session:
        active = await add_organisation(session, f"Matrice active {unique('o')}")
        suspended = await add_organisation(
            session, f"Matrice suspendue {unique('o')}", status=OrganisationStatus.SUSPENDED
        )
    by_name: dict[str, Caller] = {"anonymous": Caller(Actor(), new_client(app))}
    for role in MEMBER_ROLES:
        memberships = [(active.id, [role])]
        email, user_id = await _person(app, password_hash, memberships)
        by_name[role] = Caller(
            Actor(user_id=user_id, organisation_id=active.id, roles=frozenset({role})),
            await logged_in_client(app, email),
            email,
            memberships,
        )
    memberships = [(suspended.id, ["org_admin"])]
    email, user_id = await _person(app, password_hash, memberships)
    by_name["org_admin of a suspended organisation"] = Caller(
        Actor(
            user_id=user_id,
            organisation_id=suspended.id,
            organisation_active=False,
            roles=frozenset({"org_admin"}),
        ),
        await logged_in_client(app, email),
        email,
        memberships,
    )
    email, user_id = await _person(app, password_hash, [], ["certifpro_admin"])
    by_name["certifpro_admin without active organisation"] = Caller(
        Actor(user_id=user_id, platform_roles=frozenset({"certifpro_admin"})),
        await logged_in_client(app, email),
        email,
        platform_roles=["certifpro_admin"],
    )
    created = await post(
        by_name["org_admin"].client,
        'mutation { createApiKey(input: {name: "Matrice", role: ORG_ADMIN}) '
        "{ apiKey { id } secret errors { code } } }",
    )
    key = created["data"]["createApiKey"]
    by_name["API key with role org_admin"] = Caller(
        Actor(
            api_key_id=uuid.UUID(key["apiKey"]["id"]),
            organisation_id=active.id,
            roles=frozenset({"org_admin"}),
        ),
        api_key_client(app, key["secret"]),
    )
    account_id, person_id = await _candidate_account(app)

    async def candidate_client() -> httpx.AsyncClient:
        return await _candidate_client(app, account_id)

    by_name["candidate"] = Caller(
        Actor(candidate_account_id=account_id, candidate_person_id=person_id),
        await candidate_client(),
        renew=candidate_client,
    )
    try:
        yield Callers(by_name, app, password_hash)
    finally:
        for caller in by_name.values():
            await caller.client.aclose()


# ---------------------------------------------------------------- the tests


def test_every_root_field_has_a_rule_and_every_rule_a_field() -> None:
    assert sorted(set(ROOT_FIELDS) - set(RULES)) == [], "root fields without a rule"
    assert sorted(set(RULES) - set(ROOT_FIELDS)) == [], "rules for fields that do not exist"


async def test_every_caller_is_who_the_matrix_thinks_it_is(callers: Callers) -> None:
    # The expected verdicts are computed on these actors: check the server agrees.
    query = "{ viewer { activeOrganisation { id status } activeRoles platformRoles } }"
    for name, caller in callers.by_name.items():
        viewer = (await post(caller.client, query))["data"]["viewer"]
        actor = caller.actor
        if not actor.is_authenticated:
            assert viewer is None, name
            continue
        active = viewer["activeOrganisation"]
        assert (active or {}).get("id") == (
            str(actor.organisation_id) if actor.organisation_id else None
        ), name
        if active:
            assert (active["status"] == "ACTIVE") == actor.organisation_active, name
        assert {role.lower() for role in viewer["activeRoles"]} == set(actor.roles), name
        assert {role.lower() for role in viewer["platformRoles"]} == set(actor.platform_roles)


def test_a_suspended_organisations_admin_may_only_manage_their_own_account() -> None:
    suspended = Actor(
        user_id=uuid.uuid4(),
        organisation_id=uuid.uuid4(),
        organisation_active=False,
        roles=frozenset({"org_admin"}),
    )
    mutations = {key for key in ROOT_FIELDS if key.startswith("Mutation.")}
    allowed = {key for key in mutations if verdict(key, suspended) is None}
    refused = {verdict(key, suspended) for key in mutations - allowed}

    assert allowed == OWN_ACCOUNT_MUTATIONS | JURY_MEMBER_MUTATIONS
    assert refused == {"FORBIDDEN"}


@pytest.mark.parametrize("caller_name", CALLERS)
@pytest.mark.parametrize("key", ROOT_FIELDS)
async def test_the_api_enforces_the_rule_of_the_matrix(
    callers: Callers, key: str, caller_name: str
) -> None:
    # Given a caller, and what the rule says about them
    caller = callers.by_name[caller_name]
    expected = verdict(key, caller.actor)
    client, disposable = (
        await callers.with_own_session(caller_name)
        if key in ENDS_SESSIONS
        else (caller.client, False)
    )
    field = key.split(".")[1]

    # When they call the operation with minimal arguments
    try:
        body = await post(client, operation(key))
    finally:
        if disposable:
            await client.aclose()
    await callers.app.state.mailer.drain()

    # Then they are denied exactly when the rule says so, with the rule's code
    errors = body.get("errors") or []
    codes = [(error.get("extensions") or {}).get("code") for error in errors]
    # and exactly when the reviewed table (tests/schema/permissions/expected.csv) says so
    table_role = "certifpro_admin" if caller_name.startswith("certifpro_admin") else caller_name
    if table_role in TABLE_ROLES:
        denied = bool(DENIAL_CODES & set(codes))
        assert denied == refused_by_table(key, table_role), (
            f"expected.csv says {caller_name} is {'refused' if not denied else 'allowed'} "
            f"{key}, the API {'refuses' if denied else 'answers'}: {body}"
        )
    if expected is None:
        assert errors == [], f"{caller_name} should be allowed {key}: {body}"
        assert field in body["data"], body
    else:
        assert codes == [expected], f"{caller_name} should get {expected} on {key}: {body}"
        assert errors[0]["path"] == [field], body
        assert (body.get("data") or {}).get(field) is None, body


def test_a_pending_organisations_admin_may_only_work_on_its_application() -> None:
    pending = Actor(
        user_id=uuid.uuid4(),
        organisation_id=uuid.uuid4(),
        organisation_active=False,
        organisation_pending=True,
        roles=frozenset({"org_admin"}),
    )
    mutations = {key for key in ROOT_FIELDS if key.startswith("Mutation.")}
    allowed = {key for key in mutations if verdict(key, pending) is None}

    assert allowed - OWN_ACCOUNT_MUTATIONS - JURY_MEMBER_MUTATIONS == {
        "Mutation.startApplication",
        "Mutation.saveApplication",
        "Mutation.submitApplication",
    }
