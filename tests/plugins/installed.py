"""The fourth certification built and installed by pip, as a plugin author ships it.

``install_fourth_certification`` copies ``fourth_certification/`` (so the build leaves
nothing in the repository), builds its wheel with setuptools from the test environment and
installs it with pip into a folder of its own, offline (``--no-index``, no build
isolation). A process started with that folder on ``PYTHONPATH`` finds the plugin the way
production does: through the ``clea_platform.certifications`` entry point of the
distribution pip installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FOURTH_DIR = Path(__file__).parent / "fourth_certification"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "--quiet"]


def install_fourth_certification(workdir: Path) -> Path:
    """Build the package's wheel and ``pip install`` it into ``workdir/site``; returns it."""
    source = workdir / "source"
    shutil.copytree(FOURTH_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "build"))
    wheels, site = workdir / "wheels", workdir / "site"
    offline = ["--no-deps", "--no-index"]
    subprocess.run(
        [*PIP, "wheel", *offline, "--no-build-isolation", "--wheel-dir", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (wheel,) = wheels.glob("clea_test_langues-*.whl")
    subprocess.run(
        [*PIP, "install", *offline, "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return site
