"""A block's text broken into lines as Pango would: greedy, at spaces (and after a hyphen or
a slash inside a long word), with the small fonts' advance widths."""

from __future__ import annotations

from dataclasses import dataclass

from clea_platform.certificates.composer.markup import SPACES, VOID, Node, text_of
from clea_platform.certificates.composer.plan import Block, CannotComposeError, TextStyle
from clea_platform.certificates.composer.typefaces import Font

Run = tuple[str, TextStyle]
#: Left floats of the page: (top, bottom, right edge).
Floats = tuple[tuple[float, float, float], ...]


@dataclass(frozen=True, slots=True)
class Line:
    left: float
    runs: tuple[Run, ...]


def runs(node: Node, index: dict[int, int], styles: dict[int, TextStyle]) -> list[Run]:
    """The block's text as (text, style) runs, white space collapsed as CSS does."""
    found: list[Run] = []

    def walk(current: Node, style: TextStyle) -> None:
        for child in current.children:
            if isinstance(child, str):
                found.append((child, style))
                continue
            if child.tag in VOID:
                raise CannotComposeError(f"<{child.tag}> in text")
            child_style = styles.get(index[id(child)])
            if child_style is None and text_of(child):
                raise CannotComposeError("text in an element the sample left empty")
            walk(child, child_style or style)

    walk(node, styles[index[id(node)]])
    return _collapsed(found)


def _collapsed(found: list[Run]) -> list[Run]:
    """White space collapsed: runs of spaces become one, none at the start or the end."""
    collapsed: list[Run] = []
    after_space = True
    for text, style in found:
        text = SPACES.sub(" ", text)
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


@dataclass(frozen=True, slots=True)
class _Glyphs:
    """The block's characters one by one, with the style and advance of each."""

    characters: list[str]
    styles: list[TextStyle]
    widths: list[float]


def _glyphs(text_runs: list[Run], available: dict[str, Font]) -> _Glyphs:
    glyphs = _Glyphs([], [], [])
    for text, style in text_runs:
        advances = available[style.weight].advances
        for character in text:
            advance = advances.get(character)
            if advance is None:
                raise CannotComposeError(f"character U+{ord(character):04X}")
            glyphs.characters.append(character)
            glyphs.styles.append(style)
            glyphs.widths.append(advance * style.size + style.letter_spacing)
    return glyphs


def _left_edge(block: Block, floats: Floats, number: int) -> float:
    """Where line ``number`` starts: after any left float it runs alongside."""
    top = block.top + number * block.pitch
    left = block.left
    for float_top, float_bottom, float_right in floats:
        if float_top < top + block.pitch and float_bottom > top:
            left = max(left, float_right)
    return left


def _breaks_after(characters: list[str], position: int) -> bool:
    """A hyphen before a letter, or a slash, inside a word: a line may end after it."""
    character = characters[position]
    following = characters[position + 1] if position + 1 < len(characters) else None
    return (
        character in "-/"
        and following is not None
        and following not in " -/"
        and (character == "/" or following.isalpha())
    )


def _break(glyphs: _Glyphs, start: int, limit: float) -> tuple[int, int]:
    """(end of the line starting at ``start``, start of the next one), greedily."""
    characters, widths = glyphs.characters, glyphs.widths
    count = len(characters)
    width = 0.0
    cut: tuple[int, int] | None = None  # (end of this line, start of the next)
    for position in range(start, count):
        character = characters[position]
        if character == " ":
            if width > limit and cut is not None:
                return cut
            cut = (position, position + 1)
            if width > limit:
                return cut
        width += widths[position]
        if character != " " and width > limit and cut is not None:
            return cut
        if _breaks_after(characters, position):
            if width > limit and cut is not None:
                return cut
            cut = (position + 1, position + 1)
    return count, count


def _aligned(block: Block, left: float, line_width: float) -> float:
    if block.align == "center":
        return left + (block.left + block.width - left - line_width) / 2
    if block.align == "right":
        return block.left + block.width - line_width
    return left


def _line_runs(glyphs: _Glyphs, start: int, end: int) -> tuple[Run, ...]:
    """The line's characters grouped back into runs of one style."""
    line_runs: list[Run] = []
    for position in range(start, end):
        style = glyphs.styles[position]
        if line_runs and line_runs[-1][1] is style:
            line_runs[-1] = (line_runs[-1][0] + glyphs.characters[position], style)
        else:
            line_runs.append((glyphs.characters[position], style))
    return tuple(line_runs)


def layout(
    block: Block, text_runs: list[Run], floats: Floats, available: dict[str, Font]
) -> list[Line]:
    """The block's lines: measured, broken, aligned (see the module's docstring)."""
    glyphs = _glyphs(text_runs, available)
    lines: list[Line] = []
    start = 0
    while start < len(glyphs.characters):
        left = _left_edge(block, floats, len(lines))
        end, next_start = _break(glyphs, start, block.left + block.width - left + 0.01)
        line_width = sum(glyphs.widths[start:end])
        lines.append(Line(_aligned(block, left, line_width), _line_runs(glyphs, start, end)))
        start = next_start
    return lines
