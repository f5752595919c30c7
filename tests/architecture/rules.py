"""The architecture's rules as functions from modules to violations (one line each)."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from tests.architecture.imports import PLUGIN_PACKAGES, Module, in_layer

ENTRY_LAYERS = ("clea_platform.schema", "clea_platform.web", "clea_platform.cli")
# Layers that only translate: they read input, call the domain and map the result.
TRANSLATING_LAYERS = ("clea_platform.schema", "clea_platform.web")
SQL_BUILDERS = {"select", "insert", "update", "delete", "text", "func", "exists", "union"}
SQL_METHODS = {"execute", "scalar", "scalars", "stream", "stream_scalars", "get", "merge"}
MAX_MODULE_LINES = 600
GENERATED_OR_DATA = ("clea_platform.migrations",)


def domain_imports_entry_layers(modules: Iterable[Module]) -> list[str]:
    """Domain contexts never import the GraphQL schema, the web app or the CLI."""
    return sorted(
        f"{module.relative_path}:{line} imports {named}"
        for module in modules
        if not any(in_layer(module.name, layer) for layer in ENTRY_LAYERS)
        for named, names, line, _ in module.imports()
        if any(in_layer(name, layer) for name in names for layer in ENTRY_LAYERS)
    )


def schema_imports_web(modules: Iterable[Module]) -> list[str]:
    """Requests flow one way: web → schema → domain."""
    return sorted(
        f"{module.relative_path}:{line} imports {named}"
        for module in modules
        if in_layer(module.name, "clea_platform.schema")
        for named, names, line, _ in module.imports()
        if any(
            in_layer(name, "clea_platform.web") or in_layer(name, "clea_platform.cli")
            for name in names
        )
    )


def core_imports_plugins(modules: Iterable[Module]) -> list[str]:
    """The core knows no certification: it never imports a plugin package."""
    return sorted(
        f"{module.relative_path}:{line} imports {named}"
        for module in modules
        if in_layer(module.name, "clea_platform")
        for named, names, line, _ in module.imports()
        if any(in_layer(name, plugin) for name in names for plugin in PLUGIN_PACKAGES)
    )


def plugins_import_each_other(modules: Iterable[Module]) -> list[str]:
    found = []
    for module in modules:
        own = next((p for p in PLUGIN_PACKAGES if in_layer(module.name, p)), None)
        if own is None:
            continue
        others = [p for p in PLUGIN_PACKAGES if p != own]
        for named, names, line, _ in module.imports():
            if any(in_layer(name, other) for name in names for other in others):
                found.append(f"{module.relative_path}:{line} imports {named}")
    return sorted(found)


def imports_inside_functions(modules: Iterable[Module]) -> list[str]:
    """An import hidden in a function body usually dodges a cycle: fix the direction."""
    return sorted(
        f"{module.relative_path}:{line} imports {named} in a function"
        for module in modules
        for named, _, line, inside in module.imports()
        if inside and named.startswith(("clea_platform", *PLUGIN_PACKAGES))
    )


def sql_in_translating_layers(modules: Iterable[Module]) -> list[str]:
    """Resolvers and routes issue no SQL: no query builder, no session query method."""
    found = set()
    for module in modules:
        if not any(in_layer(module.name, layer) for layer in TRANSLATING_LAYERS):
            continue
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("sqlalchemy")
            ):
                builders = sorted(a.name for a in node.names if a.name in SQL_BUILDERS)
                if builders:
                    found.add(
                        f"{module.relative_path}:{node.lineno} imports "
                        f"{', '.join(builders)} from {node.module}"
                    )
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_METHODS
                and "session" in (receiver := ast.unparse(node.func.value)).lower()
                and not receiver.endswith(".info")
            ):
                found.add(f"{module.relative_path}:{node.lineno} calls {ast.unparse(node.func)}(…)")
    return sorted(found)


def oversized_modules(modules: Iterable[Module]) -> list[str]:
    return sorted(
        f"{module.relative_path} has {lines} lines"
        for module in modules
        if not any(in_layer(module.name, layer) for layer in GENERATED_OR_DATA)
        and (lines := len(module.path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    )
