"""Logging in through an organisation's own OpenID Connect provider, against a real one.

Every flow runs end to end: the app (ASGI) redirects to the provider on localhost, the
person authorises on the provider's form, the provider redirects back to the app's
callback, which exchanges the code and checks the ID token over real HTTP.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import func, select, update

from clea_platform.audit.models import AuditEvent
from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.identity import oidc_login
from clea_platform.identity.models import BrowserSession, OidcLoginState, OidcProvider, User
from clea_platform.identity.oidc_login import OidcLoginError
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.identity.conftest import (
    CONFIGURE_OIDC,
    GRETA,
    GRETA_ADMIN,
    GRETA_NAME,
    MOCK_PROVIDER_WARNINGS,
    GretaProvider,
    graphql,
    logged_in_with_password,
    query_param,
)

# The mock provider (in a thread of this process) still calls an Authlib server API that
# Authlib deprecates; warnings filters are process-wide, so its thread needs this too.
pytestmark = pytest.mark.filterwarnings(MOCK_PROVIDER_WARNINGS)

VIEWER = """
{ viewer { user { email fullName } activeOrganisation { slug name } activeRoles } }
"""
LOGIN_OPTIONS = "{ loginOptions { organisationName organisationSlug loginUrl } }"
OIDC_CONFIGURATION = "{ oidcConfiguration { issuer clientId enabled hasClientSecret } }"


# ---------------------------------------------------------------- helpers


async def count(app: Any, statement: Any) -> int:
    async with app.state.sessions() as session, cross_tenant_reads(session, "tests"):
        return int(await session.scalar(statement) or 0)


async def sessions_of(app: Any, email: str) -> int:
    return await count(
        app,
        select(func.count())
        .select_from(BrowserSession)
        .join(User, User.id == BrowserSession.user_id)
        .where(User.email == email),
    )


async def oidc_logins_recorded(app: Any) -> int:
    return await count(
        app,
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.operation == "session.login_oidc"),
    )


async def pending_logins(app: Any) -> int:
    return await count(app, select(func.count()).select_from(OidcLoginState))


async def go_to_provider(visitor: httpx.AsyncClient, slug: str = GRETA) -> str:
    """Click « Se connecter avec … »: the app answers with a redirect to the provider."""
    response = await visitor.get(f"/auth/oidc/{slug}/login")
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def back_from_provider(visitor: httpx.AsyncClient, location: str) -> httpx.Response:
    """Follow the provider's redirect to the app's callback."""
    parts = urlsplit(location)
    assert parts.path == "/auth/oidc/callback", location
    return await visitor.get(f"{parts.path}?{parts.query}")


def refused(response: httpx.Response, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "Connexion impossible" in response.text
    assert message in html.unescape(response.text), response.text
    assert session_cookie(response) is None


def session_cookie(response: httpx.Response) -> str | None:
    """The ``Set-Cookie`` header giving a session, if any."""
    for header in response.headers.get_list("set-cookie"):
        if header.startswith("clea_session="):
            return header
    return None


# ---------------------------------------------------------------- configuration (GraphQL)


async def test_an_org_admin_configures_oidc_and_the_organisation_is_offered_at_login(
    oidc_app: Any, oidc_settings: Settings, greta_provider: GretaProvider
) -> None:
    # given the Greta demo's administrator configured the provider (fixture, via GraphQL)
    async with logged_in_with_password(oidc_app, GRETA_ADMIN) as admin:
        # when they read the configuration back
        configuration = (await graphql(admin, OIDC_CONFIGURATION))["data"]["oidcConfiguration"]

    # then the secret is never shown, only that there is one; the issuer lost its "/"
    assert configuration == {
        "issuer": greta_provider.provider.issuer,
        "clientId": greta_provider.client_id,
        "enabled": True,
        "hasClientSecret": True,
    }
    # and anyone on the login page is offered the organisation's button
    async with new_client(oidc_app) as anonymous:
        options = (await graphql(anonymous, LOGIN_OPTIONS))["data"]["loginOptions"]
    assert {
        "organisationName": GRETA_NAME,
        "organisationSlug": GRETA,
        "loginUrl": f"{oidc_settings.base_url}/auth/oidc/{GRETA}/login",
    } in options
    # and the secret is stored encrypted
    async with oidc_app.state.sessions() as session, cross_tenant_reads(session, "tests"):
        stored = await session.scalar(select(OidcProvider.client_secret))
    assert stored
    assert greta_provider.client_secret not in stored


@pytest.mark.parametrize(
    ("email", "code"), [(None, "UNAUTHENTICATED"), ("conseiller@greta-demo.fr", "FORBIDDEN")]
)
async def test_only_an_org_admin_may_configure_oidc(
    oidc_app: Any, greta_provider: GretaProvider, email: str | None, code: str
) -> None:
    # given an anonymous visitor or an adviser of the organisation
    async with logged_in_with_password(oidc_app, email) as http:
        # when they try to point the organisation at another provider
        body = await graphql(
            http,
            CONFIGURE_OIDC,
            issuer="https://idp.example.org",
            clientId="intrus",
            clientSecret="secret",
            enabled=True,
        )
    # then it is refused and the configuration is unchanged
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == code
    async with logged_in_with_password(oidc_app, GRETA_ADMIN) as admin:
        configuration = (await graphql(admin, OIDC_CONFIGURATION))["data"]["oidcConfiguration"]
    assert configuration["clientId"] == greta_provider.client_id


async def test_another_organisations_admin_sees_and_changes_only_their_own(
    oidc_app: Any, greta_provider: GretaProvider
) -> None:
    # given the Afpa demo's administrator (another tenant)
    async with logged_in_with_password(oidc_app, "admin@afpa-demo.fr") as afpa:
        # when they read the OIDC configuration
        body = await graphql(afpa, OIDC_CONFIGURATION)
    # then they see none: Greta's is not theirs
    assert body["data"]["oidcConfiguration"] is None


# ---------------------------------------------------------------- the login itself


async def test_a_member_logs_in_through_their_organisations_provider(
    oidc_app: Any,
    oidc_settings: Settings,
    greta_provider: GretaProvider,
    visitor: httpx.AsyncClient,
) -> None:
    provider = greta_provider.provider
    # The provider's letter case differs from the account's: emails compare normalised.
    provider.add_person("alice", email="Admin@Greta-Demo.fr", email_verified=True)
    before = await sessions_of(oidc_app, GRETA_ADMIN)
    recorded = await oidc_logins_recorded(oidc_app)

    # when Alice clicks « Se connecter avec Greta démo Paris Centre »
    location = await go_to_provider(visitor)

    # then she is sent to the provider with a code request protected by state, nonce, PKCE
    assert location.startswith(f"{provider.issuer}/oauth2/authorize?")
    params = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    assert params["response_type"] == "code"
    assert params["client_id"] == greta_provider.client_id
    assert params["scope"] == "openid email profile"
    assert params["redirect_uri"] == f"{oidc_settings.base_url}/auth/oidc/callback"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert params["state"]
    assert params["nonce"]
    async with oidc_app.state.sessions() as session:
        pending = await session.get(OidcLoginState, params["state"])
    assert pending is not None
    assert pending.nonce == params["nonce"]

    # when she authorises at the provider and comes back
    response = await back_from_provider(visitor, await provider.authorize(location, "alice"))

    # then she lands on the home page with a session cookie
    assert response.status_code == 302
    assert response.headers["location"] == "/"
    set_cookie = (session_cookie(response) or "").lower()
    assert set_cookie.startswith("clea_session=")
    assert "httponly" in set_cookie
    assert "samesite=lax" in set_cookie
    assert "secure" not in set_cookie.replace("samesite", "")  # plain-HTTP localhost only
    # and she acts for her organisation, as its administrator
    viewer = (await graphql(visitor, VIEWER))["data"]["viewer"]
    assert viewer == {
        "user": {"email": GRETA_ADMIN, "fullName": "Alice Martin"},
        "activeOrganisation": {"slug": GRETA, "name": GRETA_NAME},
        "activeRoles": ["ORG_ADMIN"],
    }
    # and the session says how it was opened, the login is audited, the state is spent
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before + 1
    async with oidc_app.state.sessions() as session:
        newest = await session.scalar(
            select(BrowserSession).order_by(BrowserSession.created_at.desc()).limit(1)
        )
        assert await session.get(OidcLoginState, params["state"]) is None
    assert newest is not None
    assert newest.auth_method == "oidc"
    assert await oidc_logins_recorded(oidc_app) == recorded + 1


async def test_a_member_of_two_organisations_acts_for_the_one_whose_provider_they_used(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    # given Sophie, evaluator at Greta and at Afpa
    greta_provider.provider.add_person("sophie", email="evaluatrice@greta-demo.fr")

    # when she logs in through Greta's provider (no email_verified claim: the provider vouches)
    location = await greta_provider.provider.authorize(await go_to_provider(visitor), "sophie")
    response = await back_from_provider(visitor, location)

    # then Greta is her active organisation
    assert response.status_code == 302
    viewer = (await graphql(visitor, VIEWER))["data"]["viewer"]
    assert viewer["activeOrganisation"]["slug"] == GRETA
    assert viewer["activeRoles"] == ["EVALUATOR"]


async def test_a_replayed_callback_is_refused(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    # given Alice logged in once
    greta_provider.provider.add_person("alice", email=GRETA_ADMIN, email_verified=True)
    location = await greta_provider.provider.authorize(await go_to_provider(visitor), "alice")
    assert (await back_from_provider(visitor, location)).status_code == 302
    before = await sessions_of(oidc_app, GRETA_ADMIN)

    # when the same callback URL is played again (e.g. from the browser history or a proxy log)
    async with new_client(oidc_app) as attacker:
        response = await back_from_provider(attacker, location)

        # then it is refused, in French, and no session is opened
        refused(response, 400, "Cette demande de connexion est inconnue, a déjà servi ou a expiré")
        assert (await graphql(attacker, VIEWER))["data"]["viewer"] is None
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before


async def test_a_login_started_in_another_browser_is_refused(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    # given Mallory starts a login in her own browser and authorises as herself
    greta_provider.provider.add_person("mallory", email=GRETA_ADMIN, email_verified=True)
    async with new_client(oidc_app) as mallory:
        location = await greta_provider.provider.authorize(await go_to_provider(mallory), "mallory")
    before = await sessions_of(oidc_app, GRETA_ADMIN)

    # when she makes her victim's browser open the callback (login CSRF)
    response = await back_from_provider(visitor, location)

    # then the victim's browser is not logged into Mallory's account
    refused(response, 400, "n'a pas été commencée dans ce navigateur")
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before
    assert (await graphql(visitor, VIEWER))["data"]["viewer"] is None


async def test_a_tampered_state_is_refused(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    greta_provider.provider.add_person("alice", email=GRETA_ADMIN, email_verified=True)
    location = await greta_provider.provider.authorize(await go_to_provider(visitor), "alice")
    state = query_param(location, "state")
    before = await sessions_of(oidc_app, GRETA_ADMIN)

    # when the state coming back is not the one the app issued
    forged = location.replace(f"state={state}", f"state={state[:-4]}AAAA")
    response = await back_from_provider(visitor, forged)

    # then the login is refused and nothing is created
    refused(response, 400, "Cette demande de connexion est inconnue")
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before


async def test_an_expired_state_is_refused(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    greta_provider.provider.add_person("alice", email=GRETA_ADMIN, email_verified=True)
    location = await greta_provider.provider.authorize(await go_to_provider(visitor), "alice")
    # given the person took more than ten minutes at the provider
    async with oidc_app.state.sessions.begin() as session:
        await session.execute(
            update(OidcLoginState)
            .where(OidcLoginState.state == query_param(location, "state"))
            .values(created_at=utcnow() - dt.timedelta(minutes=11))
        )
    before = await sessions_of(oidc_app, GRETA_ADMIN)

    response = await back_from_provider(visitor, location)

    refused(response, 400, "a expiré (elle vaut 10 minutes)")
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before


async def test_an_id_token_with_another_nonce_is_refused(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    greta_provider.provider.add_person("alice", email=GRETA_ADMIN, email_verified=True)
    location = await greta_provider.provider.authorize(await go_to_provider(visitor), "alice")
    # given the nonce the app expects is not the one the provider put in the ID token
    async with oidc_app.state.sessions.begin() as session:
        await session.execute(
            update(OidcLoginState)
            .where(OidcLoginState.state == query_param(location, "state"))
            .values(nonce="un-autre-nonce")
        )
    before = await sessions_of(oidc_app, GRETA_ADMIN)
    recorded = await oidc_logins_recorded(oidc_app)

    response = await back_from_provider(visitor, location)

    refused(response, 400, "son nonce ne correspond pas à cette demande de connexion")
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before
    assert await oidc_logins_recorded(oidc_app) == recorded
    assert (await graphql(visitor, VIEWER))["data"]["viewer"] is None


@pytest.mark.parametrize(
    ("sub", "email"),
    [
        ("inconnu", "inconnu@example.fr"),  # no account at all
        ("bruno", "admin@afpa-demo.fr"),  # an account, but in another organisation
    ],
)
async def test_someone_who_is_not_a_member_of_the_organisation_is_refused(
    oidc_app: Any,
    greta_provider: GretaProvider,
    visitor: httpx.AsyncClient,
    sub: str,
    email: str,
) -> None:
    # given the provider vouches for a person who is no member of the Greta demo
    greta_provider.provider.add_person(sub, email=email, email_verified=True)
    before = await sessions_of(oidc_app, email)
    recorded = await oidc_logins_recorded(oidc_app)

    # when they log in through Greta's provider
    location = await greta_provider.provider.authorize(await go_to_provider(visitor), sub)
    response = await back_from_provider(visitor, location)

    # then they are told to ask for an invitation; no account, session or audit event appears
    refused(
        response,
        403,
        f"Aucun compte membre de {GRETA_NAME} pour {email} : "
        "demandez une invitation à votre administrateur.",
    )
    assert await sessions_of(oidc_app, email) == before
    assert await oidc_logins_recorded(oidc_app) == recorded
    assert await count(oidc_app, select(func.count()).where(User.email == email)) == (
        1 if "afpa" in email else 0
    )


async def test_an_unverified_email_is_refused(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    greta_provider.provider.add_person("alice-bis", email=GRETA_ADMIN, email_verified=False)
    before = await sessions_of(oidc_app, GRETA_ADMIN)

    location = await greta_provider.provider.authorize(await go_to_provider(visitor), "alice-bis")
    response = await back_from_provider(visitor, location)

    refused(response, 400, f"l'adresse {GRETA_ADMIN} n'est pas vérifiée")
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before


async def test_a_refusal_at_the_provider_is_explained(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    location = await go_to_provider(visitor)

    # when the person clicks « Deny » at the provider
    back = await greta_provider.provider.authorize(location, "alice", deny=True)
    assert query_param(back, "error") == "access_denied"
    response = await back_from_provider(visitor, back)

    # then the app says so, and no session is opened
    refused(
        response, 400, "Le fournisseur d'identité n'a pas autorisé la connexion (access_denied)"
    )
    assert (await graphql(visitor, VIEWER))["data"]["viewer"] is None


async def test_a_provider_error_spends_the_state_and_echoes_no_free_text(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient
) -> None:
    location = await go_to_provider(visitor)
    state = query_param(location, "state")
    pending = await pending_logins(oidc_app)

    # when the callback carries an error with the state, and a crafted description
    response = await visitor.get(
        "/auth/oidc/callback",
        params={"state": state, "error": "<b>Appelez le 01 23 45 67 89</b>"},
    )

    # then the refusal shows no text of the caller's, and the state is spent
    refused(response, 400, "n'a pas autorisé la connexion (erreur inconnue)")
    assert "01 23 45" not in response.text
    assert await pending_logins(oidc_app) == pending - 1


@pytest.mark.parametrize("slug", ["afpa-demo-lille", "nulle-part"])
async def test_an_organisation_without_a_provider_has_no_oidc_login(
    oidc_app: Any, greta_provider: GretaProvider, visitor: httpx.AsyncClient, slug: str
) -> None:
    pending = await pending_logins(oidc_app)

    response = await visitor.get(f"/auth/oidc/{slug}/login")

    refused(response, 404, "ne propose pas de connexion par son propre fournisseur")
    assert await pending_logins(oidc_app) == pending


# ---------------------------------------------------------------- the service, without HTTP


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ForgingTransport(httpx.AsyncHTTPTransport):
    """Between the app and the provider, rewrites the ID token's email (signature kept)."""

    def __init__(self, email: str) -> None:
        super().__init__()
        self.email = email

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.url.path != "/oauth2/token":
            return response
        tokens = json.loads(await response.aread())
        header, payload, signature = tokens["id_token"].split(".")
        claims = json.loads(_unb64(payload))
        claims["email"] = self.email
        tokens["id_token"] = ".".join([header, _b64(json.dumps(claims).encode()), signature])
        return httpx.Response(response.status_code, json=tokens)


async def test_an_id_token_altered_in_transit_is_refused(
    oidc_app: Any, oidc_settings: Settings, greta_provider: GretaProvider
) -> None:
    # given Mallory, known to the provider under her own address
    greta_provider.provider.add_person("mallory", email="mallory@example.fr", email_verified=True)
    sessions = oidc_app.state.sessions
    async with oidc_login.provider_http_client() as http:
        redirect = await oidc_login.start_login(
            sessions, http, slug=GRETA, base_url=oidc_settings.base_url
        )
    location = await greta_provider.provider.authorize(redirect.url, "mallory")
    before = await sessions_of(oidc_app, GRETA_ADMIN)

    # when the ID token reaching the app claims she is the administrator
    async with httpx.AsyncClient(transport=ForgingTransport(GRETA_ADMIN)) as forging:
        with pytest.raises(OidcLoginError) as refusal:
            await oidc_login.complete_login(
                sessions,
                forging,
                secret_key=oidc_settings.secret_key,
                state=query_param(location, "state"),
                browser_state=query_param(location, "state"),
                code=query_param(location, "code"),
            )

    # then the signature gives it away
    assert refusal.value.reason == "bad_signature"
    assert refusal.value.status == 400
    assert "sa signature est invalide" in refusal.value.message
    assert await sessions_of(oidc_app, GRETA_ADMIN) == before


async def test_discovery_is_fetched_once_per_issuer_for_a_few_minutes(
    greta_provider: GretaProvider,
) -> None:
    requests: list[str] = []

    async def note(request: httpx.Request) -> None:
        requests.append(request.url.path)

    cache = oidc_login.ProviderCache(ttl_seconds=300)
    issuer = greta_provider.provider.issuer
    async with httpx.AsyncClient(event_hooks={"request": [note]}) as http:
        first = await cache.metadata(http, issuer)
        second = await cache.metadata(http, issuer)

    assert first == second
    assert first.authorization_endpoint == f"{issuer}/oauth2/authorize"
    assert first.token_auth_method == "client_secret_basic"
    assert requests == ["/.well-known/openid-configuration"]


async def test_a_provider_announcing_another_issuer_is_not_trusted() -> None:
    # given a discovery document naming another issuer than the one configured
    def discovery(request: httpx.Request) -> httpx.Response:
        base = "https://idp.example.org"
        return httpx.Response(
            200,
            json={
                "issuer": "https://autre.example.org",
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "jwks_uri": f"{base}/jwks",
            },
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(discovery)) as http:
        with pytest.raises(OidcLoginError) as refusal:
            await oidc_login.ProviderCache().metadata(http, "https://idp.example.org")

    # then the provider is not used
    assert refusal.value.reason == "provider_unreachable"
    assert refusal.value.status == 502
