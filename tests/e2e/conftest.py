"""A real server (``clea serve`` in a subprocess) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.conftest import REPO_ROOT

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = REPO_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


def missing(what: str) -> None:
    """Under CI a missing part fails the run; on a laptop the test says what is missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI=true: obligatoire)")
    pytest.skip(what)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def clea(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", *args],
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def server_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The served platform's data directory (database, uploads, ``mail/*.eml``)."""
    return tmp_path_factory.mktemp("e2e-data")


@pytest.fixture(scope="session")
def server_url(server_data_dir: Path) -> Iterator[str]:
    """The platform served on a free port, from a fresh SQLite database with the demo."""
    if not (REPO_ROOT / "frontend" / "dist" / "index.html").exists():
        missing("frontend non construit : lancez « make frontend »")
    data_dir = server_data_dir
    env = {**os.environ, "CLEA_DATA_DIR": str(data_dir), "CLEA_ENV": "development"}
    env.pop("CLEA_DATABASE_URL", None)
    clea("db", "upgrade", env=env)
    clea("demo", env=env)
    port = free_port()
    # Absolute links (OIDC redirect URI, login URLs) must name the port actually served.
    env["CLEA_BASE_URL"] = f"http://127.0.0.1:{port}"
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "clea_platform.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Generous: a loaded machine (parallel test runs) can take a while to start it.
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data_dir / "server.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        missing("Chromium introuvable : installez le paquet Debian « chromium »")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids.
    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    new_page = await context.new_page()
    try:
        yield new_page
    finally:
        await context.close()


async def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the current page, once its CSS
    transitions and animations have ended (a panel fading in reads as low contrast)."""
    await page.evaluate(
        "async () => { await Promise.allSettled("
        "document.getAnimations().map((animation) => animation.finished)); }"
    )
    await page.add_script_tag(path=str(AXE_SCRIPT))
    results = await page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [
                {"target": node["target"], "html": node["html"][:240]} for node in v["nodes"][:3]
            ],
        }
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
