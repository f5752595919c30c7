"""The ``/graphql`` endpoint: Strawberry's ASGI view with the platform's context.

Malformed requests are refused here with HTTP 400 and a French message in the usual
error shape (``{"errors": [{"message", "extensions": {"code": "BAD_REQUEST"}}]}``):
a body that is not UTF-8, JSON nested deeper than Python's parser can follow (it
would otherwise raise ``RecursionError``), ``NaN`` or ``Infinity`` (not JSON, and no
database stores them), and the shapes Strawberry itself refuses in English.

GraphQL-over-HTTP: a client that prefers ``application/graphql-response+json`` in its
``Accept`` header gets its answer under that media type (the JSON is the same); others
get ``application/json``.

Public, immutable reads (the référentiel tree: ``web/public_responses.py``) are answered
with the bytes kept for the current publication state when there are some; they are also
the only queries accepted over GET (``GET /graphql?query=…&variables=…``), with an
``ETag`` and ``Cache-Control: public, no-cache``.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from clea_platform.audit import service as audit
from clea_platform.schema.context import Context
from clea_platform.web.public_responses import IMMUTABLE_ROOT_FIELDS, PublicResponses

BAD_REQUEST = "BAD_REQUEST"

# Strawberry's own refusals, in French.
_FRENCH = {
    "Unable to parse request body as JSON": (
        'Corps de requête illisible : un objet JSON est attendu ({"query": …, "variables": {…}}).'
    ),
    "Unsupported content type": "Type de contenu non pris en charge : envoyez du JSON.",
    "The GraphQL operation's `query` must be a string or null, if provided.": (
        "« query » doit être une chaîne de caractères."
    ),
    "The GraphQL operation's `variables` must be an object or null, if provided.": (
        "« variables » doit être un objet JSON."
    ),
    "The GraphQL operation's `extensions` must be an object or null, if provided.": (
        "« extensions » doit être un objet JSON."
    ),
    "Batching is not enabled": "Les requêtes groupées (tableau JSON) ne sont pas acceptées.",
    "No GraphQL query found in the request": "Aucune requête GraphQL dans le corps envoyé.",
    "Not Found": "Introuvable.",
}
NOT_UTF8 = "Corps de requête illisible : il doit être encodé en UTF-8."
TOO_DEEP = "Corps de requête refusé : JSON trop imbriqué."
NOT_A_NUMBER = "Corps de requête refusé : NaN et Infinity ne sont pas des nombres JSON."
NOT_AN_OBJECT = (
    'Corps de requête illisible : un objet JSON est attendu ({"query": …, "variables": {…}}).'
)


GRAPHQL_RESPONSE = "application/graphql-response+json"


def prefers_graphql_response(accept: str) -> bool:
    """Whether the client asks for GraphQL-over-HTTP's ``application/graphql-response+json``
    at least as much as for ``application/json`` (the answer is the same JSON; only its
    media type says so)."""
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[media.lower()] = max(weight, weights.get(media.lower(), 0.0))
    wanted = weights.get(GRAPHQL_RESPONSE, 0.0)
    return wanted > 0 and wanted >= weights.get("application/json", 0.0)


#: Bodies looked at for a public, immutable read (larger ones take the usual path).
PUBLIC_BODY_LIMIT = 32_768
PUBLIC_FIELDS = tuple(
    name.encode() for name in sorted(IMMUTABLE_ROOT_FIELDS) if not name.startswith("__")
)

#: A public answer any cache may keep, revalidated on every use (its ETag changes with
#: the publication state).
CACHEABLE = "public, no-cache"


def _get_body(request: Request) -> dict[str, Any] | None:
    """The request of ``GET /graphql?query=…&variables=…&operationName=…`` as a JSON body,
    or None when ``variables`` or ``extensions`` is not a JSON object."""
    params = request.query_params
    body: dict[str, Any] = {"query": params.get("query")}
    if "operationName" in params:
        body["operationName"] = params["operationName"]
    for name in ("variables", "extensions"):
        if name in params:
            try:
                body[name] = json.loads(params[name], parse_constant=_refuse_constant)
            except (ValueError, RecursionError, HTTPException):
                return None
    return body


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


async def _no_body() -> dict[str, Any]:  # pragma: no cover - a response reads nothing
    return {"type": "http.disconnect"}


def _refuse_constant(name: str) -> Any:
    raise HTTPException(400, NOT_A_NUMBER)


class PlatformGraphQL(GraphQL[Context, None]):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        kept: PublicResponses | None = getattr(request.app.state, "public_responses", None)
        key = state = None
        # GraphQL-over-HTTP's GET, for public immutable reads only (others: refused).
        if (
            kept is not None
            and scope["method"] == "GET"
            and "query" in request.query_params
            and (key := kept.key(_get_body(request))) is not None
        ):
            await self._public_get(request, kept, key, scope, send)
            return
        cached = None
        if kept is not None and scope["method"] == "POST":
            key, state = await self._public_key(request, kept)
            if key is not None and state is not None:
                cached = kept.get(key, state)
        try:
            if cached is not None:
                response = Response(cached, media_type="application/json")
            else:
                response = await self.run(request)
                if kept is not None and key is not None and state is not None:
                    await self._keep(request, kept, key, state, response)
        except HTTPException as exc:
            message = _FRENCH.get(exc.reason, exc.reason)
            code = BAD_REQUEST if exc.status_code == 400 else "HTTP_ERROR"
            response = JSONResponse(
                {"errors": [{"message": message, "extensions": {"code": code}}]},
                status_code=exc.status_code,
            )
        if response.media_type != "text/html" and prefers_graphql_response(
            request.headers.get("accept", "")
        ):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        await response(scope, receive, send)

    async def _public_get(
        self, request: Request, kept: PublicResponses, key: str, scope: Scope, send: Send
    ) -> None:
        """``GET /graphql?query=…`` of a public, immutable read: executed (or kept) as its
        POST would be, with an ``ETag`` of its key and publication state and
        ``Cache-Control: public, no-cache`` (any cache may keep it but must revalidate: a
        publication is seen at once); ``If-None-Match`` with the same tag → 304."""
        state = await kept.publication_state()
        tag = None if state is None else kept.etag(key, state)
        headers = {"Vary": "Accept"}
        if tag is not None and tag in _tags(request.headers.get("if-none-match", "")):
            response: Response = Response(
                status_code=304, headers={**headers, "ETag": tag, "Cache-Control": CACHEABLE}
            )
            await response(scope, _no_body, send)
            return
        body = json.dumps(_get_body(request)).encode()
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:  # pragma: no cover - Strawberry reads the body once
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        as_post = {
            **scope,
            "method": "POST",
            "headers": [
                *(h for h in scope["headers"] if h[0] not in (b"content-type", b"content-length")),
                (b"content-type", b"application/json"),
            ],
        }
        posted = Request(scope=as_post, receive=receive)
        cached = None if state is None else kept.get(key, state)
        try:
            if cached is not None:
                response = Response(cached, media_type="application/json")
            else:
                response = await self.run(posted)
                if state is not None and await self._keep(posted, kept, key, state, response):
                    cached = bytes(response.body)
        except HTTPException as exc:
            code = BAD_REQUEST if exc.status_code == 400 else "HTTP_ERROR"
            response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": _FRENCH.get(exc.reason, exc.reason),
                            "extensions": {"code": code},
                        }
                    ]
                },
                status_code=exc.status_code,
            )
        if cached is not None and tag is not None:
            response.headers.update({**headers, "ETag": tag, "Cache-Control": CACHEABLE})
        else:  # a draft, a version not found, an error: not to be kept by anyone
            response.headers.update({**headers, "Cache-Control": "no-store"})
        if prefers_graphql_response(request.headers.get("accept", "")):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        await response(scope, _no_body, send)

    async def _public_key(self, request: Request, kept: PublicResponses) -> tuple[str | None, Any]:
        """The cache key of a public, immutable read and the publication state it is
        read against (``web/public_responses.py``); (None, None) for any other request."""
        raw = await request.body()
        # Most requests are not public reads: not decoded twice (Strawberry decodes it).
        if len(raw) > PUBLIC_BODY_LIMIT or not any(field in raw for field in PUBLIC_FIELDS):
            return None, None
        try:
            body = self.decode_json(raw)
        except (HTTPException, ValueError):  # refused as usual by Strawberry's path
            return None, None
        key = kept.key(body)
        if key is None:
            return None, None
        return key, await kept.publication_state()

    async def _keep(
        self, request: Request, kept: PublicResponses, key: str, state: Any, response: Response
    ) -> bool:
        """Keep a clean answer of a public, immutable read (see ``public_responses``);
        whether it was kept."""
        context: Context | None = getattr(request.state, "graphql_context", None)
        if (
            context is None
            or not context.response_cacheable
            or response.status_code != 200
            or response.background is not None
            or "set-cookie" in response.headers
            or context.session.info.get(audit.PENDING)
            or not isinstance(response.body, bytes)
        ):
            return False
        if "errors" in json.loads(response.body):
            return False
        # Read again: a publication committed meanwhile may or may not be in the answer.
        if await kept.publication_state() != state:
            return False
        kept.put(key, state, response.body)
        return True

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPException(400, NOT_UTF8) from None
        try:
            decoded = json.loads(data, parse_constant=_refuse_constant)
        except RecursionError:
            raise HTTPException(400, TOO_DEEP) from None
        if not isinstance(decoded, dict):
            raise HTTPException(400, NOT_AN_OBJECT)
        return decoded

    async def get_context(self, request: Any, response: Any = None) -> Context:
        state = request.app.state
        context = Context(
            request=request,
            response=response,
            session=request.state.db_session,
            sessions=state.sessions,
            registry=state.registry,
            settings=state.settings,
            actor=request.state.actor,
            mailer=state.mailer,
        )
        request.state.graphql_context = context
        return context
