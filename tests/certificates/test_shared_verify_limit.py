"""The public verification's limit is shared by every app node (counted in the database)."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from clea_platform.certificates.ratelimit import VERIFY_PER_CLIENT
from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.identity import ratelimit
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import create_app

# Well formed (so looked up and counted), and no certificate has it.
CODE = "ABCDE-FGHJK"


@pytest.fixture
async def second_node(settings: Settings, registry: CertificationRegistry) -> AsyncIterator[Any]:
    """Another app on the same database: its own process memory, its own engine."""
    application = create_app(settings, registry)
    async with application.router.lifespan_context(application):
        yield application


def _client(app: Any, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_two_nodes_allow_one_budget_per_address(
    app: Any, second_node: Any, settings: Settings
) -> None:
    assert second_node is not app
    assert second_node.state.engine is not app.state.engine
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    async with _client(app, address) as first, _client(second_node, address) as second:
        # Given the same address spreading its lookups over two nodes, one each in turn
        statuses = [
            (await (first if turn % 2 else second).get(f"/verify/{CODE}")).status_code
            for turn in range(VERIFY_PER_CLIENT.maximum)
        ]
        # Then the budget of one node (30 a minute) is the whole budget
        assert statuses == [404] * VERIFY_PER_CLIENT.maximum
        refused = [(await node.get(f"/verify/{CODE}")) for node in (first, second)]
        assert [response.status_code for response in refused] == [429, 429]
        assert refused[0].headers["Retry-After"] == "60"
    # And the count is the database's: a third node's limiter, on a session of its own
    # (no process memory shared with either app), finds the budget spent too
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            assert not await ratelimit.take(session, VERIFY_PER_CLIENT, address, utcnow())
    finally:
        await engine.dispose()
    # While another address still gets through
    other = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.251"
    async with _client(second_node, other) as elsewhere:
        assert (await elsewhere.get(f"/verify/{CODE}")).status_code == 404


async def test_a_malformed_code_is_neither_looked_up_nor_counted(app: Any) -> None:
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.252"
    async with _client(app, address) as anyone:
        for _ in range(VERIFY_PER_CLIENT.maximum + 5):
            assert (await anyone.get("/verify/not-a-code")).status_code == 404
        # The whole budget is still there for real lookups
        assert (await anyone.get(f"/verify/{CODE}")).status_code == 404
