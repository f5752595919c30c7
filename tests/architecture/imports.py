"""The import graph of the code base, read from the sources (nothing is imported)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE_DIRS = {
    "clea_platform": REPO_ROOT / "platform",
    "clea_socle": REPO_ROOT / "plugins" / "clea_socle",
    "clea_numerique": REPO_ROOT / "plugins" / "clea_numerique",
    "clea_management": REPO_ROOT / "plugins" / "clea_management",
}
PLUGIN_PACKAGES = ("clea_socle", "clea_numerique", "clea_management")


@dataclass(frozen=True)
class Module:
    name: str  # dotted import name, e.g. clea_platform.juries.service
    path: Path
    tree: ast.Module

    @property
    def relative_path(self) -> str:
        if self.path.is_relative_to(REPO_ROOT):
            return str(self.path.relative_to(REPO_ROOT))
        return self.path.name

    def imports(self) -> Iterator[tuple[str, tuple[str, ...], int, bool]]:
        """Per import statement: (module named, every dotted name it brings, line, in a function).

        ``from clea_platform import schema`` brings ``clea_platform`` and
        ``clea_platform.schema``, so a rule sees the sub-package imported that way too.
        """
        yield from _imports(self.tree, inside_function=False)


def _imports(
    node: ast.AST, *, inside_function: bool
) -> Iterator[tuple[str, tuple[str, ...], int, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import):
            for alias in child.names:
                yield alias.name, (alias.name,), child.lineno, inside_function
        elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
            names = (child.module, *(f"{child.module}.{a.name}" for a in child.names))
            yield child.module, names, child.lineno, inside_function
        nested = inside_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from _imports(child, inside_function=nested)


def modules(package: str) -> list[Module]:
    root = PACKAGE_DIRS[package]
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "__pycache__" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join((package, *parts))
        found.append(Module(name, path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def in_layer(name: str, layer: str) -> bool:
    return name == layer or name.startswith(layer + ".")
