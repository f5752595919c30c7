"""An organisation's identity provider vouches for that organisation only.

Each organisation's admin chooses its OpenID Connect provider, so the admin controls
what it asserts: whatever it says about a person must open nothing outside that
organisation. The provider here is a real one (``oidc-provider-mock``, on localhost),
on which the admin of organisation C declares whoever they like.
"""

from __future__ import annotations

import json
import os
import threading
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import werkzeug.serving

from clea_platform.identity.passwords import hash_password
from tests.conftest import new_client
from tests.isolation.conftest import TwoTenants, snapshot
from tests.isolation.helpers import (
    PASSWORD,
    add_organisation,
    add_person,
    logged_in_client,
    post,
    unique,
)

with warnings.catch_warnings():
    # The mock imports authlib.jose, which Authlib deprecates in favour of joserfc.
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock  # type: ignore[import-untyped]

pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

CONFIGURE_OIDC = """
mutation ($issuer: String!, $clientId: String!, $clientSecret: String!) {
  configureOidc(input: {issuer: $issuer, clientId: $clientId, clientSecret: $clientSecret}) {
    errors { code message }
  }
}
"""
SWITCH = """
mutation ($id: ID) {
  switchOrganisation(input: {organisationId: $id}) {
    viewer { activeOrganisation { id } } errors { code }
  }
}
"""
VIEWER = "{ viewer { user { email } activeOrganisation { id } } }"


@dataclass
class Provider:
    issuer: str

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        response = httpx.post(
            f"{self.issuer}/oauth2/clients", json={"redirect_uris": [redirect_uri]}
        )
        response.raise_for_status()
        return response.json()["client_id"], response.json()["client_secret"]

    def declare(self, sub: str, **claims: Any) -> None:
        httpx.put(f"{self.issuer}/users/{sub}", json=claims).raise_for_status()

    async def authorize_as(self, authorization_url: str, sub: str) -> str:
        async with httpx.AsyncClient() as http:
            await http.get(authorization_url)
            answer = await http.post(authorization_url, data={"sub": sub})
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """A real OIDC provider in a thread, whose users its operator declares at will."""
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the provider listens on localhost only
    flask_app = oidc_provider_mock.app(require_client_registration=True, require_nonce=True)
    server = werkzeug.serving.make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Provider(issuer=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


@dataclass
class OrganisationWithItsOwnProvider:
    slug: str
    shared_member_email: str


@pytest.fixture
async def c_with_provider(
    app: Any, tenants: TwoTenants, provider: Provider
) -> AsyncIterator[OrganisationWithItsOwnProvider]:
    """Organisation C, whose admin runs its provider; Sophie is a member of both A and C."""
    password_hash = hash_password(PASSWORD)
    admin_email = f"{unique('admin-c')}@isolation.example"
    sophie = f"{unique('sophie')}@isolation.example"
    async with app.state.sessions.begin() as session:
        c = await add_organisation(session, f"Organisme C {unique('isolation')}")
        await add_person(
            session, admin_email, "Admin C", password_hash, memberships=[(c.id, ["org_admin"])]
        )
        await add_person(
            session,
            sophie,
            "Sophie Partagée",
            password_hash,
            memberships=[(c.id, ["evaluator"]), (tenants.a.organisation_id, ["evaluator"])],
        )
    client_id, secret = provider.register_client(
        f"{app.state.settings.base_url}/auth/oidc/callback"
    )
    admin = await logged_in_client(app, admin_email)
    try:
        body = await post(
            admin, CONFIGURE_OIDC, issuer=provider.issuer, clientId=client_id, clientSecret=secret
        )
        assert body["data"]["configureOidc"]["errors"] == [], body
        yield OrganisationWithItsOwnProvider(slug=c.slug, shared_member_email=sophie)
    finally:
        await admin.aclose()


async def log_in_through(app: Any, provider: Provider, slug: str, sub: str) -> httpx.AsyncClient:
    browser = new_client(app)
    started = await browser.get(f"/auth/oidc/{slug}/login")
    assert started.status_code == 302, started.text
    back = urlsplit(await provider.authorize_as(started.headers["location"], sub))
    landed = await browser.get(f"{back.path}?{back.query}")
    assert landed.status_code == 302, landed.text
    return browser


async def test_what_cs_provider_says_about_a_shared_member_opens_nothing_in_a(
    app: Any,
    tenants: TwoTenants,
    provider: Provider,
    c_with_provider: OrganisationWithItsOwnProvider,
) -> None:
    a = tenants.a
    # Given C's admin declares, at C's own provider, someone with the email of Sophie,
    # who is a member of C and of A
    impostor = unique("imposteur")
    provider.declare(impostor, email=c_with_provider.shared_member_email)
    before = await snapshot(tenants.sessions, a)

    # When they log in through C's provider as that person, then switch to A
    browser = await log_in_through(app, provider, c_with_provider.slug, impostor)
    try:
        viewer = (await post(browser, VIEWER))["data"]["viewer"]
        switched = await post(browser, SWITCH, id=str(a.organisation_id))
        sites = await post(browser, "{ sites { id siret name } }")
    finally:
        await browser.aclose()

    # Then (C's provider does vouch for Sophie in C) the session cannot act for A
    assert viewer["user"]["email"] == c_with_provider.shared_member_email
    assert switched["data"]["switchOrganisation"]["errors"] != [], (
        "a session opened by C's identity provider switched to organisation A: "
        f"C's admin can act in A as any person who belongs to both ({switched})"
    )
    assert a.site_id not in json.dumps(sites)
    assert await snapshot(tenants.sessions, a) == before
