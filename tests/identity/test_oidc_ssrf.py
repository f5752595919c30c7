"""In production an issuer cannot turn the server against its own network (issue #12, 2)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import update

from clea_platform.core.config import Settings
from clea_platform.identity.models import OidcProvider
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.web.app import create_app
from tests.conftest import new_client
from tests.identity.conftest import (
    CONFIGURE_OIDC,
    GRETA,
    GRETA_ADMIN,
    GretaProvider,
    graphql,
    logged_in_with_password,
)


@pytest.fixture
async def production_app(
    oidc_app: Any, oidc_settings: Settings, registry: CertificationRegistry
) -> AsyncIterator[Any]:
    """The same database served in production mode."""
    application = create_app(dataclasses.replace(oidc_settings, env="production"), registry)
    async with application.router.lifespan_context(application):
        yield application


@pytest.mark.parametrize(
    "issuer",
    ["http://127.0.0.1:9000", "https://10.0.0.8/realms/clea", "https://169.254.169.254"],
)
async def test_an_org_admin_cannot_point_the_server_at_an_internal_address(
    production_app: Any, greta_provider: GretaProvider, issuer: str
) -> None:
    async with logged_in_with_password(production_app, GRETA_ADMIN) as admin:
        body = await graphql(
            admin, CONFIGURE_OIDC, issuer=issuer, clientId="clea", clientSecret="s", enabled=True
        )

    (error,) = body["data"]["configureOidc"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_URL", "issuer")
    assert "https://" in error["message"] or "réseau interne" in error["message"]


async def test_an_anonymous_login_never_reaches_an_internal_issuer_saved_earlier(
    production_app: Any, oidc_app: Any, greta_provider: GretaProvider
) -> None:
    connections = 0

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    internal = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    async with oidc_app.state.sessions.begin() as session, cross_tenant_reads(session, "tests"):
        await session.execute(update(OidcProvider).values(issuer=internal))
    try:
        async with new_client(production_app) as anonymous:
            response = await anonymous.get(f"/auth/oidc/{GRETA}/login")
    finally:
        async with oidc_app.state.sessions.begin() as session, cross_tenant_reads(session, "tests"):
            await session.execute(
                update(OidcProvider).values(issuer=greta_provider.provider.issuer)
            )
        server.close()
        await server.wait_closed()

    assert response.status_code == 502
    assert "Le fournisseur d'identité de votre organisme ne répond pas" in response.text
    assert connections == 0
