"""The minutes of a closed jury session and their appendices, for Certif'Pro and the
session's members: the bytes stored at closing (or at the amendment), never re-rendered.

The route reads the path, calls the jury context's accessor and translates its refusals:
not signed in → 401, not found (or not yours) → 404, not closed yet → 409.
"""

from __future__ import annotations

import base64
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
    return await _document(request, None)


async def session_appendix(request: Request) -> Response:
    return await _document(request, request.path_params["number"])


async def _document(request: Request, appendix: int | None) -> Response:
    session = request.state.db_session
    try:
        key = uuid.UUID(request.path_params["session_id"])
    except ValueError:
        key = None
    try:
        document = await minutes_for(session, current_actor(), key, appendix)
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except JuryError as error:
        return _refusal(404 if error.code == JuryErrorCode.NOT_FOUND else 409, error.message)
    await session.commit()
    name = "proces-verbal" if appendix is None else f"proces-verbal-annexe-{appendix}"
    return Response(
        document.content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{name}-{key}.pdf"',
            "Cache-Control": "private, no-store",
            # The stored bytes' digest: the same every time (the minutes are frozen).
            "Digest": f"sha-256={base64.b64encode(bytes.fromhex(document.sha256)).decode()}",
        },
    )


routes = [
    Route("/jury-sessions/{session_id}/minutes.pdf", session_minutes, methods=["GET"]),
    Route(
        "/jury-sessions/{session_id}/appendices/{number:int}.pdf",
        session_appendix,
        methods=["GET"],
    ),
]
