"""The shape of the code base, checked: who may import whom, and where SQL may live.

Each rule is a function of ``tests/architecture/rules.py`` over the parsed sources.
``KNOWN`` lists the violations that existed when a rule was introduced and are being
removed: it may only shrink (a known violation that disappears must leave the list).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from tests.architecture import rules
from tests.architecture.imports import PACKAGE_DIRS, Module, modules

Rule = Callable[[Iterable[Module]], list[str]]

RULES: dict[str, Rule] = {
    "domain contexts never import schema/, web/ or cli/": rules.domain_imports_entry_layers,
    "schema/ never imports web/ or cli/": rules.schema_imports_web,
    "the core never imports a plugin": rules.core_imports_plugins,
    "plugins never import each other": rules.plugins_import_each_other,
    "no import in a function": rules.imports_inside_functions,
    "no SQL in resolvers and routes": rules.sql_in_translating_layers,
    "no module over 600 lines": rules.oversized_modules,
}

# Violations being removed by issue #11 (this list may only shrink; empty when done).
KNOWN: dict[str, set[str]] = {
    "domain contexts never import schema/, web/ or cli/": set(),
    "schema/ never imports web/ or cli/": set(),
    "the core never imports a plugin": set(),
    "plugins never import each other": set(),
    "no import in a function": set(),
    "no SQL in resolvers and routes": set(),
    "no module over 600 lines": set(),
}


def without_line(violation: str) -> str:
    """``path:12 imports x`` → ``path imports x``: known violations survive line moves."""
    return re.sub(r"^(\S+?):\d+ ", r"\1 ", violation)


@pytest.fixture(scope="module")
def code_base() -> list[Module]:
    return [module for package in PACKAGE_DIRS for module in modules(package)]


@pytest.mark.parametrize("name", list(RULES))
def test_the_code_base_keeps_its_shape(name: str, code_base: list[Module]) -> None:
    violations = RULES[name](code_base)
    new = sorted(v for v in violations if without_line(v) not in KNOWN[name])
    assert not new, f"{name}:\n" + "\n".join(new)
    fixed = sorted(KNOWN[name] - {without_line(v) for v in violations})
    assert not fixed, f"{name}: no longer violated, remove from KNOWN:\n" + "\n".join(fixed)


def synthetic(tmp_path: Path, name: str, source: str) -> Module:
    path = tmp_path / (name.rsplit(".", 1)[-1] + ".py")
    path.write_text(source, encoding="utf-8")
    return Module(name, path, ast.parse(source))


# The rules catch what they are meant to catch (each would fail the suite if added).


def test_a_service_importing_the_schema_is_caught(tmp_path: Path) -> None:
    offender = synthetic(
        tmp_path,
        "clea_platform.juries.service",
        "from clea_platform.schema.juries.types import JuryProblem\n",
    )
    assert rules.domain_imports_entry_layers([offender]) == [
        "service.py:1 imports clea_platform.schema.juries.types"
    ]


def test_the_core_importing_a_plugin_is_caught(tmp_path: Path) -> None:
    offender = synthetic(tmp_path, "clea_platform.dossiers.service", "import clea_socle.plugin\n")
    assert rules.core_imports_plugins([offender]) == ["service.py:1 imports clea_socle.plugin"]


def test_a_plugin_importing_another_is_caught(tmp_path: Path) -> None:
    offender = synthetic(tmp_path, "clea_numerique.plugin", "from clea_socle import plugin\n")
    assert rules.plugins_import_each_other([offender]) == ["plugin.py:1 imports clea_socle"]


def test_a_resolver_with_sql_is_caught(tmp_path: Path) -> None:
    offender = synthetic(
        tmp_path,
        "clea_platform.schema.juries.queries",
        "from sqlalchemy import select\n"
        "async def sessions(info):\n"
        "    return await info.context.session.scalars(select(JurySession))\n",
    )
    assert rules.sql_in_translating_layers([offender]) == [
        "queries.py:1 imports select from sqlalchemy",
        "queries.py:3 calls info.context.session.scalars(…)",
    ]


def test_an_import_dodging_a_cycle_inside_a_function_is_caught(tmp_path: Path) -> None:
    offender = synthetic(
        tmp_path,
        "clea_platform.candidates.service",
        "def erase():\n    from clea_platform.dossiers.models import Dossier\n",
    )
    assert "service.py:2 imports clea_platform.dossiers.models in a function" in (
        rules.imports_inside_functions([offender])
    )
