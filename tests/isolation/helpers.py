"""Building blocks of the isolation suites: organisations, people and HTTP clients.

Everything made here gets random, valid identifiers (SIREN, SIRET, emails, slugs), so
the suites can share the session database with every other test.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import Membership, User
from clea_platform.tenants.identifiers import LA_POSTE_SIREN, luhn_valid
from clea_platform.tenants.models import Organisation, OrganisationKind, OrganisationStatus
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client

PASSWORD = "Isolation-Mot-de-passe-42"
GRAPHQL_HEADERS = {"X-Requested-With": "clea-tests"}

LOGIN = """
mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { errors { code message } }
}
"""


def _with_check_digit(digits: str) -> str:
    return next(digits + str(d) for d in range(10) if luhn_valid(digits + str(d)))


def random_siren() -> str:
    """A valid SIREN (Luhn) nobody else in the test database uses."""
    while True:
        siren = _with_check_digit("".join(str(secrets.randbelow(10)) for _ in range(8)))
        if siren != LA_POSTE_SIREN and not siren.startswith("0"):
            return siren


def random_siret(siren: str) -> str:
    """A valid SIRET of an establishment of ``siren``."""
    return _with_check_digit(siren + "".join(str(secrets.randbelow(10)) for _ in range(4)))


def unique(label: str) -> str:
    return f"{label}-{secrets.token_hex(4)}"


async def add_organisation(
    session: AsyncSession,
    name: str,
    *,
    status: OrganisationStatus = OrganisationStatus.ACTIVE,
) -> Organisation:
    """An evaluator organisation, written directly (Certif'Pro's form is tested elsewhere)."""
    async with cross_tenant_reads(session, "tests:isolation"):
        organisation = Organisation(
            slug=unique("isolation"),
            name=name,
            kind=OrganisationKind.EVALUATOR,
            status=status,
            siren=random_siren(),
            legal_form="Association",
        )
        session.add(organisation)
        await session.flush()
    return organisation


async def add_person(
    session: AsyncSession,
    email: str,
    full_name: str,
    password_hash: str,
    *,
    memberships: Iterable[tuple[uuid.UUID, Iterable[str]]] = (),
    platform_roles: Iterable[str] = (),
) -> tuple[User, list[Membership]]:
    """An account and its memberships, written directly."""
    async with cross_tenant_reads(session, "tests:isolation"):
        user = User(
            email=email,
            full_name=full_name,
            password_hash=password_hash,
            platform_roles=list(platform_roles),
        )
        session.add(user)
        await session.flush()
        rows = [
            Membership(organisation_id=organisation_id, user_id=user.id, roles=list(roles))
            for organisation_id, roles in memberships
        ]
        session.add_all(rows)
        await session.flush()
    return user, rows


async def post(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    """POST a GraphQL document the way the web app does; the whole JSON body back."""
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=GRAPHQL_HEADERS
    )
    body: dict[str, Any] = response.json()
    return body


async def logged_in_client(app: Any, email: str, password: str = PASSWORD) -> httpx.AsyncClient:
    """A browser: a client that logged in through the ``login`` mutation (session cookie)."""
    http = new_client(app)
    body = await post(http, LOGIN, email=email, password=password)
    assert body["data"]["login"]["errors"] == [], body
    return http


def api_key_client(app: Any, secret: str) -> httpx.AsyncClient:
    """A machine client: every request carries ``Authorization: Bearer <key>``."""
    http = new_client(app)
    http.headers["Authorization"] = f"Bearer {secret}"
    return http
