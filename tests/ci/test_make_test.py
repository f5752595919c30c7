"""`make test` never goes green without both databases and the browser under CI=true."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import REPO_ROOT

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/postgres"


def make(target: str, **env: str) -> subprocess.CompletedProcess[str]:
    # -o: never reinstall the virtualenv from inside the test run.
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", target],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_unreachable_postgresql_fails_the_postgresql_suite_under_ci() -> None:
    result = make("test-postgres", CI="true", CLEA_TEST_POSTGRES_URL=UNREACHABLE)
    assert result.returncode != 0
    assert "PostgreSQL est obligatoire" in result.stderr


def test_an_unreachable_postgresql_is_a_reported_skip_on_a_laptop() -> None:
    result = make("test-postgres", CI="", CLEA_TEST_POSTGRES_URL=UNREACHABLE)
    assert result.returncode == 0
    assert "suite PostgreSQL sautée" in result.stdout


def write_results(folder: Path, **parts: tuple[int, int]) -> None:
    for part, (tests, failures) in parts.items():
        (folder / f"{part}.xml").write_text(
            f'<testsuites><testsuite tests="{tests}" failures="{failures}" errors="0" '
            'skipped="0"/></testsuites>',
            encoding="utf-8",
        )


def summary(folder: Path, ci: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["python3", "scripts/test_summary.py", str(folder)],
        cwd=REPO_ROOT,
        env={**os.environ, "CI": ci},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_summary_fails_under_ci_when_a_part_did_not_run(tmp_path: Path) -> None:
    write_results(tmp_path, sqlite=(10, 0), e2e=(3, 0))
    result = summary(tmp_path, "true")
    assert result.returncode == 1
    assert "Python, PostgreSQL : non lancé" in result.stdout
    assert summary(tmp_path, "").returncode == 0


def test_the_summary_prints_each_part_and_passes_when_all_ran(tmp_path: Path) -> None:
    write_results(tmp_path, sqlite=(10, 0), postgresql=(12, 0), e2e=(3, 0))
    result = summary(tmp_path, "true")
    assert result.returncode == 0
    assert "Python, SQLite : 10 réussis" in result.stdout
    assert "Python, PostgreSQL : 12 réussis" in result.stdout


def test_the_summary_fails_under_ci_when_a_part_has_a_failure(tmp_path: Path) -> None:
    write_results(tmp_path, sqlite=(10, 1), postgresql=(12, 0), e2e=(3, 0))
    assert summary(tmp_path, "true").returncode == 1
