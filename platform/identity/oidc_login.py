"""Logging in through an organisation's own OpenID Connect provider.

Authorization code flow with PKCE, built from Authlib's client pieces (grant URI, client
authentication, S256 challenge, ID token claims) and joserfc (signature):

1. :func:`start_login` finds the active organisation and its enabled provider, discovers
   the provider's metadata, stores a single-use ``state`` with a ``nonce`` and a PKCE
   ``code_verifier`` (valid :data:`LOGIN_STATE_VALIDITY`), and returns the authorization
   URL to redirect the browser to.
2. :func:`complete_login` consumes the state (unknown, used, expired or not the one
   this browser started with: refused), exchanges the code with the client secret and
   the verifier, checks the ID token (signature against the provider's JWKS, ``iss``,
   ``aud``, ``exp``, ``nonce``), then opens a browser session for the member of that
   organisation whose email the token carries. There is no provisioning: people join
   an organisation by invitation.

Every refusal is an :class:`OidcLoginError` with a French message for the person and
a ``reason`` for the logs; nothing but the consumed state changes when one is raised.

This module is the flow; each step has its own module: :mod:`.oidc_discovery` (HTTP
client, provider metadata and keys), :mod:`.oidc_state` (state, nonce, PKCE verifier),
:mod:`.oidc_tokens` (code exchange, ID token checks), :mod:`.oidc_accounts` (the
organisation and its member), :mod:`.oidc_errors` (the refusals). The browser routes are
in ``web/oidc.py``.

Example:
    >>> async with provider_http_client() as http:  # doctest: +SKIP
    ...     redirect = await start_login(sessions, http, slug="greta-demo-paris",
    ...                                  base_url="https://clea.example")
    >>> redirect.url  # doctest: +SKIP
    'https://idp.example/authorize?response_type=code&client_id=…&state=…&nonce=…'
"""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from cryptography.fernet import InvalidToken
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.identity import service as identity
from clea_platform.identity.oidc_accounts import (
    CROSS_TENANT_SCOPE,
    member,
    organisation_with_provider,
    verified_email,
)
from clea_platform.identity.oidc_config import decrypt_secret
from clea_platform.identity.oidc_discovery import (
    ProviderCache,
    ProviderMetadata,
    provider_cache,
    provider_http_client,
)
from clea_platform.identity.oidc_errors import (
    ERROR_CODE,
    RESTART,
    OidcLoginError,
    bad_state,
    logger,
    not_offered,
)
from clea_platform.identity.oidc_state import LOGIN_STATE_VALIDITY, consume_state, record_state
from clea_platform.identity.oidc_tokens import exchange_code, validated_claims

__all__ = [
    "CALLBACK_PATH",
    "CROSS_TENANT_SCOPE",
    "LOGIN_STATE_VALIDITY",
    "SCOPE",
    "CompletedLogin",
    "LoginRedirect",
    "OidcLoginError",
    "ProviderCache",
    "ProviderMetadata",
    "callback_url",
    "complete_login",
    "provider_cache",
    "provider_http_client",
    "start_login",
    "validated_claims",
]

SCOPE = "openid email profile"
CALLBACK_PATH = "/auth/oidc/callback"


def callback_url(base_url: str) -> str:
    """The redirect URI to register at the provider."""
    return f"{base_url.rstrip('/')}{CALLBACK_PATH}"


# ---------------------------------------------------------------- step 1: to the provider


@dataclass(frozen=True, slots=True)
class LoginRedirect:
    """The provider's authorization URL, and the state the browser must bring back.

    The caller keeps ``state`` in the browser (a cookie): a callback is only accepted
    from the browser that started the login, which defeats login CSRF (someone making
    your browser finish *their* login).
    """

    url: str
    state: str


async def start_login(
    sessions: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    *,
    slug: str,
    base_url: str,
) -> LoginRedirect:
    """Record a login in progress for organisation ``slug``; say where to send the browser."""
    async with sessions() as session:
        found = await organisation_with_provider(session, slug=slug)
    if found is None:
        raise not_offered()
    organisation, provider = found
    metadata = await provider_cache.metadata(http, provider.issuer)
    redirect_uri = callback_url(base_url)
    login = await record_state(
        sessions,
        organisation_id=organisation.id,
        issuer=provider.issuer,
        redirect_uri=redirect_uri,
    )
    url = prepare_grant_uri(
        metadata.authorization_endpoint,
        client_id=provider.client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope=SCOPE,
        state=login.state,
        nonce=login.nonce,
        code_challenge=create_s256_code_challenge(login.code_verifier),
        code_challenge_method="S256",
    )
    return LoginRedirect(url=url, state=login.state)


# ---------------------------------------------------------------- step 2: back from it


@dataclass(frozen=True, slots=True)
class CompletedLogin:
    """A successful OIDC login: the session cookie's token and who logged in where."""

    token: str
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str


async def complete_login(
    sessions: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    *,
    secret_key: str,
    state: str,
    browser_state: str | None,
    code: str | None,
    error: str | None = None,
    ip_address: str = "",
    user_agent: str = "",
    request_id: str = "",
) -> CompletedLogin:
    """Finish the login the provider sends the browser back with; open a session.

    ``browser_state`` is the state this browser was given by :func:`start_login`.
    """
    pending = await consume_state(sessions, state)
    if error:
        # Some providers drop the state from error responses: the refusal is shown anyway
        # (only a registered-looking error code is echoed back).
        code_name = error if ERROR_CODE.fullmatch(error) else "erreur inconnue"
        raise OidcLoginError(
            f"Le fournisseur d'identité n'a pas autorisé la connexion ({code_name}). {RESTART}",
            reason=f"provider_error:{code_name}",
        )
    if pending is None or pending.expired:
        raise bad_state()
    if not browser_state or not hmac.compare_digest(browser_state.encode(), state.encode()):
        raise OidcLoginError(
            "Cette demande de connexion n'a pas été commencée dans ce navigateur "
            f"(ou l'a été dans un autre onglet depuis). {RESTART}",
            reason="state_from_another_browser",
        )
    if not code:
        raise OidcLoginError(
            f"Le fournisseur d'identité n'a pas renvoyé de code de connexion. {RESTART}",
            reason="no_code",
        )
    async with sessions() as session:
        found = await organisation_with_provider(session, organisation_id=pending.organisation_id)
    if found is None:
        raise not_offered()
    organisation, provider = found
    if provider.issuer != pending.issuer:
        # The configuration changed while the person was at the provider.
        raise bad_state()
    try:
        client_secret = decrypt_secret(secret_key, provider.client_secret)
    except InvalidToken as exc:
        logger.error("OIDC client secret of %s cannot be decrypted", organisation.slug)
        raise OidcLoginError(
            "La connexion par le fournisseur d'identité de cet organisme est mal configurée : "
            "son administrateur doit saisir de nouveau le secret client.",
            reason="undecryptable_secret",
            status=500,
        ) from exc
    metadata = await provider_cache.metadata(http, provider.issuer)
    tokens = await exchange_code(
        http,
        metadata,
        client_id=provider.client_id,
        client_secret=client_secret,
        code=code,
        code_verifier=pending.code_verifier,
        redirect_uri=pending.redirect_uri,
    )
    claims = await validated_claims(
        http, metadata, tokens, client_id=provider.client_id, nonce=pending.nonce
    )
    email = verified_email(claims)
    async with sessions.begin() as session:
        user = await member(session, organisation, email)
        opened = await identity.open_session(
            session,
            user,
            ip_address=ip_address,
            user_agent=user_agent,
            method="oidc",
            organisation_id=organisation.id,
        )
        actor = await identity.actor_for_user(
            session,
            user,
            organisation.id,
            session_id=opened.browser_session.id,
            request_id=request_id,
            ip_address=ip_address,
        )
        audit.record(session, actor, "session.login_oidc", [user.id, provider.issuer])
    return CompletedLogin(
        token=opened.token,
        user_id=user.id,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
    )
