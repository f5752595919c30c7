"""Sending one-time codes by SMS through a pluggable sender.

No SMS provider is wired yet: :class:`FileSmsSender` (development and tests) writes each
message as a text file under ``<data dir>/sms/`` — a real file that a person or a test
reads, never a message pretended sent. A deployment installs its provider's sender with
:func:`install` (any object with ``send(phone, text)``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from clea_platform.core.digits import normalise_phone


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class FileSmsSender:
    """Writes ``<directory>/<time>-<phone>.txt`` (the number, a blank line, the text)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, phone: str, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
        (self.directory / f"{stamp}-{phone}.txt").write_text(f"{phone}\n\n{text}\n", "utf-8")


_installed: list[SmsSender] = []


def install(sender: SmsSender | None) -> None:
    """Use ``sender`` from now on (None: back to the files of the data directory)."""
    _installed.clear()
    if sender is not None:
        _installed.append(sender)


def sender_for(data_dir: Path) -> SmsSender:
    return _installed[0] if _installed else FileSmsSender(data_dir / "sms")


def phone_key(phone: str) -> str:
    """The national form of a French number, as accounts store it: « +33 6 12… » → « 0612… »."""
    digits = normalise_phone(phone)
    if digits.startswith("+33"):
        return "0" + digits[3:]
    if digits.startswith("0033"):
        return "0" + digits[4:]
    return digits
