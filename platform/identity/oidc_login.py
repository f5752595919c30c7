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

Example:
    >>> async with provider_http_client() as http:  # doctest: +SKIP
    ...     redirect = await start_login(sessions, http, slug="greta-demo-paris",
    ...                                  base_url="https://clea.example")
    >>> redirect.url  # doctest: +SKIP
    'https://idp.example/authorize?response_type=code&client_id=…&state=…&nonce=…'
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.oauth2.auth import ClientAuth  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.parameters import (  # type: ignore[import-untyped]
    prepare_grant_uri,
    prepare_token_request,
)
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from cryptography.fernet import InvalidToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.identity import service as identity
from clea_platform.identity.models import Membership, OidcLoginState, OidcProvider, User
from clea_platform.identity.oidc_config import decrypt_secret, issuer_problem
from clea_platform.identity.outbound import PublicOnlyTransport
from clea_platform.tenants.models import Organisation, OrganisationStatus
from clea_platform.tenants.scoping import cross_tenant_reads

logger = logging.getLogger(__name__)

CROSS_TENANT_SCOPE = "system:oidc_login"
LOGIN_STATE_VALIDITY = dt.timedelta(minutes=10)
METADATA_TTL_SECONDS = 300.0
SCOPE = "openid email profile"
CALLBACK_PATH = "/auth/oidc/callback"
# Tolerated clock difference with the provider when checking exp / iat.
CLOCK_LEEWAY_SECONDS = 60
# Asymmetric algorithms only: "none" and shared-secret HMAC are never accepted.
SIGNING_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
HTTP_TIMEOUT = httpx.Timeout(10.0)

ERROR_CODE = re.compile(r"[a-z_]{1,40}")
RESTART = "Recommencez depuis la page de connexion."


class OidcLoginError(Exception):
    """A refused OIDC login: ``message`` is French, for the person; ``reason`` for the logs."""

    def __init__(self, message: str, *, reason: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.status = status


def callback_url(base_url: str) -> str:
    """The redirect URI to register at the provider."""
    return f"{base_url.rstrip('/')}{CALLBACK_PATH}"


def provider_http_client(*, production: bool = False) -> httpx.AsyncClient:
    """The HTTP client that talks to identity providers (never follows redirects).

    In production it reaches public https addresses only, checked at each request
    (``outbound.PublicOnlyTransport``): an issuer cannot turn the server against its own
    network.
    """
    return httpx.AsyncClient(
        timeout=HTTP_TIMEOUT,
        follow_redirects=False,
        headers={"User-Agent": "clea-platform (OpenID Connect client)"},
        transport=PublicOnlyTransport() if production else None,
    )


# ---------------------------------------------------------------- provider metadata


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    """What discovery tells about a provider, as far as the login needs it."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    signing_algorithms: tuple[str, ...]
    token_auth_method: str


def _unreachable(issuer: str, detail: str) -> OidcLoginError:
    logger.warning("OIDC provider %s unusable: %s", issuer, detail)
    return OidcLoginError(
        "Le fournisseur d'identité de votre organisme ne répond pas correctement. "
        "Réessayez dans quelques minutes ; si cela persiste, prévenez l'administrateur "
        "de votre organisme.",
        reason="provider_unreachable",
        status=502,
    )


async def _get_json(http: httpx.AsyncClient, url: str, issuer: str) -> dict[str, Any]:
    try:
        response = await http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise _unreachable(issuer, f"GET {url}: {exc}") from exc
    if not isinstance(body, dict):
        raise _unreachable(issuer, f"GET {url}: not a JSON object")
    return body


def _parse_metadata(issuer: str, document: dict[str, Any]) -> ProviderMetadata:
    # OpenID Connect Discovery 1.0, section 4.3: the issuer must match exactly.
    if document.get("issuer") != issuer:
        raise _unreachable(issuer, f"discovery announces issuer {document.get('issuer')!r}")
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or issuer_problem(value):
            raise _unreachable(issuer, f"{name} missing or not https: {value!r}")
        endpoints[name] = value
    announced = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(alg for alg in SIGNING_ALGORITHMS if alg in announced)
    if not algorithms:
        raise _unreachable(issuer, f"no acceptable ID token algorithm in {announced!r}")
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = "client_secret_basic" if "client_secret_basic" in methods else None
    if auth_method is None and "client_secret_post" in methods:
        auth_method = "client_secret_post"
    if auth_method is None:
        raise _unreachable(issuer, f"no supported client authentication in {methods!r}")
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=endpoints["authorization_endpoint"],
        token_endpoint=endpoints["token_endpoint"],
        jwks_uri=endpoints["jwks_uri"],
        signing_algorithms=algorithms,
        token_auth_method=auth_method,
    )


class ProviderCache:
    """Discovery documents and key sets, kept in this process for a few minutes per issuer."""

    def __init__(self, ttl_seconds: float = METADATA_TTL_SECONDS) -> None:
        self.ttl_seconds = ttl_seconds
        self._metadata: dict[str, tuple[float, ProviderMetadata]] = {}
        self._keys: dict[str, tuple[float, KeySet]] = {}

    def clear(self) -> None:
        self._metadata.clear()
        self._keys.clear()

    async def metadata(self, http: httpx.AsyncClient, issuer: str) -> ProviderMetadata:
        cached = self._metadata.get(issuer)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        document = await _get_json(http, f"{issuer}/.well-known/openid-configuration", issuer)
        metadata = _parse_metadata(issuer, document)
        self._metadata[issuer] = (time.monotonic() + self.ttl_seconds, metadata)
        return metadata

    async def key_set(
        self, http: httpx.AsyncClient, metadata: ProviderMetadata, *, refresh: bool = False
    ) -> KeySet:
        cached = self._keys.get(metadata.jwks_uri)
        if cached and cached[0] > time.monotonic() and not refresh:
            return cached[1]
        document = await _get_json(http, metadata.jwks_uri, metadata.issuer)
        try:
            keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise _unreachable(metadata.issuer, f"unreadable JWKS: {exc}") from exc
        self._keys[metadata.jwks_uri] = (time.monotonic() + self.ttl_seconds, keys)
        return keys


provider_cache = ProviderCache()


# ---------------------------------------------------------------- step 1: to the provider


def _not_offered() -> OidcLoginError:
    return OidcLoginError(
        "Cet organisme ne propose pas de connexion par son propre fournisseur d'identité. "
        "Connectez-vous avec votre adresse e-mail et votre mot de passe.",
        reason="not_offered",
        status=404,
    )


@dataclass(frozen=True, slots=True)
class LoginRedirect:
    """The provider's authorization URL, and the state the browser must bring back.

    The caller keeps ``state`` in the browser (a cookie): a callback is only accepted
    from the browser that started the login, which defeats login CSRF (someone making
    your browser finish *their* login).
    """

    url: str
    state: str


async def _organisation_with_provider(
    session: AsyncSession, *, slug: str | None = None, organisation_id: uuid.UUID | None = None
) -> tuple[Organisation, OidcProvider] | None:
    """The active organisation and its enabled provider; read before anyone is logged in."""
    query = (
        select(Organisation, OidcProvider)
        .join(OidcProvider, OidcProvider.organisation_id == Organisation.id)
        .where(OidcProvider.enabled.is_(True), Organisation.status == OrganisationStatus.ACTIVE)
    )
    if slug is not None:
        query = query.where(Organisation.slug == slug)
    if organisation_id is not None:
        query = query.where(Organisation.id == organisation_id)
    async with cross_tenant_reads(session, CROSS_TENANT_SCOPE):
        row = (await session.execute(query)).first()
    return None if row is None else (row[0], row[1])


async def start_login(
    sessions: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    *,
    slug: str,
    base_url: str,
) -> LoginRedirect:
    """Record a login in progress for organisation ``slug``; say where to send the browser."""
    async with sessions() as session:
        found = await _organisation_with_provider(session, slug=slug)
    if found is None:
        raise _not_offered()
    organisation, provider = found
    metadata = await provider_cache.metadata(http, provider.issuer)
    state, nonce, code_verifier = generate_token(48), generate_token(48), generate_token(64)
    redirect_uri = callback_url(base_url)
    now = utcnow()
    async with sessions.begin() as session:
        # Abandoned logins are swept here: the table only ever holds recent ones.
        await session.execute(
            delete(OidcLoginState).where(OidcLoginState.created_at < now - LOGIN_STATE_VALIDITY)
        )
        session.add(
            OidcLoginState(
                state=state,
                organisation_id=organisation.id,
                nonce=nonce,
                code_verifier=code_verifier,
                created_at=now,
                extra={"issuer": provider.issuer, "redirect_uri": redirect_uri},
            )
        )
    url = prepare_grant_uri(
        metadata.authorization_endpoint,
        client_id=provider.client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope=SCOPE,
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(code_verifier),
        code_challenge_method="S256",
    )
    return LoginRedirect(url=url, state=state)


# ---------------------------------------------------------------- step 2: back from it


@dataclass(frozen=True, slots=True)
class CompletedLogin:
    """A successful OIDC login: the session cookie's token and who logged in where."""

    token: str
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str


@dataclass(frozen=True, slots=True)
class _PendingLogin:
    organisation_id: uuid.UUID
    nonce: str
    code_verifier: str
    issuer: str
    redirect_uri: str
    expired: bool


def _bad_state() -> OidcLoginError:
    return OidcLoginError(
        "Cette demande de connexion est inconnue, a déjà servi ou a expiré (elle vaut "
        f"{int(LOGIN_STATE_VALIDITY.total_seconds() // 60)} minutes). {RESTART}",
        reason="invalid_state",
    )


def _rejected_token(detail: str, reason: str) -> OidcLoginError:
    return OidcLoginError(
        f"Le jeton d'identité renvoyé par le fournisseur est refusé : {detail}. {RESTART}",
        reason=reason,
    )


async def _consume_state(
    sessions: async_sessionmaker[AsyncSession], state: str
) -> _PendingLogin | None:
    """Delete the state (single use, even when the rest fails) and return what it held."""
    if not state or len(state) > 64:
        return None
    async with sessions.begin() as session:
        row = await session.get(OidcLoginState, state)
        if row is None:
            return None
        result = await session.execute(delete(OidcLoginState).where(OidcLoginState.state == state))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None  # a concurrent callback took it first
        return _PendingLogin(
            organisation_id=row.organisation_id,
            nonce=row.nonce,
            code_verifier=row.code_verifier,
            issuer=str(row.extra.get("issuer", "")),
            redirect_uri=str(row.extra.get("redirect_uri", "")),
            expired=identity.as_aware(row.created_at) + LOGIN_STATE_VALIDITY <= utcnow(),
        )


async def _exchange_code(
    http: httpx.AsyncClient,
    metadata: ProviderMetadata,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    code_verifier: str,
    redirect_uri: str,
) -> dict[str, Any]:
    body = prepare_token_request(
        "authorization_code", code=code, redirect_uri=redirect_uri, code_verifier=code_verifier
    )
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
    }
    url, headers, body = ClientAuth(client_id, client_secret, metadata.token_auth_method).prepare(
        "POST", metadata.token_endpoint, headers, body
    )
    try:
        response = await http.post(url, content=body, headers=headers)
        tokens = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise _unreachable(metadata.issuer, f"token endpoint: {exc}") from exc
    if not isinstance(tokens, dict) or response.status_code != 200 or "error" in tokens:
        error = tokens.get("error") if isinstance(tokens, dict) else None
        if not isinstance(error, str) or not ERROR_CODE.fullmatch(error):
            error = f"HTTP {response.status_code}"
        logger.warning("OIDC token endpoint of %s refused the code: %s", metadata.issuer, error)
        raise OidcLoginError(
            f"Le fournisseur d'identité a refusé l'échange du code de connexion ({error}). "
            f"{RESTART}",
            reason="token_refused",
        )
    if not isinstance(tokens.get("id_token"), str):
        raise OidcLoginError(
            f"Le fournisseur d'identité n'a pas renvoyé de jeton d'identité. {RESTART}",
            reason="no_id_token",
        )
    return tokens


async def _decode_id_token(
    http: httpx.AsyncClient, metadata: ProviderMetadata, id_token: str
) -> jwt.Token:
    keys = await provider_cache.key_set(http, metadata)
    try:
        return jwt.decode(id_token, keys, algorithms=list(metadata.signing_algorithms))
    except InvalidKeyIdError:
        # The provider may have rotated its keys since they were cached.
        keys = await provider_cache.key_set(http, metadata, refresh=True)
        return jwt.decode(id_token, keys, algorithms=list(metadata.signing_algorithms))


async def validated_claims(
    http: httpx.AsyncClient,
    metadata: ProviderMetadata,
    tokens: dict[str, Any],
    *,
    client_id: str,
    nonce: str,
) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, dates and nonce hold."""
    try:
        token = await _decode_id_token(http, metadata, tokens["id_token"])
        claims = CodeIDToken(
            token.claims,
            token.header,
            {
                "iss": {"essential": True, "value": metadata.issuer},
                "aud": {"essential": True, "value": client_id},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": tokens.get("access_token")},
        )
        claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
    except BadSignatureError as exc:
        raise _rejected_token("sa signature est invalide", "bad_signature") from exc
    except ExpiredTokenError as exc:
        raise _rejected_token("il a expiré", "expired_token") from exc
    except ClaimError as exc:
        detail = {
            "nonce": "son nonce ne correspond pas à cette demande de connexion",
            "iss": "il vient d'un autre émetteur que celui configuré",
            "aud": "il est destiné à une autre application",
            "azp": "il est destiné à une autre application",
        }.get(exc.claim, f"la donnée « {exc.claim} » est absente ou invalide")
        raise _rejected_token(detail, f"invalid_claim:{exc.claim}") from exc
    except (JoseError, ValueError) as exc:
        raise _rejected_token("il est illisible", f"unreadable_token:{exc}") from exc
    return dict(claims)


def _verified_email(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise OidcLoginError(
            "Le fournisseur d'identité n'a pas transmis d'adresse e-mail : demandez à "
            "l'administrateur de votre organisme d'autoriser la portée « email ».",
            reason="no_email",
        )
    # Absent means the provider vouches for the addresses it issues; present, it must hold.
    verified = claims.get("email_verified", True)
    if verified not in (True, "true"):
        raise OidcLoginError(
            f"Votre fournisseur d'identité indique que l'adresse {email} n'est pas vérifiée : "
            "faites-la vérifier auprès de lui, puis recommencez.",
            reason="email_not_verified",
        )
    return identity.normalise_email(email)


async def _member(session: AsyncSession, organisation: Organisation, email: str) -> User:
    user = await session.scalar(select(User).where(User.email == email))
    membership = None
    if user is not None:
        async with cross_tenant_reads(session, CROSS_TENANT_SCOPE):
            membership = await session.scalar(
                select(Membership.id).where(
                    Membership.user_id == user.id,
                    Membership.organisation_id == organisation.id,
                )
            )
    if user is None or membership is None:
        raise OidcLoginError(
            f"Aucun compte membre de {organisation.name} pour {email} : "
            "demandez une invitation à votre administrateur.",
            reason="not_a_member",
            status=403,
        )
    if user.disabled_at is not None:
        raise OidcLoginError(
            "Ce compte est désactivé : adressez-vous à l'administrateur de votre organisme.",
            reason="account_disabled",
            status=403,
        )
    return user


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
    pending = await _consume_state(sessions, state)
    if error:
        # Some providers drop the state from error responses: the refusal is shown anyway
        # (only a registered-looking error code is echoed back).
        code_name = error if ERROR_CODE.fullmatch(error) else "erreur inconnue"
        raise OidcLoginError(
            f"Le fournisseur d'identité n'a pas autorisé la connexion ({code_name}). {RESTART}",
            reason=f"provider_error:{code_name}",
        )
    if pending is None or pending.expired:
        raise _bad_state()
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
        found = await _organisation_with_provider(session, organisation_id=pending.organisation_id)
    if found is None:
        raise _not_offered()
    organisation, provider = found
    if provider.issuer != pending.issuer:
        # The configuration changed while the person was at the provider.
        raise _bad_state()
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
    tokens = await _exchange_code(
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
    email = _verified_email(claims)
    async with sessions.begin() as session:
        user = await _member(session, organisation, email)
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
