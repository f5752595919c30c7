"""An app built with other settings than the session's, on the same database."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import create_app
from tests.schema.identity.conftest import demo, logged_in  # noqa: F401

AppWith = Callable[..., AbstractAsyncContextManager[Any]]


@pytest.fixture
def app_with(settings: Settings, registry: CertificationRegistry) -> AppWith:
    """``async with app_with(graphql_introspection=False) as app:`` a started app."""

    @asynccontextmanager
    async def started(**changes: Any) -> AsyncIterator[Any]:
        application = create_app(dataclasses.replace(settings, **changes), registry)
        async with application.router.lifespan_context(application):
            yield application

    return started
