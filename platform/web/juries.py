"""The minutes of a closed jury session, for Certif'Pro and the session's members."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.juries import access
from clea_platform.juries.errors import JuryError
from clea_platform.juries.minutes import minutes_pdf
from clea_platform.tenants.context import current_actor


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


async def session_minutes(request: Request) -> Response:
    actor = current_actor()
    if actor.user_id is None:
        return _refusal(401, "Authentification requise : connectez-vous.")
    try:
        key = uuid.UUID(request.path_params["session_id"])
    except ValueError:
        return _refusal(404, "Document introuvable.")
    session = request.state.db_session
    if not actor.is_platform_admin and key not in {
        s.id for s in await access.my_sessions(session, actor)
    }:
        return _refusal(404, "Document introuvable.")
    try:
        pdf = await minutes_pdf(session, actor, key)
    except JuryError as error:
        return _refusal(409 if error.field is None else 404, error.message)
    await session.commit()
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="proces-verbal-{key}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


routes = [Route("/jury-sessions/{session_id}/minutes.pdf", session_minutes, methods=["GET"])]
