"""Security headers on every response, a cap on request bodies, clean request targets."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clea_platform.core.config import Settings

MAX_BODY_BYTES = 1024 * 1024

APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
# GraphiQL loads its code from a CDN; only the /graphql page gets this policy.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hsts = settings.secure_cookies and settings.base_url.startswith("https://")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = GRAPHIQL_CSP if scope["path"] == "/graphql" else APP_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if self.hsts:
                    extra.append(
                        (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
                    )
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Refuses bodies over ``MAX_BODY_BYTES`` (declared or streamed) with a 413.

    ``larger_limits`` maps path prefixes to their own limit (document uploads).
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int = MAX_BODY_BYTES,
        larger_limits: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.default_limit = limit
        self.larger_limits = larger_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = next(
            (
                size
                for prefix, size in self.larger_limits.items()
                if scope["path"].startswith(prefix)
            ),
            self.default_limit,
        )
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await self._too_large(send, limit)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLargeError:
            await self._too_large(send, limit)

    async def _too_large(self, send: Send, limit: int) -> None:
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": f"Requête trop volumineuse (limite {limit // 1024} Kio).",
                        "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                    }
                ]
            },
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _BodyTooLargeError(Exception):
    pass


def has_control_character(text: str) -> bool:
    return any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text)


class RequestTargetGuardMiddleware:
    """Refuses a path or query string holding control characters (``%00``…).

    Path and query parameters reach database lookups (an organisation's slug, an OIDC
    state): PostgreSQL refuses NUL in text, and nothing legitimate carries a control
    character in a URL. Such a path names nothing: a plain 404 ``not found``, as for any
    malformed name (``/verify/<code>`` answers so); such a query string is a 400.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = unquote_plus(scope.get("query_string", b"").decode("latin-1"))
        if has_control_character(scope["path"]):
            await _respond(send, 404, b"not found", b"text/plain; charset=utf-8")
        elif has_control_character(query):
            body = json.dumps(
                {
                    "errors": [
                        {
                            "message": "Adresse invalide : elle contient un caractère de "
                            "contrôle (%00, retour à la ligne…).",
                            "extensions": {"code": "BAD_REQUEST"},
                        }
                    ]
                },
                ensure_ascii=False,
            ).encode()
            await _respond(send, 400, body, b"application/json; charset=utf-8")
        else:
            await self.app(scope, receive, send)


async def _respond(send: Send, status: int, body: bytes, content_type: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type)],
        }
    )
    await send({"type": "http.response.body", "body": body})
