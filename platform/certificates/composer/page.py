"""One certificate's page composed on its template's plan, written as a tagged PDF.

Object numbers are fixed: 1 catalog, 2 pages, 3 page, 4 content, 5 structure tree,
6 document element, 7 XMP metadata, 8 file specification, 9 the attached file, 10 unused
(free), 11–20 the two fonts (``typefaces.py``), then one structure element per block or
figure drawn, then the document information.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from clea_platform.certificates.composer.drawing import draw_lines, draw_qr, pdf_number
from clea_platform.certificates.composer.lines import layout, runs
from clea_platform.certificates.composer.markup import Node, parse, text_of
from clea_platform.certificates.composer.pdf_objects import (
    PRODUCER,
    Attachment,
    pdf_date,
    pdf_text,
    stream,
    write,
    xmp,
)
from clea_platform.certificates.composer.plan import Block, CannotComposeError, Figure, Plan
from clea_platform.certificates.composer.typefaces import Font, small_fonts

#: CSS pixels to PDF points.
PT = 0.75
#: The ``src`` the composer asks the template to print for the QR code (never fetched).
QR_SLOT = "clea:qr-code"
#: Structure elements: objects 21, 22, … in reading order; marked content IDs 0, 1, …
FIRST_ELEMENT = 21


def compose(plan: Plan, html: str, qr_url: str, attachment: Attachment) -> bytes | None:
    """The certificate's PDF from its HTML laid out as ``plan``; None when it would not fit."""
    available = small_fonts()
    nodes = parse(html)
    if tuple(node.tag for node in nodes) != plan.tags:
        return None
    index = {id(node): number for number, node in enumerate(nodes)}
    try:
        page = _draw_page(plan, nodes, index, qr_url, available)
    except CannotComposeError:
        return None
    return _pdf(plan, nodes, page, attachment, available)


def _same_height(block: Block, lines: int) -> bool:
    """Whether ``lines`` lines leave the block as tall as in the sample layout."""
    if lines == block.sample_lines:
        return True
    # Both within the room min-height keeps: the block is min-height tall either way.
    return block.sample_lines <= block.fixed_lines and lines <= block.fixed_lines


def _meta(nodes: list[Node], name: str) -> str:
    for node in nodes:
        if node.tag == "meta" and node.attrs.get("name") == name:
            return node.attrs.get("content", "")
    return ""


@dataclass
class _Page:
    """The page's content stream operators and its structure elements, in reading order."""

    content: list[str]
    elements: list[bytes] = field(default_factory=list)


def _decorations(plan: Plan) -> list[str]:
    """Borders and backgrounds, painted first, marked as artifacts (not content)."""
    if not plan.rects:
        return []
    ops = ["/Artifact BMC"]
    for rect in plan.rects:
        ops.append(
            " ".join(pdf_number(part) for part in rect.color)
            + f" rg {pdf_number(rect.left)} {pdf_number(rect.top)} {pdf_number(rect.width)} "
            f"{pdf_number(rect.height)} re f"
        )
    ops.append("EMC")
    return ops


def _draw_figure(page: _Page, figure: Figure, node: Node, qr_url: str, height_pt: float) -> None:
    if node.attrs.get("src") != QR_SLOT:
        raise CannotComposeError("image")
    mcid = len(page.elements)
    page.content.append(f"/Figure <</MCID {mcid}>> BDC")
    page.content.extend(draw_qr(figure, qr_url))
    page.content.append("EMC")
    bbox = (
        figure.left * PT,
        height_pt - (figure.top + figure.height) * PT,
        (figure.left + figure.width) * PT,
        height_pt - figure.top * PT,
    )
    page.elements.append(
        b"<< /Type /StructElem /S /Figure /P 6 0 R /Pg 3 0 R /K %d /Alt %s "
        b"/A << /O /Layout /BBox [%s] >> >>"
        % (
            mcid,
            pdf_text(node.attrs.get("alt", "")),
            " ".join(pdf_number(v) for v in bbox).encode(),
        )
    )


def _draw_block(
    page: _Page,
    plan: Plan,
    block: Block,
    node: Node,
    index: dict[int, int],
    available: dict[str, Font],
) -> None:
    text_runs = runs(node, index, dict(block.styles))
    lines = layout(block, text_runs, plan.floats, available) if text_runs else []
    if not _same_height(block, len(lines)):
        raise CannotComposeError("the text would move the page")
    if not lines:
        return
    mcid = len(page.elements)
    page.content.append(f"/{block.role} <</MCID {mcid}>> BDC")
    page.content.extend(draw_lines(block, lines, available))
    page.content.append("EMC")
    page.elements.append(
        b"<< /Type /StructElem /S /%s /P 6 0 R /Pg 3 0 R /K %d >>" % (block.role.encode(), mcid)
    )


def _draw_page(
    plan: Plan,
    nodes: list[Node],
    index: dict[int, int],
    qr_url: str,
    available: dict[str, Font],
) -> _Page:
    height_pt = plan.height * PT
    page = _Page([f"{PT} 0 0 -{PT} 0 {pdf_number(height_pt)} cm", *_decorations(plan)])
    for item in plan.items:
        node = nodes[item.element]
        if isinstance(item, Figure):
            _draw_figure(page, item, node, qr_url, height_pt)
        else:
            _draw_block(page, plan, item, node, index, available)
    return page


def _pdf(
    plan: Plan,
    nodes: list[Node],
    page: _Page,
    attachment: Attachment,
    available: dict[str, Font],
) -> bytes:
    references = b" ".join(b"%d 0 R" % (FIRST_ELEMENT + n) for n in range(len(page.elements)))
    info_number = FIRST_ELEMENT + len(page.elements)
    title = text_of(next((n for n in nodes if n.tag == "title"), Node("title", {})))
    author = _meta(nodes, "author")
    description = _meta(nodes, "description")
    language = nodes[0].attrs.get("lang", "fr") if nodes and nodes[0].tag == "html" else "fr"
    moment = attachment.moment
    content = "\n".join(page.content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang %s /MarkInfo << /Marked true >> "
        b"/StructTreeRoot 5 0 R /ViewerPreferences << /DisplayDocTitle true >> "
        b"/Metadata 7 0 R /Names << /EmbeddedFiles << /Names [%s 8 0 R] >> >> /AF [8 0 R] >>"
        % (pdf_text(language), pdf_text(attachment.name)),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents 4 0 R "
        b"/Resources << /Font << /Fn 11 0 R /Fb 16 0 R >> >> /StructParents 0 /Tabs /S >>"
        % (pdf_number(plan.width * PT).encode(), pdf_number(plan.height * PT).encode()),
        stream(content),
        b"<< /Type /StructTreeRoot /K 6 0 R /ParentTree << /Nums [0 [%s]] >> "
        b"/ParentTreeNextKey 1 >>" % references,
        b"<< /Type /StructElem /S /Document /P 5 0 R /K [%s] >>" % references,
        stream(
            xmp(title, author, description, moment),
            extra=b"/Type /Metadata /Subtype /XML",
            compress=False,
        ),
        b"<< /Type /Filespec /F %s /UF %s /Desc %s /AFRelationship /Source "
        b"/EF << /F 9 0 R /UF 9 0 R >> >>"
        % (
            pdf_text(attachment.name),
            pdf_text(attachment.name),
            pdf_text(attachment.description),
        ),
        stream(
            attachment.content,
            extra=b"/Type /EmbeddedFile /Subtype /%s /Params << /Size %d /CreationDate %s "
            b"/ModDate %s >>"
            % (
                attachment.media_type.replace("/", "#2F").encode(),
                len(attachment.content),
                pdf_date(moment),
                pdf_date(moment),
            ),
        ),
        b"null",
        *available["normal"].objects,
        *available["bold"].objects,
        *page.elements,
        b"<< /Title %s /Author %s /Subject %s /Producer %s /CreationDate %s /ModDate %s >>"
        % (
            pdf_text(title),
            pdf_text(author),
            pdf_text(description),
            pdf_text(PRODUCER),
            pdf_date(moment),
            pdf_date(moment),
        ),
    ]
    identifier = hashlib.md5(content + attachment.content, usedforsecurity=False).hexdigest()
    return write(objects, 1, info_number, identifier.encode())
