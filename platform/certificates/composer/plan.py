"""The plan: a template's page laid out once by WeasyPrint, kept as what the composer draws.

In reading order, the geometry of every block of text (box, line height and baseline,
alignment, the text style of each element), the QR code's box, the left floats, and the
borders and backgrounds to paint. Whatever the composer does not draw stops the plan
(:class:`CannotComposeError`): WeasyPrint then renders such a template itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes

from clea_platform.certificates import fonts
from clea_platform.certificates.composer.typefaces import Font, small_fonts

_ROLES = {"h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H5", "h6": "H6"}


class CannotComposeError(Exception):
    """The template uses something the composer does not draw: WeasyPrint renders it."""


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
