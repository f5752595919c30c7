"""The in-memory référentiel tree shared by the file format, the database and scoring.

A référentiel is a tree of nodes (e.g. domaine → sous-domaine → critère); the leaves
are the evaluable items. The same structure is built from a ``clea-referentiel/1``
file and from the rows of a stored version, so scoring rules see one shape only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One node of a référentiel; a node without children is an evaluable item."""

    code: str
    title: str
    depth: int
    position: int
    parent_code: str | None = None
    provisional: bool = False
    children: tuple[TreeNode, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[TreeNode]:
        """This node then its descendants, depth first, siblings in order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[TreeNode]:
        return (node for node in self.walk() if node.is_leaf)


@dataclass(frozen=True, slots=True)
class ReferentielTree:
    """A whole référentiel: level names, scoring parameters and the root nodes.

    Example:
        >>> leaf = TreeNode(code="1", title="Organiser", depth=1, position=0)
        >>> tree = ReferentielTree(levels=("domaine",), roots=(leaf,))
        >>> [node.code for node in tree.leaves()]
        ['1']
    """

    levels: tuple[str, ...]
    roots: tuple[TreeNode, ...]
    scoring_parameters: Mapping[str, Any] = field(default_factory=dict)

    def walk(self) -> Iterator[TreeNode]:
        for root in self.roots:
            yield from root.walk()

    def leaves(self) -> Iterator[TreeNode]:
        return (node for node in self.walk() if node.is_leaf)

    def leaf_codes(self) -> tuple[str, ...]:
        return tuple(node.code for node in self.leaves())

    def level_name(self, depth: int) -> str:
        return self.levels[min(depth, len(self.levels)) - 1]

    def counts_per_level(self) -> dict[str, int]:
        """Number of nodes at each level, keyed by level name, outermost first."""
        counts = dict.fromkeys(self.levels, 0)
        for node in self.walk():
            counts[self.level_name(node.depth)] += 1
        return counts


@dataclass(frozen=True, slots=True)
class FlatNode:
    """A node as stored in a table: the tree's shape is carried by ``parent_code``."""

    code: str
    title: str
    depth: int
    position: int
    parent_code: str | None
    provisional: bool


def build_tree(
    levels: tuple[str, ...],
    flat_nodes: list[FlatNode],
    scoring_parameters: Mapping[str, Any] | None = None,
) -> ReferentielTree:
    """Rebuild a tree from flat nodes in any order (children sorted by position)."""
    children_of: dict[str | None, list[FlatNode]] = {}
    for node in flat_nodes:
        children_of.setdefault(node.parent_code, []).append(node)

    def assemble(flat: FlatNode) -> TreeNode:
        kids = sorted(children_of.get(flat.code, []), key=lambda child: child.position)
        return TreeNode(
            code=flat.code,
            title=flat.title,
            depth=flat.depth,
            position=flat.position,
            parent_code=flat.parent_code,
            provisional=flat.provisional,
            children=tuple(assemble(kid) for kid in kids),
        )

    roots = sorted(children_of.get(None, []), key=lambda node: node.position)
    return ReferentielTree(
        levels=levels,
        roots=tuple(assemble(root) for root in roots),
        scoring_parameters=dict(scoring_parameters or {}),
    )
