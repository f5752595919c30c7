"""Downloading documents issued to candidates (same session and tenant rules as the API)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.audit import service as audit
from clea_platform.candidates import service as candidates
from clea_platform.candidates.validation import CandidateError
from clea_platform.documents import attestations
from clea_platform.documents.models import PartialAttestation
from clea_platform.documents.pdf import render_core_pdf
from clea_platform.tenants.context import current_actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ANY_MEMBER


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


async def partial_attestation_pdf(request: Request) -> Response:
    actor = current_actor()
    if not actor.is_authenticated:
        return _refusal(401, "Authentification requise : connectez-vous.")
    if actor.organisation_id is None or not actor.roles & ANY_MEMBER.roles:
        return _refusal(403, "Accès refusé.")
    try:
        key = uuid.UUID(request.path_params["attestation_id"])
    except ValueError:
        return _refusal(404, "Document introuvable.")
    session = request.state.db_session
    attestation = await session.scalar(
        select(PartialAttestation).where(PartialAttestation.id == key)
    )
    if attestation is None:
        return _refusal(404, "Document introuvable.")
    audit.record(session, actor, "partial_attestation.download", [attestation.id])
    await session.commit()
    pdf = attestations.pdf(request.app.state.registry, attestation)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{attestation.reference}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


async def candidate_export_pdf(request: Request) -> Response:
    """The GDPR export as a PDF (org admins), from the same data as ``candidateExport``."""
    actor = current_actor()
    if not actor.is_authenticated:
        return _refusal(401, "Authentification requise : connectez-vous.")
    if actor.organisation_id is None or "org_admin" not in actor.roles:
        return _refusal(403, "Accès refusé.")
    try:
        key = uuid.UUID(request.path_params["candidate_id"])
    except ValueError:
        return _refusal(404, "Document introuvable.")
    session = request.state.db_session
    try:
        data = await candidates.full_export(session, actor, key)
    except CandidateError:
        return _refusal(404, "Document introuvable.")
    organisation = await session.get(Organisation, actor.organisation_id)
    await session.commit()
    pdf = render_core_pdf(
        "candidate_export.html",
        {
            **data,
            "organisation_name": organisation.name if organisation else "",
            "exported_on": dt.date.today(),
        },
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="export-{key}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


routes = [
    Route(
        "/documents/candidates/{candidate_id}/export.pdf",
        candidate_export_pdf,
        methods=["GET"],
    ),
    Route(
        "/documents/attestations/{attestation_id}.pdf",
        partial_attestation_pdf,
        methods=["GET"],
    ),
]
