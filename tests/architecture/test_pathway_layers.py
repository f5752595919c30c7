"""The pathway's contexts import one another one way, and their API layer only translates.

Candidates, dossiers, evaluations, training and documents are layered in that order, with
the pathway seen whole (``platform/pathway``: the dossier list, one's work, GDPR) above
them all: a context imports only the contexts below it, never one above, and never by an
import hidden inside a function. Their GraphQL packages and download routes hold no SQL and
write no audit event: the domain does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PLATFORM = REPO_ROOT / "platform"
#: Lowest first: each may import the ones before it only.
LAYERS = ("candidates", "dossiers", "evaluations", "training", "documents", "pathway")
API_MODULES = [
    *(path for context in LAYERS for path in sorted((PLATFORM / "schema" / context).glob("*.py"))),
    PLATFORM / "web" / "documents.py",
]
#: What a resolver or a route must leave to the domain.
DOMAIN_ONLY = ("select(", "session.get(", "session.execute(", "session.scalar", "audit.record(")


def imported_modules(tree: ast.AST) -> Iterator[tuple[ast.stmt, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node, node.module


def context_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "clea_platform" and len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return None


def modules_of(context: str) -> list[Path]:
    return sorted((PLATFORM / context).glob("*.py"))


@pytest.mark.parametrize("context", LAYERS)
def test_a_pathway_context_imports_only_the_contexts_below_it(context: str) -> None:
    above = set(LAYERS[LAYERS.index(context) + 1 :])
    wrong = [
        f"{path.relative_to(REPO_ROOT)}:{node.lineno} imports {module}"
        for path in modules_of(context)
        for node, module in imported_modules(ast.parse(path.read_text()))
        if context_of(module) in above
    ]
    assert wrong == [], f"{context} sits below {sorted(above)}: move the code up instead"


@pytest.mark.parametrize("context", LAYERS)
def test_no_import_hides_inside_a_function(context: str) -> None:
    hidden = []
    for path in modules_of(context):
        for function in ast.walk(ast.parse(path.read_text())):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [
                    f"{path.relative_to(REPO_ROOT)}:{node.lineno} imports {module}"
                    for node, module in imported_modules(function)
                ]
    assert hidden == []


@pytest.mark.parametrize("path", API_MODULES, ids=lambda path: str(path.relative_to(PLATFORM)))
def test_the_api_layer_of_the_pathway_leaves_sql_and_audit_to_the_domain(path: Path) -> None:
    source = path.read_text()
    assert [call for call in DOMAIN_ONLY if call in source] == []


def test_the_layers_cover_every_pathway_package() -> None:
    # A new context of the pathway gets its place in LAYERS (and so, a direction).
    for context in LAYERS:
        assert modules_of(context), context
