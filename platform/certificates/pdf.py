"""Certificate PDFs from the plugin's template: one A4 page, fonts embedded, token attached.

Three renderers produce the same page:

* :func:`render` (used everywhere) lays the template out with WeasyPrint **once** per
  (template, certification, référentiel version, signing key, base URL) and then
  composes each certificate's page from that layout (``composer.py``): Jinja2 still
  renders the certificate's HTML, the composer breaks its text into lines at the
  positions WeasyPrint chose, draws the QR code as vector modules and writes the tagged
  PDF itself, with fonts prepared once per process. When a certificate's text would not
  fit the sample layout (or the template uses what the composer does not draw), the page
  is rendered by :func:`render_weasyprint` instead.
* :func:`render_weasyprint` is WeasyPrint with what makes each render cheaper: one
  ``FontConfiguration`` for the process (its Fontconfig set-up and Pango font map, with
  the fonts' metrics and shaping caches, are otherwise rebuilt for every document); the
  stylesheet (``certificate.css``) parsed once; the QR code as a 1-bit PNG scaled without
  interpolation, with a fixed mask, instead of an SVG path of hundreds of segments; and
  small copies of its fonts (``fonts.py``), so that WeasyPrint no longer copies and
  subsets the whole 740 KB DejaVu Sans (and its bold) for every PDF. The template itself
  avoids what makes WeasyPrint lay text out several times (tables, justified text).
* :func:`render_naive` is what any WeasyPrint document of the platform does: a new font
  configuration per document and the QR code as SVG.

``tests/bench`` measures the three side by side.

WeasyPrint (Pango, Fontconfig) is not thread-safe: its renders are serialised by a lock
(composing needs no lock once the layout exists).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import segno
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from clea_platform.certificates import composer, fonts, signing
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.documents.pdf import CORE_TEMPLATES, render_html, template_source
from clea_platform.plugins.certification import Certification
from clea_platform.plugins.registry import CertificationRegistry

TEMPLATE = "certificate.html"
STYLESHEET = "certificate.css"
TOKEN_ATTACHMENT = "certificate.jws"
ATTACHMENT_DESCRIPTION = "Données du certificat signées (JWS compact, Ed25519)"

_lock = threading.Lock()
_font_config: FontConfiguration | None = None
_stylesheets: dict[Path | None, weasyprint.CSS] = {}
#: Layouts by what the static part of the page depends on (bounded: least recently used
#: first out). ``None`` records a template the composer cannot draw.
_plans: OrderedDict[tuple[Any, ...], composer.Plan | None] = OrderedDict()
_plans_lock = threading.Lock()
MAX_PLANS = 64
#: Per-certificate values of the sample certificate the layout is made from: short
#: values, so that the blocks holding them are no taller than the stylesheet's
#: ``min-height`` (a certificate's own values then keep the same layout).
SAMPLE_VALUES = {
    "holder_name": "Léa Martin",
    "decided_on": dt.date(2000, 1, 1),
    "jury_session_label": "Jury",
    "organisation_name": "Greta",
    "issued_on": dt.date(2000, 1, 1),
    "verification_code": "00000-00000",
}


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
        description=ATTACHMENT_DESCRIPTION,
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


def _fonts() -> FontConfiguration:
    """The process's font configuration (call with the lock held)."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def _document(registry: CertificationRegistry, certificate: Certificate) -> Any:
    """The laid-out document (call with the lock held)."""
    base_url = signing.signer_settings().base_url
    html = certificate_html(
        registry, certificate, qr=qr_png(verify_url(base_url, certificate)), base_url=base_url
    )
    certification = registry.get(certificate.certification_code)
    return weasyprint.HTML(string=html, base_url=str(CORE_TEMPLATES)).render(
        font_config=_fonts(),
        stylesheets=[_stylesheet(certification, _fonts())],
        **_options(certificate),
    )


def render_weasyprint(registry: CertificationRegistry, certificate: Certificate) -> bytes:
    """The certificate's PDF laid out and written by WeasyPrint (the composer's fallback)."""
    with _lock:
        pdf: bytes = _document(registry, certificate).write_pdf(**_options(certificate))
    return pdf


def _plan_key(certificate: Certificate, certification: Certification, base_url: str) -> Any:
    return (
        certification.templates_dir,
        certification.code,
        certification.certifier,
        certificate.certification_title,
        certificate.referentiel_version_label,
        certificate.kid,
        base_url,
        len(certificate.number),
    )


def _plan(
    registry: CertificationRegistry, certificate: Certificate, base_url: str
) -> composer.Plan | None:
    """The layout of ``certificate``'s template, made from a sample certificate once.

    The cache has a lock of its own: composing does not wait for a WeasyPrint render.
    """
    certification = registry.get(certificate.certification_code)
    key = _plan_key(certificate, certification, base_url)
    with _plans_lock:
        if key in _plans:
            _plans.move_to_end(key)
            return _plans[key]
    values = {**context(registry, certificate, base_url), **SAMPLE_VALUES}
    values["verify_url"] = f"{base_url}/verify/{SAMPLE_VALUES['verification_code']}"
    qr = qr_png(values["verify_url"])
    html = render_html(certification, TEMPLATE, {**values, "qr_code": qr})
    with _lock:
        document = weasyprint.HTML(string=html, base_url=str(CORE_TEMPLATES))
        try:
            plan: composer.Plan | None = composer.build_plan(
                document.render(
                    font_config=_fonts(), stylesheets=[_stylesheet(certification, _fonts())]
                ),
                document.etree_element,
                qr,
            )
        except composer.CannotComposeError:
            plan = None
    with _plans_lock:
        _plans[key] = plan
        if len(_plans) > MAX_PLANS:
            _plans.popitem(last=False)
    return plan


def render_composed(registry: CertificationRegistry, certificate: Certificate) -> bytes | None:
    """The certificate's PDF composed on the template's layout, or None (see composer.py)."""
    base_url = signing.signer_settings().base_url
    plan = _plan(registry, certificate, base_url)
    if plan is None:
        return None
    url = verify_url(base_url, certificate)
    html = certificate_html(registry, certificate, qr=composer.QR_SLOT, base_url=base_url)
    return composer.compose(
        plan,
        html,
        url,
        composer.Attachment(
            name=TOKEN_ATTACHMENT,
            content=certificate.token.encode(),
            description=ATTACHMENT_DESCRIPTION,
            media_type="application/jose",
            moment=certificate.issued_at,
        ),
    )


def render(registry: CertificationRegistry, certificate: Certificate) -> bytes:
    """The certificate's PDF (PDF/UA-1, the signed token attached as ``certificate.jws``)."""
    composed = render_composed(registry, certificate)
    return composed if composed is not None else render_weasyprint(registry, certificate)


def render_batch(registry: CertificationRegistry, certificates: list[Certificate]) -> bytes:
    """One PDF, one page per certificate in order (the paper copies to print)."""
    if not certificates:
        raise ValueError("render_batch needs at least one certificate")
    with _lock:
        documents = [_document(registry, c) for c in certificates]
        pages = [page for document in documents for page in document.pages]
        pdf: bytes = documents[0].copy(pages).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
