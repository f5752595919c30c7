"""The distribution ships every package, and its wheel installs and imports on its own."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

from tests.conftest import REPO_ROOT


def declared_packages() -> tuple[list[str], dict[str, str]]:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    return setuptools["packages"], setuptools["package-dir"]


def packages_on_disk() -> set[str]:
    _, package_dirs = declared_packages()
    found = set()
    for top, directory in package_dirs.items():
        root = REPO_ROOT / directory
        for python_file in root.rglob("*.py"):
            folder = python_file.parent.relative_to(root)
            if "__pycache__" in folder.parts:
                continue
            found.add(".".join((top, *folder.parts)))
    return found


def test_every_folder_with_python_files_is_declared_as_a_package() -> None:
    declared, _ = declared_packages()

    missing = packages_on_disk() - set(declared)

    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_platform_has_no_init_so_the_stdlib_platform_module_still_works() -> None:
    assert not (REPO_ROOT / "platform" / "__init__.py").exists()
    result = subprocess.run(
        [sys.executable, "-c", "import platform; print(platform.python_version())"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ".".join(map(str, sys.version_info[:3]))


def test_the_wheel_contains_and_imports_every_package(tmp_path: Path) -> None:
    # Given a wheel built from the source tree
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO_ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("clea_platform-*.whl"))
    declared, _ = declared_packages()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "clea_socle/referentiel.json" in names
    assert "clea_platform/migrations/script.py.mako" in names

    # When it is installed in a fresh environment that sees the same dependencies
    target = tmp_path / "env"
    venv.create(target, system_site_packages=False, with_pip=False)
    site = next((target / "lib").glob("python*/site-packages"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / "deps.pth").write_text(
        "\n".join(p for p in sys.path if p.endswith("site-packages")) + "\n"
    )

    # Then every declared package imports from the wheel, not from the source tree
    check = (
        "import importlib, sys\n"
        f"for name in {declared!r}:\n"
        "    module = importlib.import_module(name)\n"
        # clea_platform is a namespace package (no __init__.py): check __path__.
        "    where = list(module.__path__)\n"
        f"    assert all(p.startswith({str(site)!r}) for p in where), (name, where)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [str(target / "bin" / "python"), "-I", "-c", check],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
