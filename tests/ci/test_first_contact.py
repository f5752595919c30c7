"""First contact: `make run PORT=…` serves on that port; the set-up waits for apt's lock."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import REPO_ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_make_serve_honours_port(tmp_path: Path) -> None:
    env = {**os.environ, "CLEA_DATA_DIR": str(tmp_path), "CLEA_ENV": "development"}
    env.pop("CLEA_DATABASE_URL", None)
    env.pop("CLEA_BASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", "db", "upgrade"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    # `make run` is `db upgrade`, `demo`, then what `make serve` runs: the same PORT rule.
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={port}"],
            cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "nothing listens on the port asked for"
                time.sleep(0.3)
        assert response.status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


FAKE_APT = """#!/usr/bin/env bash
# Another process holds apt's lock for the first two calls; then apt works.
count=$(cat "$APT_CALLS" 2>/dev/null || echo 0)
echo $((count + 1)) > "$APT_CALLS"
if [ "$count" -lt 2 ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
echo "apt-get $*"
echo "Setting up chromium (120.0) ..."
"""


def test_apt_install_waits_for_the_lock_and_shows_apt_output(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    fake.write_text(FAKE_APT)
    fake.chmod(0o755)
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "apt-install.sh"), "chromium"],
        env={
            **os.environ,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "APT_CALLS": str(tmp_path / "calls"),
            "APT_LOCK_POLL": "0.1",
        },
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "attente" in result.stderr
    # apt's own output reaches the user: the update, then the install's progress.
    assert "Setting up chromium" in result.stdout
    assert "install -y -q chromium" in result.stdout


def test_apt_install_gives_up_after_the_wait(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    fake.write_text(FAKE_APT.replace('"$count" -lt 2', '"$count" -lt 1000'))
    fake.chmod(0o755)
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "apt-install.sh"), "chromium"],
        env={
            **os.environ,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "APT_CALLS": str(tmp_path / "calls"),
            "APT_LOCK_WAIT": "1",
            "APT_LOCK_POLL": "0.2",
        },
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode != 0
    assert "toujours occupé" in result.stderr


def test_another_apt_failure_is_not_waited_for(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    fake.write_text(
        '#!/usr/bin/env bash\necho "E: Unable to locate package chromium" >&2\nexit 100\n'
    )
    fake.chmod(0o755)
    started = time.monotonic()
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "apt-install.sh"), "chromium"],
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode != 0
    assert "Unable to locate package" in result.stdout + result.stderr
    assert time.monotonic() - started < 5
