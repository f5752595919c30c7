"""Supporting documents of applications (upload, download) and Certif'Pro's CSV exports.

Uploads are a ``PUT`` of the raw PDF (``Content-Type: application/pdf``) with the
``X-Requested-With`` header, like GraphQL calls: no multipart parsing, one file per
requirement, checked by content.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.accreditations import applications, exports
from clea_platform.accreditations.errors import AccreditationError
from clea_platform.accreditations.models import Application, ApplicationDocument
from clea_platform.accreditations.storage import MAX_DOCUMENT_BYTES, document_store
from clea_platform.audit import service as audit
from clea_platform.tenants.context import Actor, current_actor
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.web.authentication import CSRF_HEADER

DOCUMENTS_PREFIX = "/accreditation-applications/"
# Room for the largest accepted PDF; the body limit middleware applies it to uploads.
UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _may_apply(actor: Actor) -> bool:
    return (
        actor.user_id is not None
        and actor.organisation_id is not None
        and "org_admin" in actor.roles
        and (actor.organisation_active or actor.organisation_pending)
    )


async def upload_document(request: Request) -> Response:
    actor = current_actor()
    if not actor.is_authenticated:
        return _refusal(401, "Authentification requise : connectez-vous.")
    if not request.headers.get(CSRF_HEADER):
        return _refusal(403, "Requête refusée : en-tête X-Requested-With manquant.")
    if not _may_apply(actor):
        return _refusal(403, "Accès refusé : réservé aux administrateurs de l'organisme.")
    try:
        key = uuid.UUID(request.path_params["application_id"])
    except ValueError:
        return _refusal(404, "Candidature introuvable.")
    session = request.state.db_session
    application = await session.scalar(select(Application).where(Application.id == key))
    if application is None:
        return _refusal(404, "Candidature introuvable.")
    filename = urllib.parse.unquote(request.headers.get("x-filename", ""))
    content = await request.body()
    try:
        document = await applications.attach_document(
            session,
            actor,
            document_store(request.app.state.settings.data_dir),
            application,
            request.path_params["requirement_key"],
            filename,
            content,
        )
    except AccreditationError as error:
        await session.rollback()
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
    actor = current_actor()
    if not actor.is_authenticated:
        return _refusal(401, "Authentification requise : connectez-vous.")
    try:
        key = uuid.UUID(request.path_params["application_id"])
    except ValueError:
        return _refusal(404, "Document introuvable.")
    session = request.state.db_session
    query = select(ApplicationDocument).where(
        ApplicationDocument.application_id == key,
        ApplicationDocument.requirement_key == request.path_params["requirement_key"],
    )
    if actor.is_platform_admin:
        async with cross_tenant_reads(session, applications.REVIEW_SCOPE):
            document = await session.scalar(query)
    elif actor.organisation_id is not None and "org_admin" in actor.roles:
        document = await session.scalar(query)
    else:
        return _refusal(403, "Accès refusé.")
    if document is None:
        return _refusal(404, "Document introuvable.")
    audit.record(
        session,
        actor,
        "application.download_document",
        [document.application_id, document.id],
        organisation_id=document.organisation_id,
    )
    await session.commit()
    content = document_store(request.app.state.settings.data_dir).get(document.sha256)
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


def _csv(content: str, filename: str) -> Response:
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def _platform_admin_refusal(actor: Actor) -> Response | None:
    if not actor.is_authenticated:
        return _refusal(401, "Authentification requise : connectez-vous.")
    if not actor.is_platform_admin:
        return _refusal(403, "Accès réservé aux administrateurs Certif'Pro.")
    return None


async def registry_csv(request: Request) -> Response:
    actor = current_actor()
    if refusal := _platform_admin_refusal(actor):
        return refusal
    session = request.state.db_session
    today = dt.date.today()
    content = await exports.registry_csv(session, actor, today)
    await session.commit()
    return _csv(content, f"registre-habilitations-{today}.csv")


async def fees_csv(request: Request) -> Response:
    actor = current_actor()
    if refusal := _platform_admin_refusal(actor):
        return refusal
    try:
        since = dt.date.fromisoformat(request.query_params["du"])
        until = dt.date.fromisoformat(request.query_params["au"])
    except (KeyError, ValueError):
        return _refusal(400, "Indiquez la période : ?du=AAAA-MM-JJ&au=AAAA-MM-JJ.")
    if until < since:
        return _refusal(400, "La fin de la période doit suivre son début.")
    session = request.state.db_session
    lines = await exports.fee_lines(
        session, actor, request.app.state.registry, since=since, until=until
    )
    await session.commit()
    return _csv(exports.fees_csv(lines), f"redevances-{since}-{until}.csv")


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
    Route("/exports/accreditations.csv", registry_csv, methods=["GET"]),
    Route("/exports/fees.csv", fees_csv, methods=["GET"]),
]
