"""A real OpenID Connect provider on localhost, and an app with its own demo database.

The provider is `oidc-provider-mock` (Flask, built on Authlib's server): a full OIDC
provider with discovery, JWKS, client registration and an authorization form, served
by werkzeug in a thread. The OIDC tests get a database of their own so that configuring
an organisation's provider there changes nothing for the rest of the suite.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import werkzeug.serving

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import upgrade
from clea_platform.demo.data import DEMO_PASSWORD, load_demo
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import create_app
from tests.conftest import new_client
from tests.databases import throwaway_database
from tests.tenants.factories import factory  # noqa: F401

with warnings.catch_warnings():
    # The mock still imports authlib.jose, which Authlib deprecates in favour of joserfc.
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock

# For ``pytest.mark.filterwarnings``: the mock provider calls the Authlib server's
# deprecated ``get_jwt_config``; the warning is Authlib's business, not ours.
MOCK_PROVIDER_WARNINGS = "ignore:get_jwt_config:DeprecationWarning"
GRAPHQL_HEADERS = {"X-Requested-With": "clea-tests"}
GRETA = "greta-demo-paris"
GRETA_NAME = "Greta démo Paris Centre"
GRETA_ADMIN = "admin@greta-demo.fr"

LOGIN = """
mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { errors { code message } }
}
"""
CONFIGURE_OIDC = """
mutation ($issuer: String!, $clientId: String!, $clientSecret: String, $enabled: Boolean!) {
  configureOidc(input: {issuer: $issuer, clientId: $clientId, clientSecret: $clientSecret,
                        enabled: $enabled}) {
    oidcConfiguration { issuer clientId enabled hasClientSecret }
    errors { code field message }
  }
}
"""


@dataclass
class MockProvider:
    """The running provider: register clients, declare people, authorise as them."""

    issuer: str

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        """Dynamic client registration (RFC 7591); returns ``(client_id, client_secret)``."""
        response = httpx.post(
            f"{self.issuer}/oauth2/clients", json={"redirect_uris": [redirect_uri]}
        )
        response.raise_for_status()
        body = response.json()
        return body["client_id"], body["client_secret"]

    def add_person(self, sub: str, **claims: Any) -> None:
        """The claims the provider puts in the ID token of ``sub`` (e.g. email, name)."""
        httpx.put(f"{self.issuer}/users/{sub}", json=claims).raise_for_status()

    async def authorize(self, authorization_url: str, sub: str, *, deny: bool = False) -> str:
        """Do what the person does on the provider's page; return where it sends the browser."""
        async with httpx.AsyncClient() as http:
            page = await http.get(authorization_url)
            assert page.status_code == 200, page.text
            assert 'name="sub"' in page.text  # the provider's authorization form
            form = {"action": "deny"} if deny else {"sub": sub}
            answer = await http.post(authorization_url, data=form)
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]


@contextmanager
def running_provider() -> Iterator[MockProvider]:
    """Start the provider on a free localhost port, in a thread; stop it afterwards."""
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    # Authlib's server refuses plain HTTP unless told; the provider only listens on localhost.
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    app = oidc_provider_mock.app(require_client_registration=True, require_nonce=True)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield MockProvider(issuer=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


def callback_target(location: str) -> str:
    """The path and query of the provider's redirect, to replay against the ASGI app."""
    parts = urlsplit(location)
    assert parts.path == "/auth/oidc/callback", location
    return f"{parts.path}?{parts.query}"


def query_param(location: str, name: str) -> str:
    return parse_qs(urlsplit(location).query)[name][0]


@pytest.fixture(scope="session")
def provider() -> Iterator[MockProvider]:
    with running_provider() as running:
        yield running


@pytest.fixture(scope="session")
def oidc_settings(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """The suite's settings on a database of the OIDC tests' own."""
    with throwaway_database(tmp_path_factory.mktemp("oidc-db")) as database:
        own = database.settings(settings)
        upgrade(own)
        yield own


@pytest.fixture(scope="session")
async def oidc_app(oidc_settings: Settings, registry: CertificationRegistry) -> AsyncIterator[Any]:
    """The app, with the demo organisations and people, on the OIDC tests' database."""
    # The demo first: the app's background rounds start with its lifespan, and on SQLite
    # a transaction that read before another connection committed cannot write any more.
    engine = create_engine_for(oidc_settings)
    async with session_factory(engine).begin() as session:
        await load_demo(session, registry)
    await engine.dispose()
    application = create_app(oidc_settings, registry)
    async with application.router.lifespan_context(application):
        yield application


async def graphql(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=GRAPHQL_HEADERS
    )
    body: dict[str, Any] = response.json()
    return body


@asynccontextmanager
async def logged_in_with_password(app: Any, email: str | None) -> AsyncIterator[httpx.AsyncClient]:
    """A client logged in with the demo password (anonymous when ``email`` is None)."""
    async with new_client(app) as http:
        if email is not None:
            body = await graphql(http, LOGIN, email=email, password=DEMO_PASSWORD)
            assert body["data"]["login"]["errors"] == [], body
        yield http


@dataclass(frozen=True)
class GretaProvider:
    """The Greta demo organisation's provider, as its administrator configured it."""

    provider: MockProvider
    client_id: str
    client_secret: str


@pytest.fixture(scope="session")
async def greta_provider(
    oidc_app: Any, oidc_settings: Settings, provider: MockProvider
) -> GretaProvider:
    """The Greta demo's administrator registers the platform at the provider and configures it."""
    client_id, client_secret = provider.register_client(
        f"{oidc_settings.base_url}/auth/oidc/callback"
    )
    async with logged_in_with_password(oidc_app, GRETA_ADMIN) as admin:
        body = await graphql(
            admin,
            CONFIGURE_OIDC,
            issuer=f"{provider.issuer}/",
            clientId=client_id,
            clientSecret=client_secret,
            enabled=True,
        )
    assert body["data"]["configureOidc"]["errors"] == [], body
    return GretaProvider(provider, client_id, client_secret)


@pytest.fixture
async def visitor(oidc_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A person's browser on the app (cookies kept, redirects not followed)."""
    async with new_client(oidc_app) as http:
        yield http
