"""Small text and date helpers shared by several contexts."""

from __future__ import annotations

import datetime as dt
import unicodedata


def ascii_fold(text: str) -> str:
    """Accents dropped, non-ASCII removed: « Île-de-France » → « Ile-de-France »."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
