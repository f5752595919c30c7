"""The certificate's small fonts are made once, under the data directory, and reused.

Before: each process cut them into a new temporary folder and never removed it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from clea_platform.certificates import fonts


def fresh_process(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """What a new process starts from: nothing prepared, the data directory configured."""
    monkeypatch.setattr(fonts, "_rules", None)
    monkeypatch.setattr(fonts, "_files", {})
    monkeypatch.setattr(fonts, "_cache_root", None)
    fonts.configure(data_dir)


def temporary_font_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("clea-certificate-fonts-*"))


def test_two_processes_share_one_folder_under_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = temporary_font_folders()

    fresh_process(monkeypatch, tmp_path)
    first = fonts.faces()
    made_at = {weight: path.stat().st_mtime_ns for weight, path in first.items()}
    fresh_process(monkeypatch, tmp_path)
    second = fonts.faces()

    assert set(first) == {"normal", "bold"}  # DejaVu Sans is installed with WeasyPrint's fonts
    assert second == first
    assert all(path.is_relative_to(tmp_path / "cache" / "fonts") for path in first.values())
    assert {weight: path.stat().st_mtime_ns for weight, path in second.items()} == made_at
    assert len(list((tmp_path / "cache" / "fonts").iterdir())) == 1
    assert temporary_font_folders() == before
    assert fonts.font_face_rules().count("@font-face") == 2
