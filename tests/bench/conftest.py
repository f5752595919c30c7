"""Benchmarks run only under ``make bench`` (``--benchmark-only``); never timed assertions."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import create_app


class AsgiDriver:
    """Drives the ASGI app from synchronous benchmark code on a private event loop."""

    def __init__(self, settings: Settings, registry: CertificationRegistry) -> None:
        self.loop = asyncio.new_event_loop()
        self.app = create_app(settings, registry)
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self.lifespan.__aenter__())
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://bench"
        )

    def post_graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.loop.run_until_complete(
            self.client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"X-Requested-With": "bench"},
            )
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self.lifespan.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="module")
def asgi(settings: Settings, registry: CertificationRegistry) -> Iterator[AsgiDriver]:
    driver = AsgiDriver(dataclasses.replace(settings), registry)
    try:
        yield driver
    finally:
        driver.close()
