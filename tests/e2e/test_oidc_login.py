"""A person logs in with their organisation's own identity provider, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.identity.conftest import (
    CONFIGURE_OIDC,
    GRAPHQL_HEADERS,
    GRETA_ADMIN,
    GRETA_NAME,
    LOGIN,
    MOCK_PROVIDER_WARNINGS,
    MockProvider,
    running_provider,
)

pytestmark = pytest.mark.filterwarnings(MOCK_PROVIDER_WARNINGS)

DEMO_PASSWORD = "Plateforme-CleA-demo"
VIEWER = "{ viewer { user { email fullName } activeOrganisation { slug } } }"


def graphql(http: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    response = http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=GRAPHQL_HEADERS
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]


def configure_greta(server_url: str, **variables: Any) -> None:
    """What the Greta demo's administrator does on the organisation's OIDC page."""
    with httpx.Client(base_url=server_url) as admin:
        login = graphql(admin, LOGIN, email=GRETA_ADMIN, password=DEMO_PASSWORD)["login"]
        assert login["errors"] == [], login
        payload = graphql(admin, CONFIGURE_OIDC, **variables)["configureOidc"]
        assert payload["errors"] == [], payload


@pytest.fixture
def greta_uses_its_provider(server_url: str) -> Iterator[MockProvider]:
    """A provider on localhost, configured for the Greta demo; switched off afterwards."""
    with running_provider() as provider:
        client_id, client_secret = provider.register_client(f"{server_url}/auth/oidc/callback")
        provider.add_person(GRETA_ADMIN, email=GRETA_ADMIN, email_verified=True)
        configure_greta(
            server_url,
            issuer=provider.issuer,
            clientId=client_id,
            clientSecret=client_secret,
            enabled=True,
        )
        try:
            yield provider
        finally:
            # Other tests share the served database: no login button left pointing nowhere.
            configure_greta(
                server_url,
                issuer=provider.issuer,
                clientId=client_id,
                clientSecret=None,
                enabled=False,
            )


async def test_a_member_logs_in_with_their_organisations_provider(
    server_url: str, greta_uses_its_provider: MockProvider, page: Page
) -> None:
    # given the login page offers the Greta demo's own provider
    await page.goto(f"{server_url}/connexion")
    button = page.get_by_role("link", name=f"Se connecter avec {GRETA_NAME}")

    # when Alice clicks it and authenticates at the provider as admin@greta-demo.fr
    await button.click()
    await page.wait_for_url(f"{greta_uses_its_provider.issuer}/oauth2/authorize?**")
    await page.get_by_placeholder("sub").fill(GRETA_ADMIN)
    await page.get_by_role("button", name="Authorize").click()

    # then she is back on the platform, logged in for her organisation
    await page.wait_for_url(f"{server_url}/**")
    await expect(page.get_by_test_id("user-menu")).to_have_text("Alice Martin")
    viewer = await page.evaluate(
        """async (query) => {
            const response = await fetch("/graphql", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-Requested-With": "e2e"},
                body: JSON.stringify({query}),
            });
            return (await response.json()).data.viewer;
        }""",
        VIEWER,
    )
    assert viewer == {
        "user": {"email": GRETA_ADMIN, "fullName": "Alice Martin"},
        "activeOrganisation": {"slug": "greta-demo-paris"},
    }
