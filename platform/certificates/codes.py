"""Certificate numbers and verification codes.

A number reads ``CLEA-2026-000123``: the certification code (underscores become dashes),
the year of the jury's decision, and the rank of the certificate among that
certification's certificates of that year. A verification code is ten random Crockford
base32 characters (50 bits), printed ``ABCDE-FGHJK``; readers may type it in lower case,
without the dash, or with O for 0 and I or L for 1.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-]")


def certificate_number(certification_code: str, year: int, sequence: int) -> str:
    """Example:
    >>> certificate_number("CLEA_NUMERIQUE", 2026, 123)
    'CLEA-NUMERIQUE-2026-000123'
    """
    return f"{certification_code.replace('_', '-')}-{year}-{sequence:06d}"


def new_verification_code() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Example:
    >>> format_code("ABCDEFGHJK")
    'ABCDE-FGHJK'
    """
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one.

    Example:
        >>> normalise_code("abcde-fghjk"), normalise_code("0O1iL-22222"), normalise_code("x")
        ('ABCDEFGHJK', '0011122222', None)
    """
    if len(text) > 32:
        return None
    # NFKC first: a code typed on a full-width keyboard (« ＡＢＣ ») is the same code.
    code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper().translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(char not in CROCKFORD for char in code):
        return None
    return code
