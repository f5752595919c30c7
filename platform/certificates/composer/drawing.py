"""Drawing operators of the page: lines of text at the plan's positions, the QR code."""

from __future__ import annotations

import segno

from clea_platform.certificates.composer.lines import Line
from clea_platform.certificates.composer.plan import Block, Figure
from clea_platform.certificates.composer.typefaces import Font


def pdf_number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def draw_lines(block: Block, lines: list[Line], available: dict[str, Font]) -> list[str]:
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
                ops.append(f"/F{style.weight[0]} {pdf_number(style.size)} Tf")
            if color != style.color:
                color = style.color
                ops.append(" ".join(pdf_number(part) for part in color) + " rg")
            if spacing != style.letter_spacing:
                spacing = style.letter_spacing
                ops.append(f"{pdf_number(spacing)} Tc")
            glyphs = "".join(font.glyphs[character] for character in text)
            ops.append(f"1 0 0 -1 {pdf_number(x)} {pdf_number(baseline)} Tm <{glyphs}> Tj")
            x += sum(font.advances[c] * style.size + style.letter_spacing for c in text)
    ops.append("ET")
    return ops


def draw_qr(figure: Figure, url: str) -> list[str]:
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
                    f"{pdf_number(x)} {pdf_number(y)} {pdf_number((column - first) * module_w)} "
                    f"{pdf_number(module_h)} re"
                )
            else:
                column += 1
    ops.append("f")
    return ops
