"""What authentication, permissions and tenant isolation cost per request."""

from __future__ import annotations

from typing import Any

import pytest

from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.demo.data import DEMO_PASSWORD, load_demo
from clea_platform.identity import api_keys
from clea_platform.identity.passwords import hash_password, verify_password
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.bench.conftest import AsgiDriver

# A public query that reads the database, as every real screen does.
PUBLIC_QUERY = "{ certifications { code currentVersion { version levels { count } } } }"
TENANT_QUERY = "{ sites { siret name } viewer { activeRoles } }"


@pytest.fixture(scope="module")
def api_key(asgi: AsgiDriver) -> str:
    """An org-admin API key of the demo Greta organisation."""

    async def issue() -> str:
        engine = create_engine_for(asgi.app.state.settings)
        async with session_factory(engine).begin() as session:
            await load_demo(session, asgi.app.state.registry)
        async with session_factory(engine).begin() as session:
            from sqlalchemy import select

            from clea_platform.tenants.models import Organisation

            async with cross_tenant_reads(session, "bench"):
                greta = await session.scalar(
                    select(Organisation).where(Organisation.slug == "greta-demo-paris")
                )
            assert greta is not None
            actor = Actor(label="bench", organisation_id=greta.id, roles=frozenset({"org_admin"}))
            with acting_as(actor):
                await refresh_tenant(session)
                issued = await api_keys.create_api_key(session, actor, "bench", "org_admin")
        await engine.dispose()
        return issued.secret

    return asgi.loop.run_until_complete(issue())


def post(asgi: AsgiDriver, query: str, headers: dict[str, str]) -> dict[str, Any]:
    response = asgi.loop.run_until_complete(
        asgi.client.post("/graphql", json={"query": query}, headers=headers)
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


def test_bench_public_query_anonymous(benchmark: Any, asgi: AsgiDriver) -> None:
    benchmark(post, asgi, PUBLIC_QUERY, {"X-Requested-With": "bench"})


def test_bench_public_query_with_api_key(benchmark: Any, asgi: AsgiDriver, api_key: str) -> None:
    benchmark(post, asgi, PUBLIC_QUERY, {"Authorization": f"Bearer {api_key}"})


def test_bench_tenant_query_with_api_key_and_rls(
    benchmark: Any, asgi: AsgiDriver, api_key: str
) -> None:
    body = benchmark(post, asgi, TENANT_QUERY, {"Authorization": f"Bearer {api_key}"})

    assert body["data"]["sites"]


def test_bench_password_verification(benchmark: Any) -> None:
    """argon2id with OWASP parameters (19 MiB, t=2, p=1): the cost of one login."""
    stored = hash_password(DEMO_PASSWORD)

    assert benchmark(verify_password, stored, DEMO_PASSWORD)
