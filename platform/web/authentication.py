"""Resolving who makes each request, and refusing cross-site requests to the API.

A plain ASGI middleware (``BaseHTTPMiddleware`` would not carry the context variable
to the endpoint): it resolves the actor from ``Authorization: Bearer <API key>``, the
session cookie or, failing those, the candidate space's cookie (``candidate_space.access``:
a candidate, never a member of an organisation), in a short transaction of its own, then
runs the rest of the request ``acting_as`` that actor. ``POST /graphql`` without a bearer
token must be JSON (a cross-site form cannot send it, a cross-site script needs a
preflight the app never grants); one that carries a session cookie (a professional's or a
candidate's) must also carry ``X-Requested-With`` (a custom header a cross-site form
cannot send): the CSRF defence. A request with neither cookie nor key (a partner's app
reading public data) needs no custom header: it borrows no one's session.
"""

from __future__ import annotations

import json
import uuid
from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clea_platform.candidate_space import access as candidate_access
from clea_platform.candidate_space.access import CANDIDATE_COOKIE
from clea_platform.identity import service as identity
from clea_platform.identity.cookies import SESSION_COOKIE
from clea_platform.tenants.context import Actor, acting_as

CSRF_HEADER = "x-requested-with"


def _json_error(status: int, code: str, message: str) -> tuple[int, bytes]:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return status, json.dumps(body, ensure_ascii=False).encode()


async def _respond(send: Send, status: int, body: bytes, request_id: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AuthenticationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = uuid.uuid4().hex
        client = scope.get("client")
        ip_address = client[0] if client else ""
        authorization = headers.get("authorization", "")
        bearer = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""

        token = None if bearer else _cookie(headers, SESSION_COOKIE)
        candidate_token = None if bearer else _cookie(headers, CANDIDATE_COOKIE)
        if scope["path"].startswith("/openid4vci/"):
            # A wallet's Bearer is an OpenID4VCI access token (``web/wallet.py`` checks it),
            # never an API key; the wallet acts as nobody.
            bearer, token, candidate_token = "", None, None
        if scope["method"] == "POST" and scope["path"] == "/graphql" and not bearer:
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != "application/json":
                status, body = _json_error(
                    403,
                    "CSRF_REJECTED",
                    "Requête refusée : envoyez du JSON (Content-Type: application/json) "
                    "(protection contre les requêtes intersites).",
                )
                await _respond(send, status, body, request_id)
                return
            # The cookie is what a cross-site request would borrow: a request carrying
            # it must also prove it comes from a script of the platform's own origin.
            if (token is not None or candidate_token is not None) and not headers.get(CSRF_HEADER):
                status, body = _json_error(
                    403,
                    "CSRF_REJECTED",
                    "Requête refusée : une requête qui porte le cookie de session doit "
                    "envoyer l'en-tête X-Requested-With (protection contre les requêtes "
                    "intersites).",
                )
                await _respond(send, status, body, request_id)
                return

        actor = Actor(request_id=request_id, ip_address=ip_address)
        sessions = scope["app"].state.sessions
        if bearer:
            async with sessions.begin() as session:
                resolved = await identity.resolve_api_key(
                    session, bearer, request_id=request_id, ip_address=ip_address
                )
            if resolved is None:
                status, body = _json_error(
                    401, "UNAUTHENTICATED", "Clé d'API invalide ou révoquée."
                )
                await _respond(send, status, body, request_id)
                return
            actor = resolved
        elif token:
            async with sessions.begin() as session:
                resolved = await identity.resolve_session(
                    session, token, request_id=request_id, ip_address=ip_address
                )
            actor = resolved or actor
        elif candidate_token:
            async with sessions.begin() as session:
                resolved = await candidate_access.resolve_session(
                    session, candidate_token, request_id=request_id, ip_address=ip_address
                )
            actor = resolved or actor

        scope.setdefault("state", {})["actor"] = actor

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        with acting_as(actor):
            await self.app(scope, receive, send_with_request_id)


def _cookie(headers: Headers, name: str) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    cookie = SimpleCookie()
    cookie.load(raw)
    morsel = cookie.get(name)
    return morsel.value if morsel else None
