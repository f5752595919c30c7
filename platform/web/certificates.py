"""Certificates over HTTP: public verification, the JWKS, PDF and badge downloads.

``GET /verify/{code}`` is public and rate-limited per address, counted in the database
so that every app node shares the budget (see ``certificates/ratelimit.py``): an HTML
page, or JSON with ``Accept: application/json``; an unknown or malformed code is a plain
404 "not found" (a malformed one is neither looked up nor counted). ``GET /.well-known/jwks.json``
publishes every signing key, ``GET /keys/{kid}`` one of them (the ``kid`` of Open Badges),
``GET /credentials/status/{number}`` a Bitstring Status List (revocation of Open Badges)
and ``GET /issuers/certifpro`` the badges' issuer profile: public, cached, open to any
origin. Downloads follow the rules of the other documents, decided
and audited by ``certificates/downloads.py``: the organisation's members get their own
certificates; Certif'Pro administrators get any; the paper queue's batch PDF is for
Certif'Pro. The routes translate its refusals to 401 / 403 / 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from clea_platform.certificates import badge, downloads, lookup, pdf, signing, status_list
from clea_platform.certificates.codes import format_code, normalise_code
from clea_platform.certificates.errors import CertificateError
from clea_platform.certificates.models import Certificate
from clea_platform.certificates.ratelimit import VERIFY_PER_CLIENT
from clea_platform.core.errors import AccessDeniedError, CleaError, NotAuthenticatedError
from clea_platform.db.base import utcnow
from clea_platform.documents.pdf import render_core_html
from clea_platform.identity import ratelimit
from clea_platform.tenants.context import current_actor

_VERIFY_HEADERS = {"Cache-Control": "no-store", "Vary": "Accept"}
_ANY_ORIGIN = {"Access-Control-Allow-Origin": "*"}
#: A key never changes once published (a new one gets a new kid).
_KEY_HEADERS = {"Cache-Control": "public, max-age=86400, immutable", **_ANY_ORIGIN}
_STATUS_HEADERS = {
    "Cache-Control": f"public, max-age={status_list.TTL_SECONDS}, must-revalidate",
    **_ANY_ORIGIN,
}


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _not_found() -> PlainTextResponse:
    return PlainTextResponse("not found", status_code=404)


def verification_data(
    certificate: Certificate | lookup.PublicCertificate, certifier: str
) -> dict[str, Any]:
    """What the public page tells about a certificate (JSON form)."""
    return {
        "status": "revoked" if certificate.revoked_at else "valid",
        "revokedAt": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revocationReason": certificate.revocation_reason or None,
        "holderName": certificate.holder_name,
        "certificationCode": certificate.certification_code,
        "certificationTitle": certificate.certification_title,
        "certifier": certifier,
        "referentielVersion": certificate.referentiel_version_label,
        "decidedOn": certificate.decided_on.isoformat(),
        "jurySession": certificate.jury_session_label,
        "number": certificate.number,
        "verificationCode": format_code(certificate.verification_code),
        "issuedAt": certificate.issued_at.isoformat(),  # aware (AwareDateTime)
        "token": certificate.token,
    }


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def verify(request: Request) -> Response:
    code = request.path_params["code"]
    if normalise_code(code) is None:
        # No certificate can have it: no lookup, nothing counted.
        return _not_found()
    # Counted in a transaction of its own, committed before the lookup: the shared
    # counter (every node's), whatever the lookup finds.
    async with request.app.state.sessions.begin() as counting:
        allowed = await ratelimit.take(
            counting, VERIFY_PER_CLIENT, current_actor().ip_address, utcnow()
        )
    if not allowed:
        wait = int(VERIFY_PER_CLIENT.window.total_seconds())
        return PlainTextResponse(
            "too many requests", status_code=429, headers={"Retry-After": str(wait)}
        )
    certificate = await lookup.verify_code(request.state.db_session, code)
    if certificate is None:
        return _not_found()
    certifier = request.app.state.registry.get(certificate.certification_code).certifier
    data = verification_data(certificate, certifier)
    if _wants_json(request):
        return JSONResponse(data, headers=_VERIFY_HEADERS)
    html = _verify_page(
        {
            **data,
            "revoked": certificate.revoked_at is not None,
            "revoked_on": certificate.revoked_at.date() if certificate.revoked_at else None,
            "revocation_reason": certificate.revocation_reason,
            "holder_name": certificate.holder_name,
            "certification_title": certificate.certification_title,
            "referentiel_version": certificate.referentiel_version_label,
            "decided_on": certificate.decided_on,
            "jury_session_label": certificate.jury_session_label,
            "number": certificate.number,
            "verification_code": data["verificationCode"],
            "certifier": certifier,
        }
    )
    return HTMLResponse(html, headers=_VERIFY_HEADERS)


def _verify_page(context: dict[str, Any]) -> str:
    return render_core_html("verify.html", context)


async def jwks(request: Request) -> Response:
    session = request.state.db_session
    keys = await signing.jwks(session)
    return JSONResponse(
        keys,
        media_type="application/jwk-set+json",
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


async def public_key(request: Request) -> Response:
    """One public key, as the JWK an Open Badge's ``kid`` names."""
    jwk = await signing.public_jwk(request.state.db_session, request.path_params["kid"])
    if jwk is None:
        return _not_found()
    return JSONResponse(jwk, media_type="application/jwk+json", headers=_KEY_HEADERS)


async def status_list_credential(request: Request) -> Response:
    """A Bitstring Status List credential (VC-JWT), as last published; ETag revalidation."""
    row = await status_list.published(request.state.db_session, request.path_params["number"])
    if row is None or not row.credential:
        return _not_found()
    etag = status_list.etag(row)
    headers = {**_STATUS_HEADERS, "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(row.credential, media_type=status_list.MEDIA_TYPE, headers=headers)


async def issuer(request: Request) -> Response:
    """The Open Badges' issuer ``Profile`` (its ``id`` is this URL)."""
    # Every installed certification names its certifier; the badges' issuer is Certif'Pro.
    certifiers = sorted({certification.certifier for certification in request.app.state.registry})
    name = certifiers[0] if len(certifiers) == 1 else "Certif'Pro"
    profile = {
        "@context": badge.CONTEXTS,
        **badge.issuer_profile(name, signing.signer_settings().base_url),
    }
    return JSONResponse(profile, headers={"Cache-Control": "public, max-age=3600", **_ANY_ORIGIN})


def _key(request: Request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.path_params["certificate_id"])
    except ValueError:
        return None


def _refused(refusal: CleaError) -> JSONResponse:
    """The HTTP answer to a refusal decided by the certificate context."""
    if isinstance(refusal, NotAuthenticatedError):
        return _refusal(401, refusal.message)
    if isinstance(refusal, AccessDeniedError):
        return _refusal(403, refusal.message)
    return _refusal(404, refusal.message)


async def certificate_pdf(request: Request) -> Response:
    session = request.state.db_session
    try:
        certificate = await downloads.certificate_for_download(
            session, current_actor(), _key(request)
        )
    except (NotAuthenticatedError, AccessDeniedError, CertificateError) as refusal:
        return _refused(refusal)
    await session.commit()
    content = await run_in_threadpool(pdf.render, request.app.state.registry, certificate)
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{certificate.number}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


async def certificate_badge(request: Request) -> Response:
    session = request.state.db_session
    try:
        certificate, token = await downloads.badge_for_download(
            session, current_actor(), request.app.state.registry, _key(request)
        )
    except (NotAuthenticatedError, AccessDeniedError, CertificateError) as refusal:
        return _refused(refusal)
    await session.commit()
    return Response(
        token,
        media_type=badge.MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{certificate.number}.jwt"',
            "Cache-Control": "private, no-store",
        },
    )


async def paper_batch_pdf(request: Request) -> Response:
    """The paper queue as one PDF to print (Certif'Pro), oldest request first."""
    session = request.state.db_session
    try:
        queue = await downloads.paper_batch(session, current_actor())
    except (NotAuthenticatedError, AccessDeniedError) as refusal:
        return _refused(refusal)
    await session.commit()
    if not queue:
        return _refusal(404, "Aucune copie papier en attente.")
    content = await run_in_threadpool(pdf.render_batch, request.app.state.registry, queue)
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="copies-papier.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


routes = [
    Route("/verify/{code}", verify, methods=["GET"]),
    Route("/.well-known/jwks.json", jwks, methods=["GET"]),
    Route("/keys/{kid}", public_key, methods=["GET"]),
    Route("/credentials/status/{number:int}", status_list_credential, methods=["GET"]),
    Route("/issuers/certifpro", issuer, methods=["GET"]),
    Route("/documents/certificates/paper-queue.pdf", paper_batch_pdf, methods=["GET"]),
    Route("/documents/certificates/{certificate_id}.pdf", certificate_pdf, methods=["GET"]),
    Route("/documents/certificates/{certificate_id}/badge.jwt", certificate_badge, methods=["GET"]),
]
