"""The minutes of a closed jury session, for Certif'Pro and the session's members.

The route reads the path, calls the jury context's accessor and translates its refusals:
not signed in → 401, not found (or not yours) → 404, not closed yet → 409.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.minutes import minutes_for
from clea_platform.tenants.context import current_actor


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


async def session_minutes(request: Request) -> Response:
    session = request.state.db_session
    try:
        key = uuid.UUID(request.path_params["session_id"])
    except ValueError:
        key = None
    try:
        pdf = await minutes_for(session, current_actor(), key)
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except JuryError as error:
        return _refusal(404 if error.code == JuryErrorCode.NOT_FOUND else 409, error.message)
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
