"""The certificate's PDF: the page composed on the template's layout says what WeasyPrint says.

``pdf.render`` lays each template out once with WeasyPrint and composes every certificate
on that layout (``certificates/composer.py``); what the layout cannot hold goes back to
WeasyPrint. Either way: one A4 page, fonts embedded, at most 100 KB, tagged, the signed
token attached.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pypdf
import pytest
import segno
import weasyprint

from clea_platform.certificates import composer, pdf, signing
from clea_platform.plugins.registry import CertificationRegistry
from tests.certificates.seeding import sample_certificate

CODES = ("CLEA", "CLEA_NUMERIQUE", "CLEA_MANAGEMENT")


def words(content: bytes) -> str:
    """The page's text, white space normalised."""
    return " ".join(pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text().split())


def check_certificate_pdf(content: bytes, token: str) -> pypdf.PdfReader:
    """One A4 page, at most 100 KB, every font embedded, the token attached."""
    assert len(content) <= 100 * 1024
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()
    assert reader.attachments["certificate.jws"] == [token.encode()]
    return reader


@pytest.mark.parametrize("code", CODES)
def test_the_composed_page_says_what_weasyprint_says(
    registry: CertificationRegistry, code: str
) -> None:
    certificate = sample_certificate(registry, code)

    # When the certificate is composed on its template's layout
    composed = pdf.render_composed(registry, certificate)

    # Then it is the page WeasyPrint would write, word for word
    assert composed is not None
    assert pdf.render(registry, certificate) == composed  # render() uses it
    reader = check_certificate_pdf(composed, certificate.token)
    assert words(composed) == words(pdf.render_weasyprint(registry, certificate))
    text = words(composed)
    for printed in (
        certificate.holder_name,
        certificate.number,
        "7K3M9-QRTVW",
        "12/03/2026",
        certificate.jury_session_label,
        "version 2024-provisoire",
        "le président",
    ):
        assert printed in text
    assert reader.metadata is not None
    assert reader.metadata.title == (
        f"{certificate.certification_title} — {certificate.holder_name} — {certificate.number}"
    )


def test_the_composed_page_is_tagged_for_screen_readers(registry: CertificationRegistry) -> None:
    content = pdf.render(registry, sample_certificate(registry))
    reader = pypdf.PdfReader(io.BytesIO(content))
    root: Any = reader.trailer["/Root"]

    # PDF/UA-1: marked, in French, its title shown, a structure tree in reading order
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "fr"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    document = root["/StructTreeRoot"]["/K"].get_object()
    assert document["/S"] == "/Document"
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    assert kinds[:2] == ["/P", "/H1"]
    assert kinds.count("/Figure") == 1
    (figure,) = (kid.get_object() for kid in document["/K"] if kid.get_object()["/S"] == "/Figure")
    assert figure["/Alt"] == "QR code menant à la page de vérification"
    assert reader.pages[0]["/StructParents"] == 0
    metadata = reader.xmp_metadata
    assert metadata is not None
    assert b'pdfuaid:part="1"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_a_long_name_takes_the_second_line_the_page_keeps_for_it(
    registry: CertificationRegistry,
) -> None:
    certificate = sample_certificate(
        registry,
        holder_name="Marie-Christine Évelyne Dupont-Moreau de la Tour d'Auvergne",
        jury_session_label="Jury interprofessionnel Auvergne-Rhône-Alpes",
    )
    composed = pdf.render_composed(registry, certificate)
    assert composed is not None
    # The name on two lines (the stylesheet keeps two for it), broken where WeasyPrint does
    lines = pypdf.PdfReader(io.BytesIO(composed)).pages[0].extract_text().splitlines()
    assert "Marie-Christine Évelyne Dupont-" in lines
    check_certificate_pdf(composed, certificate.token)
    assert words(composed) == words(pdf.render_weasyprint(registry, certificate))


@pytest.mark.parametrize(
    "changes",
    [
        # A letter outside the small fonts: WeasyPrint finds it in the system's fonts
        {"holder_name": "Nguyễn Thị Minh Khai"},
        # A name longer than the two lines kept for it
        {"holder_name": " ".join(["Marie-Christine Évelyne Dupont-Moreau"] * 3)},
        # A session label that needs a second line in the list of facts
        {"jury_session_label": "Jury paritaire interprofessionnel, région Auvergne-Rhône-Alpes"},
    ],
    ids=["letter-outside-the-fonts", "name-on-three-lines", "long-session-label"],
)
def test_what_the_layout_cannot_hold_is_written_by_weasyprint(
    registry: CertificationRegistry, changes: dict[str, str]
) -> None:
    certificate = sample_certificate(registry, **changes)
    assert pdf.render_composed(registry, certificate) is None
    content = pdf.render(registry, certificate)
    check_certificate_pdf(content, certificate.token)
    assert certificate.holder_name.split()[0] in words(content)


@pytest.mark.parametrize(
    "body",
    [
        "<table><tr><td>Nom</td><td>Léa</td></tr></table>",
        "<p style='text-align: justify'>Texte justifié</p>",
        "<p><img src='logo.png' alt='logo'> Texte</p>",
        "<p style='border: 1pt dashed black'>Bordure</p>",
    ],
    ids=["table", "justified", "inline-image", "dashed-border"],
)
def test_a_template_the_composer_cannot_draw_is_left_to_weasyprint(body: str) -> None:
    html = weasyprint.HTML(string=f"<html lang='fr'><body>{body}</body></html>")
    with pytest.raises(composer.CannotComposeError):
        composer.build_plan(html.render(), html.etree_element, qr_source="qr.png")


def test_html_that_differs_from_the_layout_is_not_composed(
    registry: CertificationRegistry,
) -> None:
    certificate = sample_certificate(registry)
    plan = pdf._plan(registry, certificate, "http://testserver")
    assert plan is not None
    attachment = composer.Attachment("certificate.jws", b"token", "jeton", "text/plain", None)
    html = "<html lang='fr'><body><p>Autre page</p></body></html>"
    assert composer.compose(plan, html, "http://testserver/verify/X", attachment) is None


def test_the_layout_is_made_once_and_composing_needs_no_weasyprint(
    registry: CertificationRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = sample_certificate(registry)
    expected = pdf.render(registry, first)  # lays the template out (or finds it laid out)

    def no_weasyprint(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("WeasyPrint called for a template already laid out")

    monkeypatch.setattr(pdf.weasyprint, "HTML", no_weasyprint)
    # Another certificate of the same template and référentiel version: composed alone
    other = sample_certificate(registry, holder_name="Hugo Martin", verification_code="ABCDE12345")
    content = pdf.render(registry, other)
    assert "Hugo Martin" in words(content)
    assert "ABCDE-12345" in words(content)
    # Deterministic: the same certificate gives the same bytes
    assert pdf.render(registry, first) == expected


def test_certificates_composed_in_parallel_are_the_same_pages(
    registry: CertificationRegistry,
) -> None:
    certificates = [
        sample_certificate(registry, code, holder_name=f"Léa Martin {index}")
        for index, code in enumerate(CODES * 4)
    ]
    alone = [pdf.render(registry, certificate) for certificate in certificates]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda c: pdf.render(registry, c), certificates))
    assert together == alone


def test_the_qr_code_drawn_is_the_verification_url(registry: CertificationRegistry) -> None:
    certificate = sample_certificate(registry)
    content = pdf.render(registry, certificate)
    reader = pypdf.PdfReader(io.BytesIO(content))
    stream = reader.pages[0].get_contents()
    assert stream is not None
    drawing = stream.get_data().decode("latin-1")
    figure = drawing.split("/Figure <</MCID ", 1)[1].split("EMC", 1)[0]
    rects = [
        tuple(float(value) for value in line.split()[:4])
        for line in figure.splitlines()
        if line.endswith(" re")
    ]
    # Back from rectangles (CSS pixels) to modules, quiet zone of 4 included
    url = pdf.verify_url(signing.signer_settings().base_url, certificate)
    assert url.endswith("/verify/7K3M9-QRTVW")
    expected = segno.make(url, error="m", mask=0)
    size = len(expected.matrix)
    left = min(x for x, _, _, _ in rects)
    top = min(y for _, y, _, _ in rects)
    module = rects[0][3]
    dark = set()
    for x, y, width, _height in rects:
        row = round((y - top) / module)
        first = round((x - left) / module)
        dark.update((row, column) for column in range(first, first + round(width / module)))
    wanted = {(r, c) for r in range(size) for c in range(size) if expected.matrix[r][c] & 1}
    assert dark == wanted
