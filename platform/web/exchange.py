"""Imports over HTTP: the upload (raw body), the template and the report (CSV).

The upload is a ``PUT /exchange/imports/<type>`` of the raw file (CSV or XLSX) with the
``X-Requested-With`` header (the CSRF defence of every call) and the file's name in
``X-Filename`` (URL-encoded): no multipart parsing. It answers the new import's ID and
status; the report, the progress and the confirmation are GraphQL (``importBatch``,
``confirmImport``). Who may import is decided by the exchange context; these routes read
the request and translate its refusals to HTTP statuses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.parse

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from clea_platform.core.errors import AccessDeniedError, InvalidFormError, NotAuthenticatedError
from clea_platform.db.base import utcnow
from clea_platform.exchange import certifier, open_data
from clea_platform.exchange import service as imports
from clea_platform.exchange.errors import ExchangeError, ExchangeErrorCode
from clea_platform.exchange.models import ImportKind
from clea_platform.exchange.reading import MAX_UPLOAD_BYTES
from clea_platform.identity import ratelimit
from clea_platform.identity.ratelimit import Limit
from clea_platform.jobs import imports as import_jobs
from clea_platform.statistics import open_data as open_statistics
from clea_platform.tenants.context import current_actor
from clea_platform.web.authentication import CSRF_HEADER
from clea_platform.web.csv_stream import spreadsheet_csv

IMPORTS_PREFIX = "/exchange/imports/"
# Room for the largest accepted file; the body limit middleware applies it to uploads.
IMPORT_BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024
#: The URL's French name of each kind of import.
KINDS = {"candidats": ImportKind.CANDIDATES, "certificateur": ImportKind.CERTIFIER}
TEMPLATE_NAMES = {
    ImportKind.CANDIDATES: "modele-import-candidats.csv",
    ImportKind.CERTIFIER: "modele-fichier-certificateur.csv",
}


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _denied(refusal: NotAuthenticatedError | AccessDeniedError) -> JSONResponse:
    return _refusal(401 if isinstance(refusal, NotAuthenticatedError) else 403, refusal.message)


def _csv(content: str, filename: str) -> Response:
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def upload(request: Request) -> Response:
    # The CSRF defence comes first, as for /graphql: a cross-site form cannot send it.
    if not request.headers.get(CSRF_HEADER):
        return _refusal(403, "Requête refusée : en-tête X-Requested-With manquant.")
    kind = KINDS.get(request.path_params["kind"])
    if kind is None:
        return _refusal(404, "Type d'import inconnu.")
    session = request.state.db_session
    try:
        # Refused before the body is read when the caller may not import.
        imports.check_may_import(current_actor())
        batch = await import_jobs.upload(
            session,
            request.app.state.sessions,
            request.app.state.registry,
            current_actor(),
            kind=kind,
            filename=urllib.parse.unquote(request.headers.get("x-filename", "")),
            content=await request.body(),
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except ExchangeError as error:
        await session.rollback()
        return JSONResponse(
            {"errors": [{"code": error.code.name, "field": error.field, "message": error.message}]},
            status_code=422,
        )
    await session.commit()
    return JSONResponse(
        {"id": str(batch.id), "status": batch.status.name, "inBackground": batch.in_background},
        status_code=201,
    )


async def report(request: Request) -> Response:
    session = request.state.db_session
    try:
        batch_id = imports.parse_batch_id(request.path_params["batch_id"])
        content = await imports.report_csv(session, current_actor(), batch_id)
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except ExchangeError as error:
        status = 404 if error.code == ExchangeErrorCode.NOT_FOUND else 400
        return _refusal(status, error.message)
    await session.commit()
    return _csv(content, "rapport-import.csv")


async def template(request: Request) -> Response:
    """The template is a public description of the format (no data)."""
    kind = KINDS.get(request.path_params["kind"])
    if kind is None:
        return _refusal(404, "Type d'import inconnu.")
    return _csv(imports.template_csv(kind), TEMPLATE_NAMES[kind])


async def certifier_export(request: Request) -> Response:
    """Every certified candidate in the certifier's format (Certif'Pro), streamed."""
    session = request.state.db_session
    actor = current_actor()
    try:
        certifier.check_may_export(actor)
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)

    return StreamingResponse(
        spreadsheet_csv(certifier.export_rows(session, actor, request.app.state.registry), session),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="clea-certifies-{dt.date.today()}.csv"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def directory_csv(request: Request) -> Response:
    """Open data: the public directory of accredited organisations (no sign-in)."""
    session = request.state.db_session
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    async for row in open_data.directory_rows(session, request.app.state.registry, dt.date.today()):
        writer.writerow(row)
    await session.commit()
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="annuaire-clea-{dt.date.today()}.csv"',
            "X-Content-Type-Options": "nosniff",
        },
    )


#: The national statistics' public tables (``statistics/open_data.py``).
STATISTICS_TABLES = ("parcours", "repartitions")
#: Each table reads the whole cohort of every year asked for (up to 10 years × 4
#: breakdowns × the certifications): anonymous downloads are limited per address,
#: counted in the shared counter (every node's), and cacheable for an hour.
STATISTICS_PER_CLIENT = Limit("open-statistics:client", 20, dt.timedelta(hours=1))


async def statistics_csv(request: Request) -> Response:
    """Open data: the national statistics, masked (no sign-in), streamed line by line.

    ``GET /exchange/statistiques/parcours.csv`` (the funnel) or ``repartitions.csv`` (the
    masked breakdowns), ``?du=AAAA&au=AAAA`` (years, default this year), ``certification``.
    """
    table = request.path_params["table"]
    if table not in STATISTICS_TABLES:
        return _refusal(404, "Tableau inconnu. Tableaux disponibles : parcours, repartitions.")
    registry, today = request.app.state.registry, dt.date.today()
    try:
        asked = open_statistics.parse_request(request.query_params, registry, today=today)
    except InvalidFormError as refusal:
        return _refusal(400, " ".join(error.message for error in refusal.errors))
    async with request.app.state.sessions.begin() as counting:
        allowed = await ratelimit.take(
            counting, STATISTICS_PER_CLIENT, current_actor().ip_address, utcnow()
        )
    if not allowed:
        wait = int(STATISTICS_PER_CLIENT.window.total_seconds())
        return JSONResponse(
            {"detail": "Trop de téléchargements depuis cette adresse : réessayez dans une heure."},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    session = request.state.db_session
    rows = (
        open_statistics.funnel_rows(session, asked)
        if table == "parcours"
        else open_statistics.breakdown_rows(session, registry, asked)
    )
    filename = f"statistiques-clea-{table}-{asked.first_year}-{asked.last_year}.csv"
    return StreamingResponse(
        spreadsheet_csv(rows, session),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "public, max-age=3600",
            "X-Content-Type-Options": "nosniff",
        },
    )


routes = [
    Route("/exchange/annuaire.csv", directory_csv, methods=["GET"]),
    Route("/exchange/statistiques/{table}.csv", statistics_csv, methods=["GET"]),
    Route("/exchange/certifies.csv", certifier_export, methods=["GET"]),
    Route(IMPORTS_PREFIX + "modeles/{kind}.csv", template, methods=["GET"]),
    Route(IMPORTS_PREFIX + "{batch_id}/rapport.csv", report, methods=["GET"]),
    Route(IMPORTS_PREFIX + "{kind}", upload, methods=["PUT"]),
]
