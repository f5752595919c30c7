"""Digits in identifiers and codes: ASCII ``0``–``9`` only, after the user's intent is read.

SIREN, SIRET, postal codes, phone numbers and every numeric code go through here, so a
look-alike (« １３００２５２６５ » typed with a full-width keyboard, superscript or
mathematical digits, a no-break space between groups) can neither pass a uniqueness
check as a different value nor reach ``int()`` unchecked. Compatibility forms are what
the person meant: NFKC folds them to ASCII first (« １３０ » → « 130 »). Whatever is
still not an ASCII digit afterwards (Arabic-Indic « ١٣٠ », letters) is refused by the
callers' validators with a French message.

Example:
    >>> fold_digits("１３０ ０２５ ２６５", separators=" .")
    '130025265'
    >>> is_ascii_digits("130025265"), is_ascii_digits("١٣٠"), is_ascii_digits("²")
    (True, False, False)
"""

from __future__ import annotations

import re
import unicodedata

PHONE_SEPARATORS = " .-()"
FRENCH_PHONE = re.compile(r"^(?:\+33|0033|0)[1-9][0-9]{8}$")
PHONE_MESSAGE = "Numéro de téléphone invalide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78)."


def fold_digits(value: str, *, separators: str = "") -> str:
    """``value`` in NFKC, without whitespace and without the ``separators`` characters."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in separators)


def is_ascii_digits(value: str) -> bool:
    """Only ``0``–``9`` (``str.isdigit`` alone also accepts « ² » and « ١ »)."""
    return value.isascii() and value.isdigit()


def normalise_phone(phone: str) -> str:
    """The stored form of a phone number: folded, separators removed (« +33612345678 »)."""
    return fold_digits(phone, separators=PHONE_SEPARATORS)


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` is not a French phone number (French), or None.

    Example:
        >>> phone_problem("06 12 34 56 78") is None, phone_problem("０６１２３４５６７８") is None
        (True, True)
        >>> phone_problem("06 12 34 56 7٨")
        'Numéro de téléphone invalide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78).'
    """
    return None if FRENCH_PHONE.match(normalise_phone(phone)) else PHONE_MESSAGE
