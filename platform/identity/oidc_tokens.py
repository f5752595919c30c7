"""The code exchanged for tokens, and the ID token checked (signature, iss, aud, exp, nonce)."""

from __future__ import annotations

from typing import Any

import httpx
from authlib.oauth2.auth import ClientAuth  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.parameters import prepare_token_request  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)

from clea_platform.identity.oidc_discovery import ProviderMetadata, provider_cache
from clea_platform.identity.oidc_errors import (
    ERROR_CODE,
    RESTART,
    OidcLoginError,
    logger,
    rejected_token,
    unreachable,
)

# Tolerated clock difference with the provider when checking exp / iat.
CLOCK_LEEWAY_SECONDS = 60


async def exchange_code(
    http: httpx.AsyncClient,
    metadata: ProviderMetadata,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    code_verifier: str,
    redirect_uri: str,
) -> dict[str, Any]:
    """The provider's token response for this authorization code (it holds an ``id_token``)."""
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
        raise unreachable(metadata.issuer, f"token endpoint: {exc}") from exc
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
        raise rejected_token("sa signature est invalide", "bad_signature") from exc
    except ExpiredTokenError as exc:
        raise rejected_token("il a expiré", "expired_token") from exc
    except ClaimError as exc:
        detail = {
            "nonce": "son nonce ne correspond pas à cette demande de connexion",
            "iss": "il vient d'un autre émetteur que celui configuré",
            "aud": "il est destiné à une autre application",
            "azp": "il est destiné à une autre application",
        }.get(exc.claim, f"la donnée « {exc.claim} » est absente ou invalide")
        raise rejected_token(detail, f"invalid_claim:{exc.claim}") from exc
    except (JoseError, ValueError) as exc:
        raise rejected_token("il est illisible", f"unreadable_token:{exc}") from exc
    return dict(claims)
