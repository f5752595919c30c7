"""Talking to identity providers: the HTTP client, discovery metadata and key sets."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from clea_platform.identity.oidc_config import issuer_problem
from clea_platform.identity.oidc_errors import unreachable
from clea_platform.identity.outbound import PublicOnlyTransport

METADATA_TTL_SECONDS = 300.0
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


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    """What discovery tells about a provider, as far as the login needs it."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    signing_algorithms: tuple[str, ...]
    token_auth_method: str


async def _get_json(http: httpx.AsyncClient, url: str, issuer: str) -> dict[str, Any]:
    try:
        response = await http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise unreachable(issuer, f"GET {url}: {exc}") from exc
    if not isinstance(body, dict):
        raise unreachable(issuer, f"GET {url}: not a JSON object")
    return body


def _parse_metadata(issuer: str, document: dict[str, Any]) -> ProviderMetadata:
    # OpenID Connect Discovery 1.0, section 4.3: the issuer must match exactly.
    if document.get("issuer") != issuer:
        raise unreachable(issuer, f"discovery announces issuer {document.get('issuer')!r}")
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or issuer_problem(value):
            raise unreachable(issuer, f"{name} missing or not https: {value!r}")
        endpoints[name] = value
    announced = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(alg for alg in SIGNING_ALGORITHMS if alg in announced)
    if not algorithms:
        raise unreachable(issuer, f"no acceptable ID token algorithm in {announced!r}")
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = "client_secret_basic" if "client_secret_basic" in methods else None
    if auth_method is None and "client_secret_post" in methods:
        auth_method = "client_secret_post"
    if auth_method is None:
        raise unreachable(issuer, f"no supported client authentication in {methods!r}")
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
            raise unreachable(metadata.issuer, f"unreadable JWKS: {exc}") from exc
        self._keys[metadata.jwks_uri] = (time.monotonic() + self.ttl_seconds, keys)
        return keys


provider_cache = ProviderCache()
