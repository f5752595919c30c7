"""Statistics tables as CSV, and the annual report as a PDF.

``GET /exports/statistics/{dimension}.csv`` (or ``.xlsx``),
``/exports/statistics/suivi-certifies.csv`` and ``activite.csv`` (or ``.xlsx``): query
parameters ``du`` and ``au`` (ISO dates, the opening period), optionally
``certification``, ``region``, ``departement``, ``organisation``, ``reseau=1`` (a network
head's whole network).
``GET /exports/statistics/rapport-annuel.pdf?annee=…&certification=…``:
the annual report of one certification. Who may export what, the scope and the masking
are the statistics context's (``statistics/service.py``, ``statistics/report.py``); the
routes read the request, translate refusals to HTTP statuses and stream the lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from clea_platform.core.errors import AccessDeniedError, InvalidFormError, NotAuthenticatedError
from clea_platform.statistics import export, report, report_jobs, service
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


FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FOLLOW_UP_TABLE = "suivi-certifies"
ACTIVITY_TABLE = "activite"


def _filter(request: Request) -> StatisticsFilter | JSONResponse:
    since, until = _date(request, "du"), _date(request, "au")
    if since is None or until is None:
        return _refusal(400, "Indiquez la période : du=AAAA-MM-JJ et au=AAAA-MM-JJ.")
    params = request.query_params
    try:
        return StatisticsFilter(
            opened_from=since,
            opened_to=until,
            certification_code=params.get("certification") or None,
            region=params.get("region") or None,
            departement=params.get("departement") or None,
            organisation_id=service.organisation_filter(params.get("organisation") or None),
            whole_network=params.get("reseau") == "1",
        )
    except InvalidFormError as refusal:
        return _refusal(400, " ".join(error.message for error in refusal.errors))


def _download(table: export.Table, fmt: str, name: str, chosen: StatisticsFilter) -> Response:
    filename = f"statistiques-{name}-{chosen.opened_from}-{chosen.opened_to}.{fmt}"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    }
    if fmt == "csv":
        return StreamingResponse(export.csv_lines(table), media_type=FORMATS[fmt], headers=headers)
    path = export.write_xlsx(table)
    return StreamingResponse(export.file_chunks(path), media_type=FORMATS[fmt], headers=headers)


async def statistics_table(request: Request) -> Response:
    """``GET /exports/statistics/{table}.{csv|xlsx}``: a breakdown, the follow-up or the
    activity."""
    session = request.state.db_session
    name, fmt = request.path_params["table"], request.path_params["format"]
    known = ", ".join([*(d.value for d in Dimension), FOLLOW_UP_TABLE, ACTIVITY_TABLE])
    if fmt not in FORMATS:
        return _refusal(404, "Format inconnu : .csv ou .xlsx.")
    if name not in {FOLLOW_UP_TABLE, ACTIVITY_TABLE} and name not in {d.value for d in Dimension}:
        return _refusal(404, f"Tableau inconnu. Tableaux disponibles : {known}.")
    chosen = _filter(request)
    if isinstance(chosen, JSONResponse):
        return chosen
    actor, registry = current_actor(), request.app.state.registry
    try:
        async with replica_reads(request) as reads:
            if name == ACTIVITY_TABLE:
                table = export.activity_table(
                    await service.activity_for_export(session, actor, registry, chosen, reads=reads)
                )
            elif name == FOLLOW_UP_TABLE:
                table = export.follow_up_table(
                    await service.follow_up_for_export(
                        session, actor, registry, chosen, reads=reads
                    )
                )
            else:
                table = export.breakdown_table(
                    await service.breakdown_for_export(
                        session, actor, registry, chosen, Dimension(name), reads=reads
                    )
                )
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except InvalidFormError as refusal:
        return _refusal(400, " ".join(error.message for error in refusal.errors))
    await session.commit()
    if fmt == "xlsx":
        return await run_in_threadpool(_download, table, fmt, name, chosen)
    return _download(table, fmt, name, chosen)


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


async def report_job_pdf(request: Request) -> Response:
    """``GET /exports/statistics/rapports/{id}.pdf``: a report job's PDF, for its requester."""
    session = request.state.db_session
    try:
        job_id = uuid.UUID(request.path_params["job_id"])
    except ValueError:
        return _refusal(404, "Rapport introuvable.")
    try:
        job = await report_jobs.get(session, current_actor(), job_id)
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    if job is None:
        return _refusal(404, "Rapport introuvable.")
    if job.content is None:
        return _refusal(409, "Le rapport n'est pas encore prêt : attendez la fin de la génération.")
    return Response(
        job.content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": (
                f'inline; filename="rapport-annuel-{job.certification_code}-{job.year}.pdf"'
            ),
            "Cache-Control": "private, no-store",
        },
    )


routes = [
    Route(PREFIX + "rapports/{job_id}.pdf", report_job_pdf, methods=["GET"]),
    Route(PREFIX + "rapport-annuel.pdf", annual_report_pdf, methods=["GET"]),
    Route(PREFIX + "{table}.{format}", statistics_table, methods=["GET"]),
]
