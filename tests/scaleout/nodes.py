"""Real ``clea serve`` processes for the scale-out tests: one database, separate folders."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def clea(*args: str, env: Mapping[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", *args],
        env=dict(env),
        check=True,
        capture_output=True,
    )


@dataclass
class Node:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        return (self.data_dir / "server.log").read_text(errors="replace")


def start_node(data_dir: Path, env: Mapping[str, str], *extra: str, port: int = 0) -> Node:
    """``clea serve`` on a (free) port with its own data folder; waits for /healthz."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    node_env = {**os.environ, **env, "CLEA_DATA_DIR": str(data_dir)}
    node_env["CLEA_BASE_URL"] = f"http://127.0.0.1:{port}"
    log = (data_dir / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "clea_platform.cli.main", "serve", "--port", str(port), *extra],
        env=node_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    node = Node(f"http://127.0.0.1:{port}", data_dir, process)
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{node.url}/healthz", timeout=1).status_code == 200:
                return node
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_node(node)
            raise RuntimeError(node.log())
        time.sleep(0.2)


def stop_node(node: Node) -> None:
    if node.process.poll() is None:
        node.process.terminate()
        try:
            node.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait()


@contextmanager
def nodes(root: Path, env: Mapping[str, str], count: int = 2) -> Iterator[list[Node]]:
    started: list[Node] = []
    try:
        for index in range(count):
            started.append(start_node(root / f"node-{index + 1}", env))
        yield started
    finally:
        for node in started:
            stop_node(node)
