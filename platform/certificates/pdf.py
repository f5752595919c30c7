"""Certificate PDFs from the plugin's template: one A4 page, fonts embedded, token attached.

Two renderers produce the same page:

* :func:`render_naive` is what any WeasyPrint document of the platform does: a new font
  configuration per document and the QR code as SVG;
* :func:`render` (used everywhere) keeps one ``FontConfiguration`` for the process —
  its Fontconfig set-up and Pango font map, with the fonts' metrics and shaping caches,
  are otherwise rebuilt for every document —; parses the stylesheet (``certificate.css``)
  once, so its selectors are not compiled again for every document; draws the QR code
  as a 1-bit PNG scaled without interpolation, with a fixed mask, instead of an SVG path
  of hundreds of segments that WeasyPrint parses and strokes slowly; and declares small
  copies of its fonts (``fonts.py``), so that WeasyPrint no longer copies and subsets the
  whole 740 KB DejaVu Sans (and its bold) for every PDF. The template itself
  avoids what makes WeasyPrint lay text out several times (tables, justified text).
  ``tests/bench`` measures both.

WeasyPrint (Pango, Fontconfig) is not thread-safe: renders are serialised by a lock.
"""

from __future__ import annotations

import base64
import io
import threading
from pathlib import Path
from typing import Any

import segno
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from clea_platform.certificates import fonts, signing
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.documents.pdf import CORE_TEMPLATES, render_html, template_source
from clea_platform.plugins.certification import Certification
from clea_platform.plugins.registry import CertificationRegistry

TEMPLATE = "certificate.html"
STYLESHEET = "certificate.css"
TOKEN_ATTACHMENT = "certificate.jws"

_lock = threading.Lock()
_font_config: FontConfiguration | None = None
_stylesheets: dict[Path | None, weasyprint.CSS] = {}


def verify_url(base_url: str, certificate: Certificate) -> str:
    return f"{base_url}/verify/{format_code(certificate.verification_code)}"


def qr_png(url: str) -> str:
    """The QR code of ``url`` as a data URI (1 pixel per module, quiet zone included).

    A fixed mask spares segno scoring the eight masks (readers accept any of them).
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=0).save(buffer, kind="png", scale=1, border=4)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=1, border=4)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def context(
    registry: CertificationRegistry, certificate: Certificate, base_url: str
) -> dict[str, Any]:
    certification = registry.get(certificate.certification_code)
    return {
        "certifier": certification.certifier,
        "certification_title": certificate.certification_title,
        "holder_name": certificate.holder_name,
        "referentiel_version": certificate.referentiel_version_label,
        "decided_on": certificate.decided_on,
        "jury_session_label": certificate.jury_session_label,
        "organisation_name": certificate.organisation_name,
        "issued_on": certificate.issued_at.date(),
        "number": certificate.number,
        "verification_code": format_code(certificate.verification_code),
        "verify_url": verify_url(base_url, certificate),
        "jwks_url": f"{base_url}/.well-known/jwks.json",
        "kid": certificate.kid,
    }


def certificate_html(
    registry: CertificationRegistry, certificate: Certificate, *, qr: str, base_url: str
) -> str:
    certification = registry.get(certificate.certification_code)
    return render_html(
        certification, TEMPLATE, {**context(registry, certificate, base_url), "qr_code": qr}
    )


def _attachment(certificate: Certificate) -> weasyprint.Attachment:
    return weasyprint.Attachment(
        string=certificate.token,
        name=TOKEN_ATTACHMENT,
        description="Données du certificat signées (JWS compact, Ed25519)",
        created=certificate.issued_at,
        modified=certificate.issued_at,
        relationship="Source",
    )


def _options(certificate: Certificate) -> dict[str, Any]:
    return {
        "pdf_variant": "pdf/ua-1",
        "attachments": [_attachment(certificate)],
        "custom_metadata": True,
    }


def _stylesheet_text(certification: Certification) -> str:
    return template_source(certification, STYLESHEET)


def render_naive(registry: CertificationRegistry, certificate: Certificate) -> bytes:
    """The straightforward render (kept for the benchmark's comparison)."""
    base_url = signing.signer_settings().base_url
    certification = registry.get(certificate.certification_code)
    html = certificate_html(
        registry, certificate, qr=qr_svg(verify_url(base_url, certificate)), base_url=base_url
    )
    style = f"<style>{_stylesheet_text(certification)}</style></head>"
    with _lock:
        document = weasyprint.HTML(
            string=html.replace("</head>", style, 1), base_url=str(CORE_TEMPLATES)
        )
        pdf: bytes = document.write_pdf(font_config=FontConfiguration(), **_options(certificate))
    return pdf


def _stylesheet(certification: Certification, font_config: FontConfiguration) -> weasyprint.CSS:
    css = _stylesheets.get(certification.templates_dir)
    if css is None:
        css = weasyprint.CSS(
            string=fonts.font_face_rules() + "\n" + _stylesheet_text(certification),
            base_url=str(CORE_TEMPLATES),
            font_config=font_config,
        )
        _stylesheets[certification.templates_dir] = css
    return css


def _document(registry: CertificationRegistry, certificate: Certificate) -> Any:
    """The laid-out document (call with the lock held)."""
    global _font_config
    base_url = signing.signer_settings().base_url
    html = certificate_html(
        registry, certificate, qr=qr_png(verify_url(base_url, certificate)), base_url=base_url
    )
    if _font_config is None:
        _font_config = FontConfiguration()
    certification = registry.get(certificate.certification_code)
    return weasyprint.HTML(string=html, base_url=str(CORE_TEMPLATES)).render(
        font_config=_font_config,
        stylesheets=[_stylesheet(certification, _font_config)],
        **_options(certificate),
    )


def render(registry: CertificationRegistry, certificate: Certificate) -> bytes:
    """The certificate's PDF (PDF/UA-1, the signed token attached as ``certificate.jws``)."""
    with _lock:
        pdf: bytes = _document(registry, certificate).write_pdf(**_options(certificate))
    return pdf


def render_batch(registry: CertificationRegistry, certificates: list[Certificate]) -> bytes:
    """One PDF, one page per certificate in order (the paper copies to print)."""
    if not certificates:
        raise ValueError("render_batch needs at least one certificate")
    with _lock:
        documents = [_document(registry, c) for c in certificates]
        pages = [page for document in documents for page in document.pages]
        pdf: bytes = documents[0].copy(pages).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
