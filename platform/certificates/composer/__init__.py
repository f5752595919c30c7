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

The steps, one module each: ``plan.py`` (the layout kept from WeasyPrint),
``markup.py`` (the certificate's HTML), ``lines.py`` (line breaking), ``drawing.py``
(text and QR code operators), ``typefaces.py`` (the small fonts), ``pdf_objects.py``
(the file format) and ``page.py`` (a certificate's page, tagged).
"""

from clea_platform.certificates.composer.page import PT, QR_SLOT, compose
from clea_platform.certificates.composer.pdf_objects import PRODUCER, Attachment
from clea_platform.certificates.composer.plan import CannotComposeError, Plan, build_plan
from clea_platform.certificates.composer.typefaces import Font, small_fonts

__all__ = [
    "PRODUCER",
    "PT",
    "QR_SLOT",
    "Attachment",
    "CannotComposeError",
    "Font",
    "Plan",
    "build_plan",
    "compose",
    "small_fonts",
]
