"""Downloading documents issued to candidates (same session and tenant rules as the API).

Each route calls one domain accessor (it checks the access rule, reads and audits),
commits, and renders the PDF (or hands out the candidate's Open Badge); refusals become
401, 403 and 404 here (410 for a revoked certificate's badge), nothing else.
"""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clea_platform.candidate_space import documents as candidate_documents
from clea_platform.candidate_space import rights as candidate_rights
from clea_platform.certificates import badge
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.documents import attestations
from clea_platform.documents.downloads import NOT_FOUND_MESSAGE, DocumentNotFoundError, PdfDocument
from clea_platform.pathway import gdpr
from clea_platform.tenants.context import current_actor

UNAUTHENTICATED_MESSAGE = "Authentification requise : connectez-vous."
FORBIDDEN_MESSAGE = "Accès refusé."


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


async def _pdf_response(request: Request, find: Awaitable[PdfDocument]) -> Response:
    try:
        document = await find
    except NotAuthenticatedError:
        return _refusal(401, UNAUTHENTICATED_MESSAGE)
    except AccessDeniedError:
        return _refusal(403, FORBIDDEN_MESSAGE)
    except DocumentNotFoundError:
        return _refusal(404, NOT_FOUND_MESSAGE)
    # The read's audit is saved before the (slow) rendering, outside the transaction.
    await request.state.db_session.commit()
    return Response(
        document.render(),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'{document.disposition}; filename="{document.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


async def partial_attestation_pdf(request: Request) -> Response:
    return await _pdf_response(
        request,
        attestations.download(
            request.state.db_session,
            current_actor(),
            request.app.state.registry,
            request.path_params["attestation_id"],
        ),
    )


async def candidate_export_pdf(request: Request) -> Response:
    """The GDPR export as a PDF (org admins), from the same data as ``candidateExport``."""
    return await _pdf_response(
        request,
        gdpr.export_document(
            request.state.db_session, current_actor(), request.path_params["candidate_id"]
        ),
    )


async def candidate_attestation_pdf(request: Request) -> Response:
    """A partial attestation, for the signed-in candidate it was issued to."""
    return await _pdf_response(
        request,
        candidate_documents.attestation(
            request.state.db_session,
            current_actor(),
            request.app.state.registry,
            request.path_params["attestation_id"],
        ),
    )


async def candidate_certificate_pdf(request: Request) -> Response:
    """A certificate, for the signed-in candidate who holds it."""
    return await _pdf_response(
        request,
        candidate_documents.certificate(
            request.state.db_session,
            current_actor(),
            request.app.state.registry,
            request.path_params["certificate_id"],
        ),
    )


async def candidate_certificate_badge(request: Request) -> Response:
    """A certificate's Open Badges 3.0 credential (a file for a wallet), for the signed-in
    candidate who holds it; a revoked certificate's is gone (410)."""
    try:
        found = await candidate_documents.certificate_badge(
            request.state.db_session,
            current_actor(),
            request.app.state.registry,
            request.path_params["certificate_id"],
        )
    except NotAuthenticatedError:
        return _refusal(401, UNAUTHENTICATED_MESSAGE)
    except AccessDeniedError:
        return _refusal(403, FORBIDDEN_MESSAGE)
    except DocumentNotFoundError:
        return _refusal(404, NOT_FOUND_MESSAGE)
    except candidate_documents.BadgeWithdrawnError as withdrawn:
        return _refusal(410, withdrawn.message)
    await request.state.db_session.commit()
    return Response(
        found.token,
        media_type=badge.MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


async def candidate_own_export_pdf(request: Request) -> Response:
    """The signed-in candidate's own data, as a PDF (beside the JSON of ``candidateDataExport``)."""
    return await _pdf_response(
        request, candidate_rights.export_document(request.state.db_session, current_actor())
    )


routes = [
    Route(
        "/documents/candidate-space/mes-donnees.pdf",
        candidate_own_export_pdf,
        methods=["GET"],
    ),
    Route(
        "/documents/candidate-space/attestations/{attestation_id}.pdf",
        candidate_attestation_pdf,
        methods=["GET"],
    ),
    Route(
        "/documents/candidate-space/certificates/{certificate_id}.pdf",
        candidate_certificate_pdf,
        methods=["GET"],
    ),
    Route(
        "/documents/candidate-space/certificates/{certificate_id}/badge.jwt",
        candidate_certificate_badge,
        methods=["GET"],
    ),
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
