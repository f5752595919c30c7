"""A certification whose plugin brings no templates gets the core's certificate and partial
attestation (docs/plugins.md: "the core templates are used as they are")."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from clea_platform.certificates import pdf as certificate_pdf
from clea_platform.documents import attestations
from clea_platform.documents.models import PartialAttestation
from clea_platform.plugins.registry import CertificationRegistry, build_plugin_manager
from tests.certificates.seeding import sample_certificate

FOURTH_DIR = Path(__file__).parent / "fourth_certification"
PACKAGE = "clea_test_langues"
CODE = "CLEA_LANGUES_TEST"


@pytest.fixture
def template_less(monkeypatch: pytest.MonkeyPatch) -> Iterator[CertificationRegistry]:
    """The built-ins and the fourth certification's plugin, which has no templates folder."""
    monkeypatch.syspath_prepend(str(FOURTH_DIR))
    try:
        plugin = importlib.import_module(f"{PACKAGE}.plugin")
        yield CertificationRegistry(build_plugin_manager(extra_plugins=[plugin]))
    finally:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def pdf_text(content: bytes) -> tuple[pypdf.PdfReader, str]:
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def test_the_certificate_of_a_template_less_certification_is_the_cores(
    template_less: CertificationRegistry,
) -> None:
    assert template_less.get(CODE).templates_dir is None
    certificate = sample_certificate(template_less, CODE)

    # When its certificate is rendered
    content = certificate_pdf.render(template_less, certificate)

    # Then it is a real one-page A4 PDF, in French, with the signed token attached
    reader, text = pdf_text(content)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.attachments["certificate.jws"] == [certificate.token.encode()]
    assert "Certificat" in text
    assert "Léa Dupont-Moreau" in text
    assert "CléA langues (test)" in text
    assert "CLEA-LANGUES-TEST-2026-000123" in text
    assert "jury paritaire" in text


def test_the_partial_attestation_of_a_template_less_certification_is_the_cores(
    template_less: CertificationRegistry,
) -> None:
    certification = template_less.get(CODE)
    attestation = PartialAttestation(
        reference="ATT-2026-0123456789",
        snapshot={
            "certification_code": CODE,
            "certification_title": certification.title,
            "referentiel_version": "test-1",
            "provisional": True,
            "scoring": {},
            "item_level": "critère",
            "organisation_name": "Greta démo Paris Centre",
            "candidate_name": "Léa Durand",
            "birth_date": dt.date(1990, 5, 17).isoformat(),
            "evaluated_on": dt.date(2026, 3, 2).isoformat(),
            "issued_on": dt.date(2026, 3, 3).isoformat(),
            "acquired_domains": [{"code": "1", "title": "Comprendre à l'oral"}],
            "acquired_items": [{"code": "1.1", "title": "Comprendre une consigne simple"}],
        },
    )

    # When its partial attestation is rendered
    content = attestations.pdf(template_less, attestation)

    # Then it is a real one-page tagged PDF in French, with the certification's own window
    reader, text = pdf_text(content)
    assert len(reader.pages) == 1
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "Attestation des compétences acquises" in text
    assert "Léa Durand" in text
    assert "Comprendre une consigne simple" in text
    assert "ATT-2026-0123456789" in text
    assert "dans les 3 ans suivant l'évaluation préalable" in text
