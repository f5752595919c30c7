"""Statistics tables as CSV, and the annual report as a PDF.

``GET /exports/statistics/{dimension}.csv``: query parameters ``du`` and ``au`` (ISO
dates, the opening period), optionally ``certification``, ``region``, ``departement``,
``organisation``. ``GET /exports/statistics/rapport-annuel.pdf?annee=…&certification=…``:
the annual report of one certification. Who may export what, the scope and the masking
are the statistics context's (``statistics/service.py``, ``statistics/report.py``); the
routes read the request, translate refusals to HTTP statuses and stream the lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from clea_platform.core.errors import AccessDeniedError, InvalidFormError, NotAuthenticatedError
from clea_platform.statistics import export, report, service
from clea_platform.statistics.filters import Dimension, StatisticsFilter
from clea_platform.tenants.context import current_actor

PREFIX = "/exports/statistics/"


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


@contextlib.asynccontextmanager
async def replica_reads(request: Request) -> AsyncIterator[AsyncSession | None]:
    """A session on the read replica (``CLEA_REPLICA_DATABASE_URL``), or None without one.

    Only reads go there; the audit event of the export is written on the primary, in the
    request's own transaction. A replica may lag a little behind: statistics and exports
    tolerate it, a read that must see the request's own writes never comes here.
    """
    factory = request.app.state.replica_sessions
    if factory is None:
        yield None
        return
    async with factory() as reads:
        yield reads


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
        async with replica_reads(request) as reads:
            breakdown = await service.breakdown_for_export(
                session, current_actor(), request.app.state.registry, chosen, dimension, reads=reads
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


async def annual_report_pdf(request: Request) -> Response:
    """``GET /exports/statistics/rapport-annuel.pdf?annee=2026&certification=CLEA``."""
    session = request.state.db_session
    try:
        year = int(request.query_params.get("annee", ""))
    except ValueError:
        return _refusal(400, "Indiquez l'année : annee=AAAA (par exemple annee=2026).")
    code = request.query_params.get("certification", "")
    if not 2000 <= year <= dt.date.today().year:
        return _refusal(400, f"Année invalide : de 2000 à {dt.date.today().year}.")
    try:
        async with replica_reads(request) as reads:
            context = await report.annual_report_context(
                session,
                current_actor(),
                request.app.state.registry,
                code,
                year,
                today=dt.date.today(),
                reads=reads,
            )
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except InvalidFormError as refusal:
        return _refusal(400, " ".join(error.message for error in refusal.errors))
    await session.commit()
    content = await run_in_threadpool(report.render_annual_report, context)
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="rapport-annuel-{code}-{year}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


routes = [
    Route(PREFIX + "rapport-annuel.pdf", annual_report_pdf, methods=["GET"]),
    Route(PREFIX + "{dimension}.csv", statistics_csv, methods=["GET"]),
]
