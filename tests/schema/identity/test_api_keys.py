"""Machine clients: API keys shown once, stored hashed, revocable."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.identity import credentials
from clea_platform.identity.models import ApiKey
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.schema.identity.conftest import LoggedIn, post

CREATE = """
mutation ($name: String!, $role: Role!) {
  createApiKey(input: {name: $name, role: $role}) {
    apiKey { id name role prefix lastUsedAt revokedAt } secret errors { code field message }
  }
}
"""


async def stored_key(settings: Settings, key_id: str) -> ApiKey:
    engine = create_engine_for(settings)
    async with session_factory(engine)() as session, cross_tenant_reads(session, "tests"):
        key = await session.scalar(select(ApiKey).where(ApiKey.id == uuid.UUID(key_id)))
    await engine.dispose()
    assert key is not None
    return key


async def stored_hash(settings: Settings, key_id: str) -> str | None:
    """What the database keeps of the key's secret (a credential column, read on purpose)."""
    engine = create_engine_for(settings)
    async with session_factory(engine)() as session, cross_tenant_reads(session, "tests"):
        key = await session.scalar(select(ApiKey).where(ApiKey.id == uuid.UUID(key_id)))
        assert key is not None
        kept = await credentials.api_key_hash(session, key)
    await engine.dispose()
    return kept


async def test_an_org_admin_creates_a_key_that_a_machine_then_uses(
    logged_in: LoggedIn, app: Any, settings: Settings
) -> None:
    admin = await logged_in("admin@greta-demo.fr")

    created = (await post(admin, CREATE, name="Export SI", role="VIEWER"))["data"]["createApiKey"]

    secret = created["secret"]
    assert created["errors"] == []
    assert secret.startswith(f"clea_{created['apiKey']['prefix']}_")
    kept = await stored_hash(settings, created["apiKey"]["id"])
    assert kept is not None
    assert secret not in kept  # only a hash is kept
    # The secret is never shown again.
    listed = await post(admin, "{ apiKeys { edges { node { id name } } } }")
    assert secret not in str(listed)

    async with new_client(app) as machine:
        response = await machine.post(
            "/graphql",
            json={"query": "{ viewer { user { email } activeOrganisation { slug } activeRoles } }"},
            headers={"Authorization": f"Bearer {secret}"},
        )
    viewer = response.json()["data"]["viewer"]
    assert viewer == {
        "user": None,
        "activeOrganisation": {"slug": "greta-demo-paris"},
        "activeRoles": ["VIEWER"],
    }
    assert (await stored_key(settings, created["apiKey"]["id"])).last_used_at is not None


async def test_a_revoked_key_is_refused_with_a_clear_message(logged_in: LoggedIn, app: Any) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    created = (await post(admin, CREATE, name="Temporaire", role="ADVISER"))["data"]["createApiKey"]
    revoke = (
        "mutation ($id: ID!) { revokeApiKey(input: {id: $id}) "
        "{ apiKey { revokedAt } errors { code } } }"
    )

    body = await post(admin, revoke, id=created["apiKey"]["id"])
    again = await post(admin, revoke, id=created["apiKey"]["id"])

    assert body["data"]["revokeApiKey"]["apiKey"]["revokedAt"] is not None
    assert again["data"]["revokeApiKey"]["errors"][0]["code"] == "INVALID_STATE"
    async with new_client(app) as machine:
        response = await machine.post(
            "/graphql",
            json={"query": "{ viewer { activeRoles } }"},
            headers={"Authorization": f"Bearer {created['secret']}"},
        )
    assert response.status_code == 401
    assert response.json()["errors"][0] == {
        "message": "Clé d'API invalide ou révoquée.",
        "extensions": {"code": "UNAUTHENTICATED"},
    }


async def test_a_made_up_key_is_refused(app: Any) -> None:
    async with new_client(app) as machine:
        response = await machine.post(
            "/graphql",
            json={"query": "{ certifications { code } }"},
            headers={"Authorization": "Bearer clea_abcdefgh_not-a-real-secret"},
        )

    assert response.status_code == 401


async def test_an_api_key_cannot_manage_keys_unless_its_role_allows_it(
    logged_in: LoggedIn, app: Any
) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    viewer_key = (await post(admin, CREATE, name="Lecture", role="VIEWER"))["data"]["createApiKey"]

    async with new_client(app) as machine:
        response = await machine.post(
            "/graphql",
            json={"query": CREATE, "variables": {"name": "Escalade", "role": "ORG_ADMIN"}},
            headers={"Authorization": f"Bearer {viewer_key['secret']}"},
        )

    assert response.json().get("errors"), response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_machine_calling_again_is_not_checked_against_the_database_each_time(
    logged_in: LoggedIn, app: Any, count_queries: Any
) -> None:
    """The key's check (its row, its hash, its organisation's status) is remembered for
    a short while: a client polling every second costs the reads it asks for, no more."""
    admin = await logged_in("admin@greta-demo.fr")
    created = (await post(admin, CREATE, name="Export SI", role="VIEWER"))["data"]["createApiKey"]
    bearer = {"Authorization": f"Bearer {created['secret']}"}
    query = {"query": "{ sites { siret name } }"}

    async with new_client(app) as machine:
        with count_queries() as first:
            assert (await machine.post("/graphql", json=query, headers=bearer)).status_code == 200
        with count_queries() as again:
            answer = await machine.post("/graphql", json=query, headers=bearer)

    assert answer.json()["data"]["sites"]
    assert any("api_key" in statement for statement in first.statements)
    assert not any("api_key" in statement for statement in again.statements)
    checks = sum("api_key" in s or "organisation.status" in s for s in first.statements)
    assert len(again) == len(first) - checks
