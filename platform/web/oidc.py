"""The two browser routes of OpenID Connect login; the rules live in ``identity.oidc_login``.

``GET /auth/oidc/{slug}/login`` sends the browser to the organisation's provider;
``GET /auth/oidc/callback`` is where the provider sends it back. Refusals are small
French HTML pages (the person arrived by a full-page navigation, not through the API).
"""

from __future__ import annotations

import html
import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from clea_platform.core.config import Settings
from clea_platform.identity import oidc_login
from clea_platform.identity.cookies import SESSION_COOKIE, session_cookie_attributes
from clea_platform.identity.oidc_login import OidcLoginError

logger = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}
# Which login this browser started: the callback only completes that one (login CSRF).
STATE_COOKIE = "clea_oidc_state"

ERROR_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connexion impossible — Plateforme CléA</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1b1f24; }}
main {{ max-width: 36rem; margin: 4rem auto; padding: 2rem; background: #fff;
  border-radius: .5rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }}
h1 {{ font-size: 1.4rem; margin-top: 0; }}
a {{ color: #1c5fb8; }}
</style></head>
<body><main>
<h1>Connexion impossible</h1>
<p role="alert">{message}</p>
<p><a href="/connexion">Retour à la page de connexion</a></p>
</main></body></html>"""


def error_page(error: OidcLoginError) -> HTMLResponse:
    logger.info("OIDC login refused (%s)", error.reason)
    return HTMLResponse(
        ERROR_PAGE.format(message=html.escape(error.message, quote=False)),
        status_code=error.status,
        headers=NO_STORE,
    )


async def login(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        async with oidc_login.provider_http_client(production=settings.is_production) as http:
            redirect = await oidc_login.start_login(
                request.app.state.sessions,
                http,
                slug=request.path_params["slug"],
                base_url=settings.base_url,
            )
    except OidcLoginError as error:
        return error_page(error)
    response = RedirectResponse(redirect.url, status_code=302, headers=NO_STORE)
    response.set_cookie(
        STATE_COOKIE,
        redirect.state,
        max_age=int(oidc_login.LOGIN_STATE_VALIDITY.total_seconds()),
        path=oidc_login.CALLBACK_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )
    return response


async def callback(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    params = request.query_params
    actor = getattr(request.state, "actor", None)
    try:
        async with oidc_login.provider_http_client(production=settings.is_production) as http:
            completed = await oidc_login.complete_login(
                request.app.state.sessions,
                http,
                secret_key=settings.secret_key,
                state=params.get("state", ""),
                browser_state=request.cookies.get(STATE_COOKIE),
                code=params.get("code"),
                error=params.get("error"),
                ip_address=request.client.host if request.client else "",
                user_agent=request.headers.get("user-agent", ""),
                request_id=actor.request_id if actor else "",
            )
    except OidcLoginError as error:
        response: Response = error_page(error)
    else:
        response = RedirectResponse("/", status_code=302, headers=NO_STORE)
        response.set_cookie(
            SESSION_COOKIE,
            completed.token,
            **session_cookie_attributes(secure=settings.secure_cookies),
        )
    response.delete_cookie(STATE_COOKIE, path=oidc_login.CALLBACK_PATH)
    return response


routes = [
    Route(oidc_login.CALLBACK_PATH, callback, methods=["GET"]),
    Route("/auth/oidc/{slug}/login", login, methods=["GET"]),
]
