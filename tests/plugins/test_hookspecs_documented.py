"""The plugin contract and its guide agree: every hook is documented with its signature."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest

from clea_platform.plugins import hookspecs
from tests.conftest import REPO_ROOT

PLUGINS_GUIDE = REPO_ROOT / "docs" / "plugins.md"
HOOKS: list[tuple[str, Callable[..., Any]]] = [
    (name, function)
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("clea_")
]


def guide() -> str:
    return PLUGINS_GUIDE.read_text(encoding="utf-8")


def rendered_signature(name: str, function: Callable[..., Any]) -> str:
    """``def name(param: type, …) -> type`` as the guide must show it."""
    signature = inspect.signature(function)
    parameters = ", ".join(
        param.name
        if param.annotation is inspect.Parameter.empty
        else f"{param.name}: {param.annotation}"
        for param in signature.parameters.values()
    )
    returns = signature.return_annotation
    arrow = "" if returns is inspect.Signature.empty else f" -> {returns}"
    return f"def {name}({parameters}){arrow}"


def test_the_contract_declares_at_least_one_hook() -> None:
    assert "clea_register_certifications" in [name for name, _ in HOOKS]


def test_the_lifecycle_hooks_are_part_of_the_contract_and_of_its_guide() -> None:
    # given the four moments of a dossier's life plugins are told of
    lifecycle = {
        "clea_dossier_status_changed",
        "clea_evaluation_closed",
        "clea_decision_recorded",
        "clea_certificate_issued",
    }
    # then each is a hook of the contract (so the tests above check its documentation)
    assert lifecycle <= {name for name, _ in HOOKS}
    assert "### Lifecycle hooks" in guide()


@pytest.mark.parametrize(("name", "function"), HOOKS, ids=[name for name, _ in HOOKS])
def test_every_hook_appears_in_the_guide_with_its_signature_and_parameters(
    name: str, function: Callable[..., Any]
) -> None:
    # given the plugin author's guide
    text = guide()
    # then the hook, its exact signature and each parameter name are in it
    assert name in text
    assert rendered_signature(name, function) in text
    for parameter in inspect.signature(function).parameters:
        assert parameter in text


@pytest.mark.parametrize(("name", "function"), HOOKS, ids=[name for name, _ in HOOKS])
def test_every_hook_docstring_summary_appears_in_the_guide(
    name: str, function: Callable[..., Any]
) -> None:
    summary = inspect.getdoc(function)
    assert summary, f"{name} has no docstring"
    assert summary.splitlines()[0] in guide()


def test_the_guide_documents_no_hook_that_does_not_exist() -> None:
    # given every hook signature the guide shows
    documented = set(re.findall(r"def (clea_\w+)\(", guide()))
    # then each one is a hook of the contract
    assert documented <= {name for name, _ in HOOKS}


def test_the_guide_names_the_entry_point_group() -> None:
    assert f'"{hookspecs.ENTRY_POINT_GROUP}"' in guide()
