"""Certificate pages laid out once per template by WeasyPrint, then composed per certificate.

WeasyPrint spends 45–60 ms of CPU on a certificate even with its fonts prepared
(``pdf.render_weasyprint``): parsing, the CSS cascade, Pango line breaking, drawing and PDF writing
are all redone for every page, although the page hardly changes from one certificate
to the next. Here WeasyPrint lays out the plugin's template **once** per
(template, certification, référentiel version, signing key, base URL) with sample values
(:func:`build_plan`): the resulting *plan* keeps, in reading order, the geometry of
every block of text (box, line height and baseline, alignment, the text style of each
element), the QR code's box, the left floats, and the borders and backgrounds to paint.

For a certificate (:func:`compose`), the template is still rendered by Jinja2 with the
certificate's values and its HTML parsed (the text always comes from the template, so
the plugin's wording and filters apply); each block's text is broken into lines with
the small fonts' advance widths (``fonts.py``: no kerning or ligatures, so they are the
very widths Pango uses) and drawn at the plan's positions; the QR code is drawn as
vector modules; and the PDF is written directly: tagged (PDF/UA-1: a structure tree
with the blocks as ``H1``/``P`` and the QR code as a ``Figure`` with its text
alternative, borders as artifacts, the document's language and title), fonts embedded
(the small fonts, compressed once per process), the signed token attached.

The composition keeps WeasyPrint's layout only while it would not move: when a block
would need more lines than the sample gave it (a very long name, say, beyond the room
the stylesheet reserves with ``min-height``), when a character lies outside the small
fonts, or when the template uses something the composer does not draw (tables, inline
images, transforms, non-solid borders…), :func:`compose` returns ``None`` and the
caller renders the page with WeasyPrint.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from fontTools.ttLib import TTFont
from weasyprint.formatting_structure import boxes

from clea_platform.certificates import fonts

#: CSS pixels to PDF points.
PT = 0.75
#: The ``src`` the composer asks the template to print for the QR code (never fetched).
QR_SLOT = "clea:qr-code"
PRODUCER = "clea-platform (mise en page WeasyPrint, composition directe)"

_ROLES = {"h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H5", "h6": "H6"}
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_SPACES = re.compile(r"[ \t\n\r\f]+")


class CannotComposeError(Exception):
    """The template uses something the composer does not draw: WeasyPrint renders it."""


# --- Fonts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Font:
    """One small font: glyphs and advances by character, and its PDF objects' bytes."""

    weight: str
    glyphs: dict[str, str]  # character → glyph ID as 4 hex digits
    advances: dict[str, float]  # character → advance in em
    objects: tuple[bytes, ...]  # Type0 font, CIDFont, descriptor, FontFile2, ToUnicode


_font_lock = threading.Lock()
_fonts: dict[str, Font] | None = None
#: Object numbers of the fonts' five objects, by weight (fixed: see ``_objects``).
_FONT_OBJECTS = {"normal": 11, "bold": 16}


def _font(weight: str, path: Path, first: int) -> Font:
    font = TTFont(path)
    units = font["head"].unitsPerEm
    order = font.getGlyphOrder()
    gid = {name: index for index, name in enumerate(order)}
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap()
    glyphs: dict[str, str] = {}
    advances: dict[str, float] = {}
    unicode_of: dict[int, int] = {}
    for codepoint, name in sorted(cmap.items()):
        character = chr(codepoint)
        glyphs[character] = f"{gid[name]:04x}"
        advances[character] = metrics[name][0] / units
        unicode_of.setdefault(gid[name], codepoint)
    name = font["name"].getDebugName(6) or "DejaVuSans"
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(path.read_bytes()).digest()[:6])
    base_font = f"/{tag}+{name}"
    head, hhea = font["head"], font["hhea"]
    scale = 1000 / units
    widths = " ".join(str(round(metrics[glyph][0] * scale)) for glyph in order)
    # The embedded copy needs no layout tables: text is drawn by glyph ID, unshaped.
    for table in ("GDEF", "GPOS", "GSUB", "MATH"):
        if table in font:
            del font[table]
    buffer = io.BytesIO()
    font.save(buffer)
    program = buffer.getvalue()
    ranges = "\n".join(
        f"<{glyph:04x}> <{_utf16(chr(codepoint))}>" for glyph, codepoint in unicode_of.items()
    )
    cmap_text = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
        + "".join(
            f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
            for chunk in _chunks(ranges.split("\n"), 100)
        )
        + "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    cap_height = getattr(font["OS/2"], "sCapHeight", 0) or hhea.ascent
    objects = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
        % (base_font.encode(), first + 1, first + 4),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo << /Registry "
        b"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R "
        b"/CIDToGIDMap /Identity /W [0 [%s]] >>" % (base_font.encode(), first + 2, widths.encode()),
        b"<< /Type /FontDescriptor /FontName %s /Flags 32 /FontBBox [%d %d %d %d] "
        b"/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
        % (
            base_font.encode(),
            round(head.xMin * scale),
            round(head.yMin * scale),
            round(head.xMax * scale),
            round(head.yMax * scale),
            round(hhea.ascent * scale),
            round(hhea.descent * scale),
            round(cap_height * scale),
            first + 3,
        ),
        _stream(program, extra=b"/Length1 %d" % len(program)),
        _stream(cmap_text),
    )
    return Font(weight, glyphs, advances, objects)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex()


def small_fonts() -> dict[str, Font]:
    """The composer's fonts (both weights), or an empty dict without DejaVu Sans."""
    global _fonts
    with _font_lock:
        if _fonts is None:
            files = fonts.faces()
            _fonts = (
                {
                    weight: _font(weight, path, _FONT_OBJECTS[weight])
                    for weight, path in files.items()
                }
                if set(files) == set(_FONT_OBJECTS)
                else {}
            )
        return _fonts


# --- The plan ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextStyle:
    weight: str
    size: float  # px
    color: tuple[float, float, float]
    letter_spacing: float  # px


@dataclass(frozen=True, slots=True)
class Block:
    """A block of text: where its lines go, and the style of each element in it."""

    element: int  # index of its element in document order
    role: str
    left: float
    width: float
    top: float
    pitch: float  # line height
    baseline: float  # from a line's top
    align: str  # left | center | right
    sample_lines: int
    fixed_lines: int  # lines that fit in its min-height (the height does not change)
    styles: tuple[tuple[int, TextStyle], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    element: int
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Rect:
    left: float
    top: float
    width: float
    height: float
    color: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Plan:
    width: float
    height: float
    tags: tuple[str, ...]
    items: tuple[Block | Figure, ...]
    rects: tuple[Rect, ...]
    floats: tuple[tuple[float, float, float], ...]  # left floats: top, bottom, right edge


def _color(value: Any) -> tuple[float, float, float, float]:
    red, green, blue = value.to("srgb").coordinates
    return float(red), float(green), float(blue), float(value.alpha)


def _check_style(style: Any) -> None:
    if (
        style["transform"]
        or style["opacity"] != 1
        or style["visibility"] != "visible"
        or style["position"] != "static"
        or style["text_transform"] != "none"
        or style["text_decoration_line"] != "none"
        or style["direction"] != "ltr"
        or style["background_image"] != (("none", None),)
        or any(part.value for c in _CORNERS for part in style[f"border_{c}_radius"])
    ):
        raise CannotComposeError(f"style of <{style.get('display')}>")


_CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")
_INLINE = ("margin", "padding")
_SIDES = ("left", "right")
_ALL_SIDES = ("top", "right", "bottom", "left")


def _text_style(style: Any, available: dict[str, Font]) -> TextStyle:
    if style["font_family"][0] != fonts.FAMILY or style["font_style"] != "normal":
        raise CannotComposeError("font")
    weight = "bold" if style["font_weight"] >= 600 else "normal"
    if weight not in available:
        raise CannotComposeError("font weight")
    red, green, blue, alpha = _color(style["color"])
    if alpha != 1 or style["word_spacing"] != 0 or style["text_indent"].value != 0:
        raise CannotComposeError("text style")
    spacing = style["letter_spacing"]
    letter_spacing = 0.0 if spacing == "normal" else float(spacing)
    return TextStyle(weight, float(style["font_size"]), (red, green, blue), letter_spacing)


def _decorations(box: Any, rects: list[Rect]) -> None:
    style = box.style
    _check_style(style)
    red, green, blue, alpha = _color(style["background_color"])
    x, y = box.border_box_x(), box.border_box_y()
    width, height = box.border_width(), box.border_height()
    if alpha:
        if alpha != 1:
            raise CannotComposeError("translucent background")
        rects.append(Rect(x, y, width, height, (red, green, blue)))
    for side in ("top", "right", "bottom", "left"):
        size = getattr(box, f"border_{side}_width")
        if not size:
            continue
        if style[f"border_{side}_style"] != "solid":
            raise CannotComposeError("border style")
        red, green, blue, alpha = _color(style[f"border_{side}_color"])
        if alpha != 1:
            raise CannotComposeError("translucent border")
        color = (red, green, blue)
        if side == "top":
            rects.append(Rect(x, y, width, size, color))
        elif side == "bottom":
            rects.append(Rect(x, y + height - size, width, size, color))
        elif side == "left":
            rects.append(Rect(x, y, size, height, color))
        else:
            rects.append(Rect(x + width - size, y, size, height, color))


class _PlanBuilder:
    def __init__(self, order: dict[int, int], qr_source: str, available: dict[str, Font]) -> None:
        self.order = order
        self.qr_source = qr_source
        self.available = available
        self.items: list[Block | Figure] = []
        self.rects: list[Rect] = []
        self.floats: list[tuple[float, float, float]] = []

    def index(self, element: Any) -> int:
        try:
            return self.order[id(element)]
        except KeyError:
            raise CannotComposeError("anonymous box") from None

    def visit(self, box: Any) -> None:
        if isinstance(box, boxes.BlockReplacedBox):
            self.figure(box)
        elif type(box) in (boxes.BlockBox, boxes.PageBox):
            _decorations(box, self.rects)
            if box.style["float"] != "none":
                raise CannotComposeError("floating block")
            children = box.children
            if children and all(isinstance(child, boxes.LineBox) for child in children):
                self.block(box)
            else:
                for child in children:
                    self.visit(child)
        else:
            raise CannotComposeError(type(box).__name__)

    def figure(self, box: Any) -> None:
        element = box.element
        if element is None or element.tag != "img" or element.get("src") != self.qr_source:
            raise CannotComposeError("image")
        _decorations(box, self.rects)
        float_ = box.style["float"]
        if float_ == "left":
            top, right = box.position_y, box.position_x + box.margin_width()
            self.floats.append((top, top + box.margin_height(), right))
        elif float_ != "none":
            raise CannotComposeError("right float")
        self.items.append(
            Figure(
                self.index(element),
                box.content_box_x(),
                box.content_box_y(),
                box.width,
                box.height,
            )
        )

    def block(self, box: Any) -> None:
        if box.element is None or box.element_tag in ("html", "body") or box.is_table_wrapper:
            raise CannotComposeError("text outside a block element")
        style = box.style
        last = style["text_align_last"]
        if style["white_space"] != "normal" or last not in ("auto", style["text_align_all"]):
            raise CannotComposeError("white space or last line alignment")
        align = {"start": "left", "left": "left", "center": "center"}.get(
            style["text_align_all"], ""
        )
        if style["text_align_all"] in ("end", "right"):
            align = "right"
        if not align:
            raise CannotComposeError("justified text")
        lines = box.children
        pitch, baseline, top = lines[0].height, lines[0].baseline, box.content_box_y()
        for number, line in enumerate(lines):
            if (
                abs(line.height - pitch) > 0.01
                or abs(line.baseline - baseline) > 0.01
                or abs(line.position_y - (top + number * pitch)) > 0.05
            ):
                raise CannotComposeError("uneven lines")
        styles: dict[int, TextStyle] = {self.index(box.element): _text_style(style, self.available)}
        for line in lines:
            self.inline(line, styles)
        min_height = box.min_height if isinstance(box.min_height, (int, float)) else 0
        self.items.append(
            Block(
                element=self.index(box.element),
                role=_ROLES.get(box.element_tag, "P"),
                left=box.content_box_x(),
                width=box.width,
                top=top,
                pitch=pitch,
                baseline=baseline,
                align=align,
                sample_lines=len(lines),
                fixed_lines=math.floor((min_height + 0.01) / pitch),
                styles=tuple(sorted(styles.items())),
            )
        )

    def inline(self, box: Any, styles: dict[int, TextStyle]) -> None:
        for child in box.children:
            if isinstance(child, boxes.TextBox):
                self.measure(child)
                continue
            if type(child) is not boxes.InlineBox:
                raise CannotComposeError(type(child).__name__)
            _check_style(child.style)
            if (
                any(getattr(child, f"{part}_{side}") for part in _INLINE for side in _SIDES)
                or any(getattr(child, f"border_{side}_width") for side in _ALL_SIDES)
                or _color(child.style["background_color"])[3]
            ):
                raise CannotComposeError("decorated inline box")
            styles[self.index(child.element)] = _text_style(child.style, self.available)
            self.inline(child, styles)

    def measure(self, box: Any) -> None:
        """The composer must measure text as Pango did (no kerning, no ligatures)."""
        style = _text_style(box.style, self.available)
        advances = self.available[style.weight].advances
        text = box.text
        if not all(character in advances for character in text):
            return  # another font drew it: the sample's own text, not the certificate's
        width = sum(advances[c] * style.size + style.letter_spacing for c in text)
        if abs(width - box.width) > 0.05 + 0.001 * box.width:
            raise CannotComposeError(f"text measured otherwise: {text!r}")


def build_plan(document: Any, root: Any, qr_source: str) -> Plan:
    """The plan of a one-page WeasyPrint document laid out from the tree ``root``.

    Raises:
        CannotComposeError: the page holds something the composer does not draw.
    """
    available = small_fonts()
    if not available:
        raise CannotComposeError("DejaVu Sans is not installed")
    if len(document.pages) != 1:
        raise CannotComposeError("more than one page")
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    builder = _PlanBuilder(
        {id(element): number for number, element in enumerate(elements)}, qr_source, available
    )
    page = document.pages[0]._page_box
    builder.visit(page)
    return Plan(
        width=page.margin_width(),
        height=page.margin_height(),
        tags=tuple(element.tag for element in elements),
        items=tuple(builder.items),
        rects=tuple(builder.rects),
        floats=tuple(builder.floats),
    )


# --- The certificate's HTML ----------------------------------------------------------


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[_Node] = []
        self.stack: list[_Node] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {key: value or "" for key, value in attrs})
        if self.stack:
            self.stack[-1].children.append(node)
        self.nodes.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].children.append(data)


def parse(html: str) -> list[_Node]:
    """The elements of ``html`` in document order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.nodes


def _text(node: _Node) -> str:
    parts: list[str] = []

    def walk(current: _Node) -> None:
        for child in current.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                walk(child)

    walk(node)
    return " ".join("".join(parts).split())


# --- Lines ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    left: float
    runs: tuple[tuple[str, TextStyle], ...]


def _runs(
    node: _Node, index: dict[int, int], styles: dict[int, TextStyle]
) -> list[tuple[str, TextStyle]]:
    """The block's text as (text, style) runs, white space collapsed as CSS does."""
    runs: list[tuple[str, TextStyle]] = []

    def walk(current: _Node, style: TextStyle) -> None:
        for child in current.children:
            if isinstance(child, str):
                runs.append((child, style))
                continue
            if child.tag in _VOID:
                raise CannotComposeError(f"<{child.tag}> in text")
            child_style = styles.get(index[id(child)])
            if child_style is None and _text(child):
                raise CannotComposeError("text in an element the sample left empty")
            walk(child, child_style or style)

    walk(node, styles[index[id(node)]])
    collapsed: list[tuple[str, TextStyle]] = []
    after_space = True
    for text, style in runs:
        text = _SPACES.sub(" ", text)
        if after_space and text.startswith(" "):
            text = text[1:]
        if text:
            collapsed.append((text, style))
            after_space = text.endswith(" ")
    if collapsed and collapsed[-1][0].endswith(" "):
        text, style = collapsed.pop()
        if text[:-1]:
            collapsed.append((text[:-1], style))
    return collapsed


def _layout(
    block: Block,
    runs: list[tuple[str, TextStyle]],
    floats: tuple[tuple[float, float, float], ...],
    available: dict[str, Font],
) -> list[_Line]:
    """Greedy line breaking at spaces (and after a hyphen or slash inside a long word)."""
    characters: list[str] = []
    style_of: list[TextStyle] = []
    widths: list[float] = []
    for text, style in runs:
        advances = available[style.weight].advances
        for character in text:
            advance = advances.get(character)
            if advance is None:
                raise CannotComposeError(f"character U+{ord(character):04X}")
            characters.append(character)
            style_of.append(style)
            widths.append(advance * style.size + style.letter_spacing)
    count = len(characters)
    lines: list[_Line] = []
    start = 0
    while start < count:
        number = len(lines)
        top = block.top + number * block.pitch
        left = block.left
        for float_top, float_bottom, float_right in floats:
            if float_top < top + block.pitch and float_bottom > top:
                left = max(left, float_right)
        limit = block.left + block.width - left + 0.01
        width = 0.0
        cut: tuple[int, int] | None = None  # (end of this line, start of the next)
        end = count
        position = start
        while position < count:
            character = characters[position]
            if character == " ":
                if width > limit and cut is not None:
                    break
                cut = (position, position + 1)
                if width > limit:
                    break
            width += widths[position]
            if character != " " and width > limit and cut is not None:
                break
            if (
                character in "-/"
                and position + 1 < count
                and characters[position + 1] not in " -/"
                and (character == "/" or characters[position + 1].isalpha())
            ):
                if width > limit and cut is not None:
                    break
                cut = (position + 1, position + 1)
            position += 1
        else:
            cut = None
        if cut is not None and position < count:
            end, next_start = cut
        else:
            end, next_start = count, count
        line_width = sum(widths[start:end])
        if block.align == "center":
            left += (block.left + block.width - left - line_width) / 2
        elif block.align == "right":
            left = block.left + block.width - line_width
        runs_of_line: list[tuple[str, TextStyle]] = []
        for position in range(start, end):
            style = style_of[position]
            if runs_of_line and runs_of_line[-1][1] is style:
                runs_of_line[-1] = (runs_of_line[-1][0] + characters[position], style)
            else:
                runs_of_line.append((characters[position], style))
        lines.append(_Line(left, tuple(runs_of_line)))
        start = next_start
    return lines


# --- Drawing -------------------------------------------------------------------------


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _draw_lines(block: Block, lines: list[_Line], available: dict[str, Font]) -> list[str]:
    # The text state (font, colour, character spacing) outlives BT/ET: set it afresh.
    ops: list[str] = ["BT"]
    current: tuple[str, float] | None = None
    color: tuple[float, float, float] | None = None
    spacing: float | None = None
    for number, line in enumerate(lines):
        x = line.left
        baseline = block.top + number * block.pitch + block.baseline
        for text, style in line.runs:
            font = available[style.weight]
            if current != (style.weight, style.size):
                current = (style.weight, style.size)
                ops.append(f"/F{style.weight[0]} {_number(style.size)} Tf")
            if color != style.color:
                color = style.color
                ops.append(" ".join(_number(part) for part in color) + " rg")
            if spacing != style.letter_spacing:
                spacing = style.letter_spacing
                ops.append(f"{_number(spacing)} Tc")
            glyphs = "".join(font.glyphs[character] for character in text)
            ops.append(f"1 0 0 -1 {_number(x)} {_number(baseline)} Tm <{glyphs}> Tj")
            x += sum(font.advances[c] * style.size + style.letter_spacing for c in text)
    ops.append("ET")
    return ops


def _draw_qr(figure: Figure, url: str) -> list[str]:
    matrix = segno.make(url, error="m", mask=0).matrix
    border = 4
    module_w = figure.width / (len(matrix[0]) + 2 * border)
    module_h = figure.height / (len(matrix) + 2 * border)
    ops = ["0 0 0 rg"]
    for row_number, row in enumerate(matrix):
        y = figure.top + (row_number + border) * module_h
        column = 0
        while column < len(row):
            if row[column] & 1:
                first = column
                while column < len(row) and row[column] & 1:
                    column += 1
                x = figure.left + (first + border) * module_w
                ops.append(
                    f"{_number(x)} {_number(y)} {_number((column - first) * module_w)} "
                    f"{_number(module_h)} re"
                )
            else:
                column += 1
    ops.append("f")
    return ops


# --- Writing the PDF -----------------------------------------------------------------


def _stream(data: bytes, *, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 6)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def _pdf_text(text: str) -> bytes:
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def _pdf_date(moment: Any) -> bytes:
    return _pdf_text(moment.strftime("D:%Y%m%d%H%M%S+00'00'"))


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content: bytes
    description: str
    media_type: str
    moment: Any  # datetime (UTC)


def _xmp(title: str, author: str, description: str, moment: Any) -> bytes:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        'pdfuaid:part="1"/>'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt>'
        f"</dc:title><dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq>"
        '</dc:creator><dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{escape(description)}</rdf:li></rdf:Alt></dc:description></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f'xmp:CreateDate="{stamp}" xmp:ModifyDate="{stamp}"/>'
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        f'pdf:Producer="{escape(PRODUCER)}"/>'
        "</rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


def _write(objects: list[bytes], root: int, info: int, identifier: bytes) -> bytes:
    output = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += (
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, info, identifier, identifier, start)
    )
    return bytes(output)


def compose(plan: Plan, html: str, qr_url: str, attachment: Attachment) -> bytes | None:
    """The certificate's PDF from its HTML laid out as ``plan``; None when it would not fit."""
    available = small_fonts()
    nodes = parse(html)
    if tuple(node.tag for node in nodes) != plan.tags:
        return None
    index = {id(node): number for number, node in enumerate(nodes)}
    try:
        return _compose(plan, nodes, index, qr_url, attachment, available)
    except CannotComposeError:
        return None


def _same_height(block: Block, lines: int) -> bool:
    """Whether ``lines`` lines leave the block as tall as in the sample layout."""
    if lines == block.sample_lines:
        return True
    # Both within the room min-height keeps: the block is min-height tall either way.
    return block.sample_lines <= block.fixed_lines and lines <= block.fixed_lines


def _meta(nodes: list[_Node], name: str) -> str:
    for node in nodes:
        if node.tag == "meta" and node.attrs.get("name") == name:
            return node.attrs.get("content", "")
    return ""


def _compose(
    plan: Plan,
    nodes: list[_Node],
    index: dict[int, int],
    qr_url: str,
    attachment: Attachment,
    available: dict[str, Font],
) -> bytes:
    height_pt = plan.height * PT
    content: list[str] = [f"{PT} 0 0 -{PT} 0 {_number(height_pt)} cm"]
    if plan.rects:
        content.append("/Artifact BMC")
        for rect in plan.rects:
            content.append(
                " ".join(_number(part) for part in rect.color)
                + f" rg {_number(rect.left)} {_number(rect.top)} {_number(rect.width)} "
                f"{_number(rect.height)} re f"
            )
        content.append("EMC")
    # Structure elements: objects 21, 22, … in reading order; marked content IDs 0, 1, …
    first_element = 21
    elements: list[bytes] = []
    for item in plan.items:
        node = nodes[item.element]
        mcid = len(elements)
        if isinstance(item, Figure):
            if node.attrs.get("src") != QR_SLOT:
                raise CannotComposeError("image")
            alt = node.attrs.get("alt", "")
            content.append(f"/Figure <</MCID {mcid}>> BDC")
            content.extend(_draw_qr(item, qr_url))
            content.append("EMC")
            bbox = (
                item.left * PT,
                height_pt - (item.top + item.height) * PT,
                (item.left + item.width) * PT,
                height_pt - item.top * PT,
            )
            elements.append(
                b"<< /Type /StructElem /S /Figure /P 6 0 R /Pg 3 0 R /K %d /Alt %s "
                b"/A << /O /Layout /BBox [%s] >> >>"
                % (mcid, _pdf_text(alt), " ".join(_number(v) for v in bbox).encode())
            )
            continue
        runs = _runs(node, index, dict(item.styles))
        lines = _layout(item, runs, plan.floats, available) if runs else []
        if not _same_height(item, len(lines)):
            raise CannotComposeError("the text would move the page")
        if not lines:
            continue
        content.append(f"/{item.role} <</MCID {mcid}>> BDC")
        content.extend(_draw_lines(item, lines, available))
        content.append("EMC")
        elements.append(
            b"<< /Type /StructElem /S /%s /P 6 0 R /Pg 3 0 R /K %d >>" % (item.role.encode(), mcid)
        )
    references = b" ".join(b"%d 0 R" % (first_element + n) for n in range(len(elements)))
    info_number = first_element + len(elements)
    title = _text(next((n for n in nodes if n.tag == "title"), _Node("title", {})))
    author = _meta(nodes, "author")
    description = _meta(nodes, "description")
    language = nodes[0].attrs.get("lang", "fr") if nodes and nodes[0].tag == "html" else "fr"
    moment = attachment.moment
    stream = "\n".join(content).encode("latin-1")
    fonts_objects = [*available["normal"].objects, *available["bold"].objects]
    objects = [
        # 1 catalog, 2 pages, 3 page, 4 content, 5 structure tree, 6 document element
        b"<< /Type /Catalog /Pages 2 0 R /Lang %s /MarkInfo << /Marked true >> "
        b"/StructTreeRoot 5 0 R /ViewerPreferences << /DisplayDocTitle true >> "
        b"/Metadata 7 0 R /Names << /EmbeddedFiles << /Names [%s 8 0 R] >> >> /AF [8 0 R] >>"
        % (_pdf_text(language), _pdf_text(attachment.name)),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents 4 0 R "
        b"/Resources << /Font << /Fn 11 0 R /Fb 16 0 R >> >> /StructParents 0 /Tabs /S >>"
        % (_number(plan.width * PT).encode(), _number(height_pt).encode()),
        _stream(stream),
        b"<< /Type /StructTreeRoot /K 6 0 R /ParentTree << /Nums [0 [%s]] >> "
        b"/ParentTreeNextKey 1 >>" % references,
        b"<< /Type /StructElem /S /Document /P 5 0 R /K [%s] >>" % references,
        _stream(
            _xmp(title, author, description, moment),
            extra=b"/Type /Metadata /Subtype /XML",
            compress=False,
        ),
        # 8 file specification, 9 the attached file, 10 reserved (unused: free), 11-20 fonts
        b"<< /Type /Filespec /F %s /UF %s /Desc %s /AFRelationship /Source "
        b"/EF << /F 9 0 R /UF 9 0 R >> >>"
        % (
            _pdf_text(attachment.name),
            _pdf_text(attachment.name),
            _pdf_text(attachment.description),
        ),
        _stream(
            attachment.content,
            extra=b"/Type /EmbeddedFile /Subtype /%s /Params << /Size %d /CreationDate %s "
            b"/ModDate %s >>"
            % (
                attachment.media_type.replace("/", "#2F").encode(),
                len(attachment.content),
                _pdf_date(moment),
                _pdf_date(moment),
            ),
        ),
        b"null",
        *fonts_objects,
        *elements,
        b"<< /Title %s /Author %s /Subject %s /Producer %s /CreationDate %s /ModDate %s >>"
        % (
            _pdf_text(title),
            _pdf_text(author),
            _pdf_text(description),
            _pdf_text(PRODUCER),
            _pdf_date(moment),
            _pdf_date(moment),
        ),
    ]
    identifier = hashlib.md5(stream + attachment.content, usedforsecurity=False).hexdigest()
    return _write(objects, 1, info_number, identifier.encode())
