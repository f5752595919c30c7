"""The composer's two small fonts (DejaVu Sans and its bold): advances, glyphs, PDF objects.

Prepared once per process: the embedded font programs are compressed once, and the
composer measures text with the same advances Pango uses (no kerning, no ligatures).
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from clea_platform.certificates import fonts
from clea_platform.certificates.composer.pdf_objects import chunks, stream, utf16


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
        f"<{glyph:04x}> <{utf16(chr(codepoint))}>" for glyph, codepoint in unicode_of.items()
    )
    cmap_text = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
        + "".join(
            f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
            for chunk in chunks(ranges.split("\n"), 100)
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
        stream(program, extra=b"/Length1 %d" % len(program)),
        stream(cmap_text),
    )
    return Font(weight, glyphs, advances, objects)


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
