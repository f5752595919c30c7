"""The `clea` command: helpful, in French, never a traceback."""

from __future__ import annotations

import argparse
import ast
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from clea_platform.cli import main
from tests.conftest import REPO_ROOT


def clea(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_plugins_json_lists_the_three_certifications_with_their_counts() -> None:
    result = clea("plugins", "--json")

    assert result.returncode == 0, result.stderr
    entries = {entry["code"]: entry for entry in json.loads(result.stdout)}
    assert entries["CLEA"]["plugin"] == "clea_socle"
    assert entries["CLEA"]["referentiel"] == {
        "version": "2021-transcription-1",
        "status": "provisional",
        "counts": {"domaine": 7, "sous-domaine": 28, "critère": 107},
    }
    assert entries["CLEA_NUMERIQUE"]["referentiel"]["counts"] == {"compétence": 4}
    assert entries["CLEA_MANAGEMENT"]["referentiel"]["counts"] == {"domaine de compétences": 3}


@pytest.mark.parametrize(
    "args", [(), ("db",), ("referentiel", "import"), ("serve", "--port", "pas-un-port")]
)
def test_usage_errors_explain_what_is_expected(args: tuple[str, ...]) -> None:
    result = clea(*args)

    assert result.returncode == 2
    assert "usage: clea" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_is_in_french() -> None:
    result = clea("--help")

    assert result.returncode == 0
    assert "servir l'API et l'interface web" in result.stdout
    assert "CLEA_DATABASE_URL" in result.stdout


def test_serving_on_a_taken_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = clea("serve", "--port", str(port), env={"CLEA_DATA_DIR": str(tmp_path)})

    assert result.returncode == 1
    assert f"Le port {port} est déjà utilisé sur 127.0.0.1." in result.stderr
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_left_in_time_wait_by_the_previous_run_is_not_reported_busy(
    tmp_path: Path,
) -> None:
    # The previous server closed a connection first: its port stays in TIME_WAIT for
    # about a minute, which uvicorn (SO_REUSEADDR) may listen on again at once.
    with socket.socket() as previous:
        previous.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        previous.bind(("127.0.0.1", 0))
        previous.listen()
        port = previous.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as browser:
            served, _ = previous.accept()
            served.close()
            browser.recv(1)

    result = clea("serve", "--port", str(port), env={"CLEA_DATA_DIR": str(tmp_path)})

    assert "déjà utilisé" not in result.stderr
    # It went on to the next check (this data directory has no migrated database).
    assert "La base de données n'est pas à jour." in result.stderr


def test_an_unreachable_database_is_one_clear_line_without_the_password(tmp_path: Path) -> None:
    url = "postgresql://clea:motdepasse-secret@127.0.0.1:1/clea"

    result = clea("db", "upgrade", env={"CLEA_DATABASE_URL": url, "CLEA_DATA_DIR": str(tmp_path)})

    assert result.returncode == 1
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith(
        "Erreur : Base de données injoignable : postgresql+psycopg://clea:***@127.0.0.1:1/clea"
    )
    assert "motdepasse-secret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_a_secret_refuses_to_start_and_names_the_variable(
    tmp_path: Path,
) -> None:
    result = clea(
        "db",
        "upgrade",
        env={
            "CLEA_ENV": "production",
            "CLEA_DATABASE_URL": "postgresql://x@127.0.0.1:1/x",
            "CLEA_SECRET_KEY": "",
            "CLEA_DATA_DIR": str(tmp_path),
        },
    )

    assert result.returncode == 1
    assert "CLEA_SECRET_KEY est obligatoire quand CLEA_ENV=production." in result.stderr


# --- how the command is put together ---------------------------------------------------


def leaf_commands(parser: argparse.ArgumentParser) -> set[str]:
    """Every runnable command of the parser, as typed (``db upgrade``)."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                below = leaf_commands(sub)
                found |= {f"{name} {rest}" for rest in below} if below else {name}
    return found


def test_every_command_of_the_parser_is_run_by_a_function_of_the_table() -> None:
    # given the parser and the table of commands
    commands = leaf_commands(main.build_parser())
    # then each command has its function, and each function can be loaded
    assert commands == set(main.COMMANDS)
    for name in commands:
        assert callable(main.load_command(name)), name


def test_listing_the_plugins_loads_neither_the_web_app_nor_the_schema_nor_the_database() -> None:
    # when `clea plugins --json` runs
    probe = (
        "import sys, contextlib, io\n"
        "from clea_platform.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['plugins', '--json']) == 0\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(result.stdout.split())
    # then only what listing the plugins needs was imported (start-up stays fast)
    assert "clea_platform.cli.plugins" in loaded
    heavy = {
        "clea_platform.web.app",
        "clea_platform.schema.root",
        "clea_platform.db.engine",
        "clea_platform.db.migrate",
        "clea_platform.cli.server",
        "clea_platform.cli.runtime",
        "strawberry",
        "uvicorn",
        "alembic",
        "weasyprint",
    }
    assert heavy & loaded == set()


def test_no_command_module_imports_inside_a_function() -> None:
    # Start-up speed comes from the table above, not from imports hidden in functions.
    for path in sorted((REPO_ROOT / "platform" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                nested = [
                    node
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                ]
                assert nested == [], f"{path.name}: import inside {function.name}()"
