"""OpenID4VCI over HTTP: the issuer's metadata, the offers by reference, the token, nonce
and credential endpoints.

All public and anonymous (a wallet has no session; the pre-authorised code, then the
access token, is its only credential), decided by ``certificates/wallet.py``. The token
endpoint is limited per client address like the candidates' sign-in links (counted in a
transaction of its own, so a refused code still counts), and its refusals are committed
too (a wrong transaction code counts towards burning the offer); the nonce endpoint and
the offers by reference are limited per address in memory. Answers are JSON,
``Cache-Control: no-store`` for anything secret.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.certificates import signing, wallet
from clea_platform.certificates.ratelimit import SlidingWindowLimiter
from clea_platform.db.base import utcnow
from clea_platform.identity import ratelimit
from clea_platform.identity.ratelimit import Limit
from clea_platform.tenants.context import current_actor

#: The same budget as sign-in links per client (``candidate_space/access.py``).
TOKENS_PER_CLIENT = Limit("wallet-token:client", 10, dt.timedelta(hours=1))
NONCE_LIMITER = SlidingWindowLimiter(limit=30, window=60.0)
OFFER_LIMITER = SlidingWindowLimiter(limit=30, window=60.0)
MAX_BODY = 16_384
_NO_STORE = {"Cache-Control": "no-store"}
_METADATA_HEADERS = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}


def _error(refusal: wallet.OAuthError) -> JSONResponse:
    return JSONResponse(
        refusal.body(), status_code=refusal.status, headers={**_NO_STORE, **refusal.headers}
    )


def _issuer_name(request: Request) -> str:
    certifiers = sorted({certification.certifier for certification in request.app.state.registry})
    return certifiers[0] if len(certifiers) == 1 else "Certif'Pro"


async def issuer_metadata(request: Request) -> Response:
    base_url = signing.signer_settings().base_url
    return JSONResponse(
        wallet.issuer_metadata(base_url, _issuer_name(request)), headers=_METADATA_HEADERS
    )


async def authorization_server_metadata(request: Request) -> Response:
    base_url = signing.signer_settings().base_url
    return JSONResponse(wallet.authorization_server_metadata(base_url), headers=_METADATA_HEADERS)


async def token(request: Request) -> Response:
    actor = current_actor()
    async with request.app.state.sessions.begin() as counting:
        allowed = await ratelimit.take(counting, TOKENS_PER_CLIENT, actor.ip_address, utcnow())
    if not allowed:
        refusal = wallet.OAuthError(
            429,
            "invalid_request",
            f"Trop de demandes. Attendez {TOKENS_PER_CLIENT.minutes} minutes, puis réessayez.",
            {"Retry-After": str(int(TOKENS_PER_CLIENT.window.total_seconds()))},
        )
        return _error(refusal)
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        return _error(
            wallet.OAuthError(400, "invalid_request", "Formulaire attendu (x-www-form-urlencoded).")
        )
    body = await request.body()
    if len(body) > MAX_BODY:
        return _error(wallet.OAuthError(400, "invalid_request", "Demande trop longue."))
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        pairs = []
    fields = dict(pairs)
    session = request.state.db_session
    try:
        answer = await wallet.redeem(session, fields, signing.signer_settings().secret_key)
    except wallet.OAuthError as refusal:
        # A wrong transaction code was counted: the count must stay.
        await session.commit()
        return _error(refusal)
    await session.commit()
    return JSONResponse(answer, headers=_NO_STORE)


async def offer(request: Request) -> Response:
    """The credential offer a ``credential_offer_uri`` names (JSON), while it is valid."""
    wait = OFFER_LIMITER.hit(current_actor().ip_address)
    if wait:
        refusal = wallet.OAuthError(
            429,
            "invalid_request",
            "Trop de demandes. Réessayez dans une minute.",
            {"Retry-After": str(wait)},
        )
        return _error(refusal)
    settings = signing.signer_settings()
    try:
        answer = await wallet.offer_by_reference(
            request.state.db_session,
            request.path_params["reference"],
            base_url=settings.base_url,
            secret_key=settings.secret_key,
        )
    except wallet.OAuthError as refusal:
        return _error(refusal)
    return JSONResponse(answer, headers=_NO_STORE)


async def nonce(request: Request) -> Response:
    wait = NONCE_LIMITER.hit(current_actor().ip_address)
    if wait:
        refusal = wallet.OAuthError(
            429,
            "invalid_request",
            "Trop de demandes. Réessayez dans une minute.",
            {"Retry-After": str(wait)},
        )
        return _error(refusal)
    return JSONResponse(wallet.new_nonce(signing.signer_settings().secret_key), headers=_NO_STORE)


async def credential(request: Request) -> Response:
    raw = await request.body()
    body: Any
    try:
        body = json.loads(raw) if len(raw) <= MAX_BODY else None
    except ValueError:
        body = None
    settings = signing.signer_settings()
    session = request.state.db_session
    try:
        delivery = await wallet.deliver(
            session,
            request.app.state.registry,
            current_actor(),
            request.headers.get("authorization", ""),
            body,
            base_url=settings.base_url,
            secret_key=settings.secret_key,
        )
    except wallet.OAuthError as refusal:
        return _error(refusal)
    await session.commit()
    return JSONResponse({"credentials": [{"credential": delivery.credential}]}, headers=_NO_STORE)


routes = [
    Route("/.well-known/openid-credential-issuer", issuer_metadata, methods=["GET"]),
    Route(
        "/.well-known/oauth-authorization-server", authorization_server_metadata, methods=["GET"]
    ),
    Route(f"{wallet.OFFERS_PATH}/{{reference}}", offer, methods=["GET"]),
    Route(wallet.TOKEN_PATH, token, methods=["POST"]),
    Route(wallet.NONCE_PATH, nonce, methods=["POST"]),
    Route(wallet.CREDENTIAL_PATH, credential, methods=["POST"]),
]
