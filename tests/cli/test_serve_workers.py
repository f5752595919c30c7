"""``clea serve --workers N``: N web processes and one of background jobs, stopped gracefully.

Each web process listens with a socket of its own (``SO_REUSEPORT``): a handful of
keep-alive clients — a load balancer's connection pool — are spread over the processes,
not all accepted by the first one to wake.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from clea_platform.core.config import Settings
from tests.databases import ThrowawayDatabase


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _spawned_children(pid: int) -> list[int]:
    """The processes ``pid`` started through multiprocessing's spawn (web and jobs)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and "spawn_main" in command:
            found.append(int(entry.name))
    return found


def _health_over(connection: socket.socket) -> int:
    """``GET /healthz`` on an open keep-alive connection; the status code."""
    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(4096)
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length")
    )
    while len(body) < length:
        body += connection.recv(4096)
    return int(lines[0].split()[1])


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_several_processes_serve_and_stop_gracefully(
    migrated_database: ThrowawayDatabase, base_settings: Settings, tmp_path: Path
) -> None:
    environment = {
        **os.environ,
        **migrated_database.environ(),
        "CLEA_DATA_DIR": str(base_settings.data_dir),
        "CLEA_SECRET_KEY": base_settings.secret_key,
    }
    port = _free_port()
    command = [sys.executable, "-m", "clea_platform.cli.main", "serve", "--port", str(port)]
    if migrated_database.url.startswith("sqlite"):
        # Given SQLite (one writer): one process only, said in French
        refused = subprocess.run(
            [*command, "--workers", "2"], env=environment, capture_output=True, text=True
        )
        assert refused.returncode == 1
        assert "un seul processus" in refused.stderr
        return

    # Given two web processes (and one of background jobs) on PostgreSQL
    server = subprocess.Popen(
        [*command, "--workers", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.5)
        # When it serves, then is asked to stop (SIGTERM, as a service manager does)
        children = _spawned_children(server.pid)
        answers = [
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json() for _ in range(10)
        ]
        # and sixteen keep-alive clients connect at once, then send requests
        before = {pid: _cpu_ticks(pid) for pid in children}
        pool = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(16)]
        try:
            for _ in range(25):
                for connection in pool:
                    assert _health_over(connection) == 200
        finally:
            for connection in pool:
                connection.close()
        busy = [pid for pid in children if _cpu_ticks(pid) - before[pid] >= 5]
        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=90)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    # Then: three processes (two web, one of jobs) answered and all stopped cleanly
    assert len(children) == 3, children
    assert all(answer == {"status": "ok", "database": "ok"} for answer in answers)
    # and both web processes served the keep-alive clients (all sixteen connections on
    # one process: a chance of 1 in 32 768 with the kernel's spreading)
    assert len(busy) >= 2, busy
    assert returncode == 0
    assert not [pid for pid in children if _alive(pid)]
