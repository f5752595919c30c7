"""Small copies of the certificate's fonts, made once and kept under the data directory.

WeasyPrint embeds a subset of every font a PDF uses, and makes it from the whole font
file each time: DejaVu Sans is 740 KB with thousands of glyphs, and copying and
subsetting it (and its bold) is about half of the PDF writing time of a certificate.
Here each font is cut once, at first use, down to what French certificates print
(Latin-1, Latin Extended-A, the usual punctuation: about 400 glyphs, 40 KB, no hinting),
and declared with ``@font-face`` under the same family name, ahead of the system's copy.
A character outside the subset (a rare letter of a name) still prints: Pango falls back
to the full system font for it, which WeasyPrint then subsets as usual.

The copies live in ``<CLEA_DATA_DIR>/cache/fonts/<key>/`` (:func:`configure`), the key
naming the system font files and this module's subset: every process reuses them and a
new font or subset makes a new folder (older ones can be deleted at any time). A process
that was not configured (a script rendering a PDF directly) uses a temporary folder
removed when it exits.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "DejaVu Sans"
#: What a certificate prints: ASCII, Latin-1, Latin Extended-A, French punctuation.
CODEPOINTS = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x180))
    | {0x2009, 0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x201E}
    | {0x2022, 0x2026, 0x202F, 0x20AC, 0x2212}
)


@dataclass(frozen=True, slots=True)
class Face:
    weight: str
    pattern: str


FACES = (Face("normal", f"{FAMILY}:style=Book"), Face("bold", f"{FAMILY}:style=Bold"))

# Change it when the subset changes (options, code points): the cached copies are then
# made again instead of reused.
SUBSET_VERSION = "1"

_lock = threading.Lock()
_rules: str | None = None
_files: dict[str, Path] = {}
_cache_root: Path | None = None


def configure(data_dir: Path) -> None:
    """Keep the small fonts under ``data_dir`` (called once at start-up)."""
    global _cache_root
    _cache_root = data_dir / "cache" / "fonts"


def _folder(sources: list[Path]) -> Path:
    if _cache_root is None:
        folder = Path(tempfile.mkdtemp(prefix="clea-certificate-fonts-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        return folder
    key = hashlib.sha256(SUBSET_VERSION.encode())
    for source in sources:
        stat = source.stat()
        key.update(f"{source}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    folder = _cache_root / key.hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _system_font(pattern: str) -> Path | None:
    """The file Fontconfig gives for ``pattern`` when it really is that family."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(
        ["fc-match", "--format=%{family}\n%{file}", pattern],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    lines = found.stdout.splitlines()
    if found.returncode != 0 or len(lines) < 2 or FAMILY not in lines[0]:
        return None
    path = Path(lines[1])
    return path if path.suffix.lower() == ".ttf" and path.is_file() else None


def _subset(source: Path, target: Path) -> None:
    if target.is_file():
        return
    options = subset.Options()
    options.hinting = False
    # No kerning, no ligatures: a glyph's advance is its width, the same for WeasyPrint
    # (Pango) and for the composer (``composer.py``), which places glyphs itself.
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CODEPOINTS)
    subsetter.subset(font)
    # Written aside then renamed: another process may be reading or making it too.
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(partial)
    os.replace(partial, target)


def font_face_rules() -> str:
    """``@font-face`` rules for the small fonts (empty when the system lacks DejaVu Sans)."""
    return _prepare()[0]


def faces() -> dict[str, Path]:
    """The small fonts' files by weight (``normal``, ``bold``); empty without DejaVu Sans."""
    return dict(_prepare()[1])


def _prepare() -> tuple[str, dict[str, Path]]:
    global _rules
    with _lock:
        if _rules is None:
            sources = {face.weight: _system_font(face.pattern) for face in FACES}
            found = [source for source in sources.values() if source is not None]
            folder = _folder(found) if found else None
            rules = []
            for face in FACES:
                source = sources[face.weight]
                if source is None or folder is None:
                    continue
                target = folder / f"{face.weight}.ttf"
                _subset(source, target)
                _files[face.weight] = target
                rules.append(
                    f'@font-face {{ font-family: "{FAMILY}"; font-weight: {face.weight}; '
                    f"src: url({target.as_uri()}); }}"
                )
            _rules = "\n".join(rules)
        return _rules, _files
