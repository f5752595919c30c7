"""Statistics tables as CSV: ``GET /exports/statistics/{dimension}.csv``.

Query parameters: ``du`` and ``au`` (ISO dates, the opening period), optionally
``certification``, ``region``, ``departement``, ``organisation``. Who may export what,
the scope and the masking are the statistics context's (``statistics/service.py``); the
route reads the request, translates refusals to HTTP statuses and streams the lines.
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from clea_platform.core.errors import AccessDeniedError, InvalidFormError, NotAuthenticatedError
from clea_platform.statistics import export, service
from clea_platform.statistics.filters import Dimension, StatisticsFilter
from clea_platform.tenants.context import current_actor

PREFIX = "/exports/statistics/"


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _date(request: Request, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.query_params[name])
    except (KeyError, ValueError):
        return None


async def statistics_csv(request: Request) -> Response:
    session = request.state.db_session
    try:
        dimension = Dimension(request.path_params["dimension"])
    except ValueError:
        known = ", ".join(d.value for d in Dimension)
        return _refusal(404, f"Tableau inconnu. Tableaux disponibles : {known}.")
    since, until = _date(request, "du"), _date(request, "au")
    if since is None or until is None:
        return _refusal(400, "Indiquez la période : du=AAAA-MM-JJ et au=AAAA-MM-JJ.")
    params = request.query_params
    try:
        chosen = StatisticsFilter(
            opened_from=since,
            opened_to=until,
            certification_code=params.get("certification") or None,
            region=params.get("region") or None,
            departement=params.get("departement") or None,
            organisation_id=service.organisation_filter(params.get("organisation") or None),
        )
        breakdown = await service.breakdown_for_export(
            session, current_actor(), request.app.state.registry, chosen, dimension
        )
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except InvalidFormError as refusal:
        return _refusal(400, " ".join(error.message for error in refusal.errors))
    await session.commit()
    return StreamingResponse(
        export.csv_lines(breakdown),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="statistiques-{dimension.value}-{since}-{until}.csv"'
            ),
            "Cache-Control": "private, no-store",
        },
    )


routes = [Route(PREFIX + "{dimension}.csv", statistics_csv, methods=["GET"])]
