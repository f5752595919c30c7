"""A breakdown as CSV, written line by line (the route streams it).

The table is aggregated by the database, so its size is the number of categories, never
the number of dossiers; masked cells are written « masqué », never their value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from clea_platform.statistics.service import Breakdown

MASKED = "masqué"
HEADER = ("dimension", "code", "categorie", "dossiers_ouverts", "certifies")


def _cell(value: int | None) -> str:
    return MASKED if value is None else str(value)


def csv_lines(breakdown: Breakdown) -> Iterator[str]:
    """CSV for spreadsheets used in France: BOM, semicolons, CRLF; one line per yield."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def line(*values: str) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(*HEADER)
    for row in breakdown.rows:
        yield line(
            breakdown.title, row.key or "", row.label, _cell(row.opened), _cell(row.certified)
        )
    yield line(
        breakdown.title,
        "",
        "Total",
        _cell(breakdown.total_opened),
        _cell(breakdown.total_certified),
    )
