"""The ``/graphql`` endpoint: Strawberry's ASGI view with the platform's context.

Malformed requests are refused here with HTTP 400 and a French message in the usual
error shape (``{"errors": [{"message", "extensions": {"code": "BAD_REQUEST"}}]}``):
a body that is not UTF-8, JSON nested deeper than Python's parser can follow (it
would otherwise raise ``RecursionError``), ``NaN`` or ``Infinity`` (not JSON, and no
database stores them), and the shapes Strawberry itself refuses in English.

GraphQL-over-HTTP: a client that prefers ``application/graphql-response+json`` in its
``Accept`` header gets its answer under that media type (the JSON is the same); others
get ``application/json``.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from clea_platform.audit import service as audit
from clea_platform.schema.context import Context
from clea_platform.web.public_responses import PublicResponses

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
        if kept is not None and scope["method"] == "POST":
            key, state = await self._public_key(request, kept)
        try:
            cached = None if key is None or state is None else kept.get(key, state)  # type: ignore[union-attr]
            if cached is not None:
                response = Response(cached, media_type="application/json")
            else:
                response = await self.run(request)
                if key is not None and state is not None:
                    await self._keep(request, kept, key, state, response)  # type: ignore[arg-type]
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

    async def _public_key(
        self, request: Request, kept: PublicResponses
    ) -> tuple[str | None, Any]:
        """The cache key of a public, immutable read and the publication state it is
        read against (``web/public_responses.py``); (None, None) for any other request."""
        try:
            body = self.decode_json(await request.body())
        except (HTTPException, ValueError):  # refused as usual by Strawberry's path
            return None, None
        key = kept.key(body)
        if key is None:
            return None, None
        return key, await kept.publication_state()

    async def _keep(
        self, request: Request, kept: PublicResponses, key: str, state: Any, response: Response
    ) -> None:
        """Keep a clean answer of a public, immutable read (see ``public_responses``)."""
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
            return
        if "errors" in json.loads(response.body):
            return
        # Read again: a publication committed meanwhile may or may not be in the answer.
        if await kept.publication_state() == state:
            kept.put(key, state, response.body)

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
