"""Supporting documents of applications (upload, download) and Certif'Pro's CSV exports.

Uploads are a ``PUT`` of the raw PDF (``Content-Type: application/pdf``) with the
``X-Requested-With`` header, like GraphQL calls: no multipart parsing, one file per
requirement, checked by content. Who may upload, download and export is decided by the
accreditation context (``accreditations/documents.py``, ``accreditations/exports.py``);
the routes read the request and translate the refusals to HTTP statuses.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.accreditations import control_reads, documents, exports, statements
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.storage import MAX_DOCUMENT_BYTES, document_store
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.tenants.context import current_actor
from clea_platform.web.authentication import CSRF_HEADER

DOCUMENTS_PREFIX = "/accreditation-applications/"
CONTROL_PREFIX = "/control-procedures/"
# Room for the largest accepted PDF; the body limit middleware applies it to uploads.
UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _denied(refusal: NotAuthenticatedError | AccessDeniedError) -> JSONResponse:
    return _refusal(401 if isinstance(refusal, NotAuthenticatedError) else 403, refusal.message)


def _application_id(request: Request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.path_params["application_id"])
    except ValueError:
        return None


async def upload_document(request: Request) -> Response:
    # The CSRF defence comes first, as for /graphql: a cross-site form cannot send it.
    if not request.headers.get(CSRF_HEADER):
        return _refusal(403, "Requête refusée : en-tête X-Requested-With manquant.")
    session = request.state.db_session
    try:
        document = await documents.upload_document(
            session,
            current_actor(),
            document_store(request.app.state.settings),
            _application_id(request),
            request.path_params["requirement_key"],
            urllib.parse.unquote(request.headers.get("x-filename", "")),
            request.body,
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except AccreditationError as error:
        await session.rollback()
        if error.code == AccreditationErrorCode.NOT_FOUND:
            return _refusal(404, error.message)
        return JSONResponse(
            {"errors": [{"code": error.code.name, "field": error.field, "message": error.message}]},
            status_code=422,
        )
    await session.commit()
    return JSONResponse(
        {
            "requirementKey": document.requirement_key,
            "filename": document.filename,
            "size": document.size,
            "sha256": document.sha256,
        },
        status_code=201,
    )


async def download_document(request: Request) -> Response:
    session = request.state.db_session
    try:
        document = await documents.document_for_download(
            session,
            current_actor(),
            _application_id(request),
            request.path_params["requirement_key"],
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except AccreditationError as error:
        return _refusal(404, error.message)
    # Read in the request's transaction: the database store's row (CLEA_STORAGE=postgresql).
    content = await document_store(request.app.state.settings).get(session, document.sha256)
    await session.commit()
    quoted = urllib.parse.quote(document.filename)
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quoted}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _path_id(request: Request, name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.path_params[name])
    except ValueError:
        return None


def _problem(error: AccreditationError) -> JSONResponse:
    if error.code == AccreditationErrorCode.NOT_FOUND:
        return _refusal(404, error.message)
    return JSONResponse(
        {"errors": [{"code": error.code.name, "field": error.field, "message": error.message}]},
        status_code=422,
    )


async def upload_reply_document(request: Request) -> Response:
    """A PDF joined to the organisation's reply to a control procedure (raw body)."""
    if not request.headers.get(CSRF_HEADER):
        return _refusal(403, "Requête refusée : en-tête X-Requested-With manquant.")
    session = request.state.db_session
    try:
        document = await control_reads.upload_reply_document(
            session,
            current_actor(),
            document_store(request.app.state.settings),
            _path_id(request, "procedure_id"),
            urllib.parse.unquote(request.headers.get("x-filename", "")),
            request.body,
            dt.date.today(),
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except AccreditationError as error:
        await session.rollback()
        return _problem(error)
    await session.commit()
    return JSONResponse(
        {"id": str(document.id), "filename": document.filename, "size": document.size},
        status_code=201,
    )


async def download_reply_document(request: Request) -> Response:
    session = request.state.db_session
    try:
        document = await control_reads.reply_document_for_download(
            session,
            current_actor(),
            _path_id(request, "procedure_id"),
            _path_id(request, "document_id"),
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except AccreditationError as error:
        return _refusal(404, error.message)
    # Read in the request's transaction: the database store's row (CLEA_STORAGE=postgresql).
    content = await document_store(request.app.state.settings).get(session, document.sha256)
    await session.commit()
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": "inline; filename*=UTF-8''"
            + urllib.parse.quote(document.filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _csv(content: str, filename: str) -> Response:
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


async def registry_csv(request: Request) -> Response:
    session = request.state.db_session
    today = dt.date.today()
    try:
        content = await exports.registry_export(session, current_actor(), today)
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    await session.commit()
    return _csv(content, f"registre-habilitations-{today}.csv")


def _date(request: Request, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.query_params[name])
    except (KeyError, ValueError):
        return None


async def fees_csv(request: Request) -> Response:
    session = request.state.db_session
    since, until = _date(request, "du"), _date(request, "au")
    try:
        content = await exports.fees_export(
            session, current_actor(), request.app.state.registry, since=since, until=until
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except AccreditationError as error:
        return _refusal(400, error.message)
    await session.commit()
    return _csv(content, f"redevances-{since}-{until}.csv")


def _statement_query(request: Request) -> tuple[uuid.UUID, int, int] | None:
    try:
        return (
            uuid.UUID(request.query_params["organisation"]),
            int(request.query_params["annee"]),
            int(request.query_params["trimestre"]),
        )
    except (KeyError, ValueError):
        return None


async def statement_download(request: Request) -> Response:
    """``GET /exports/releve.csv|pdf?organisation=…&annee=2026&trimestre=4``."""
    session = request.state.db_session
    if request.path_params["format"] not in ("csv", "pdf"):
        return _refusal(404, "Format inconnu : releve.csv ou releve.pdf.")
    asked = _statement_query(request)
    if asked is None:
        return _refusal(400, "Indiquez l'organisme, l'année et le trimestre (1 à 4).")
    organisation_id, year, quarter = asked
    try:
        found = await statements.statement(
            session,
            current_actor(),
            request.app.state.registry,
            organisation_id,
            year=year,
            quarter=quarter,
        )
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _denied(refusal)
    except AccreditationError as error:
        status = 404 if error.code == AccreditationErrorCode.NOT_FOUND else 400
        return _refusal(status, error.message)
    await session.commit()
    name = f"releve-{year}-T{quarter}"
    if request.path_params["format"] == "pdf":
        return Response(
            statements.statement_pdf(found),
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.pdf"',
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )
    return _csv(statements.statement_csv(found), f"{name}.csv")


routes = [
    Route(
        DOCUMENTS_PREFIX + "{application_id}/documents/{requirement_key}",
        upload_document,
        methods=["PUT"],
    ),
    Route(
        DOCUMENTS_PREFIX + "{application_id}/documents/{requirement_key}",
        download_document,
        methods=["GET"],
    ),
    Route(CONTROL_PREFIX + "{procedure_id}/documents", upload_reply_document, methods=["PUT"]),
    Route(
        CONTROL_PREFIX + "{procedure_id}/documents/{document_id}",
        download_reply_document,
        methods=["GET"],
    ),
    Route("/exports/accreditations.csv", registry_csv, methods=["GET"]),
    Route("/exports/fees.csv", fees_csv, methods=["GET"]),
    Route("/exports/releve.{format:str}", statement_download, methods=["GET"]),
]
