"""Serving the built single-page app, with client-side routes falling back to index.html."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

NOT_BUILT_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Interface non construite</title></head>
<body><main><h1>Interface non construite</h1>
<p>L'API GraphQL répond sur <a href="/graphql">/graphql</a>, mais l'interface web n'a pas
été construite. Lancez <code>make run</code> (ou <code>npm run build</code> dans
<code>frontend/</code>) puis rechargez cette page.</p></main></body></html>"""


class SinglePageApp(StaticFiles):
    """Static files; an unknown path without a file extension gets ``index.html``."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            return await super().get_response("index.html", scope)


def frontend_app(directory: Path) -> ASGIApp:
    if not (directory / "index.html").is_file():
        return HTMLResponse(NOT_BUILT_PAGE, status_code=503)
    return SinglePageApp(directory=directory, html=True)
