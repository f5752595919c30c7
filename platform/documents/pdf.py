"""Rendering documents: plugin Jinja2 templates (with core fallbacks) to tagged PDF.

A plugin's ``templates_dir`` is searched first, then the core's templates, so a
plugin can extend a core base template (``{% extends "base_document.html" %}``) and
only change its wording.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import weasyprint

from clea_platform.plugins.certification import Certification

CORE_TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=32)
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    loaders.append(jinja2.FileSystemLoader(CORE_TEMPLATES))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["date_fr"] = lambda value: value.strftime("%d/%m/%Y")
    return environment


def render_html(certification: Certification, template: str, context: dict[str, Any]) -> str:
    return _environment(certification.templates_dir).get_template(template).render(**context)


def template_source(certification: Certification, name: str) -> str:
    """A template file's text (the plugin's, else the core's), e.g. a stylesheet."""
    environment = _environment(certification.templates_dir)
    assert environment.loader is not None
    source, _filename, _uptodate = environment.loader.get_source(environment, name)
    return source


def html_to_pdf(html: str) -> bytes:
    """A4 PDF/UA-1 (tagged, with the document language) from self-contained HTML."""
    return weasyprint.HTML(string=html, base_url=str(CORE_TEMPLATES)).write_pdf(  # type: ignore[no-any-return]
        pdf_variant="pdf/ua-1"
    )


def render_pdf(certification: Certification, template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(certification, template, context))


def render_core_html(template: str, context: dict[str, Any]) -> str:
    """A core HTML page (e.g. the public verification page)."""
    return _environment(None).get_template(template).render(**context)


def render_core_pdf(template: str, context: dict[str, Any]) -> bytes:
    """A core document (no certification involved), e.g. a GDPR export."""
    return html_to_pdf(_environment(None).get_template(template).render(**context))
