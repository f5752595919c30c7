"""What a GraphQL document may cost, measured on the parsed document before validation.

Validation is where a hostile document spends the server's time: the rule "overlapping
fields can be merged" compares every pair of fields that share a response name, so
``{ viewer { user { id } user { id } … ×700 } }`` (4 KB, within the token limit) costs
seconds, and each new repeat count misses the validation cache. :class:`QueryCostLimiter`
walks the document once, as the validator would merge it (fragments and inline fragments
folded into their parent, fields grouped by response name), and refuses it before
validation when

- it selects more than :data:`MAX_FIELDS` fields once fragments are expanded, or
- its merge cost, the sum over every group of same-named fields of the group's size
  squared (the number of pairs the validator compares, up to a constant), exceeds
  :data:`MAX_MERGE_COST`, or
- it nests deeper than :data:`MAX_WALK_DEPTH` (fragment cycles included).

The walk stops as soon as a bound is passed, so a refusal costs at most ``MAX_FIELDS``
steps: well under a millisecond. The same walk refuses introspection (``__schema``,
``__type``) when the settings turn it off.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry.extensions import SchemaExtension

MAX_FIELDS = 1000
MAX_MERGE_COST = 2000
MAX_WALK_DEPTH = 24
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
#: Documents whose cost is kept: the parser cache (``schema/root.py``) hands the same
#: document object to every request with the same text, so its cost is measured once.
MEASURED_SIZE = 256

#: id(document) → (the document, its cost); the document is kept so its id is not reused.
_measured: OrderedDict[int, tuple[DocumentNode, DocumentCost]] = OrderedDict()


class _TooCostlyError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class DocumentCost:
    """What the walk found: expanded fields, merge cost, deepest level, introspection."""

    fields: int = 0
    merge_cost: int = 0
    depth: int = 0
    introspection: bool = False
    _fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)

    def _count_field(self) -> None:
        self.fields += 1
        if self.fields > MAX_FIELDS:
            raise _TooCostlyError(
                f"Requête trop coûteuse : plus de {MAX_FIELDS} champs sélectionnés "
                "(fragments compris). Découpez-la en plusieurs requêtes."
            )

    def _add_group(self, size: int) -> None:
        self.merge_cost += size * size
        if self.merge_cost > MAX_MERGE_COST:
            raise _TooCostlyError(
                "Requête trop coûteuse : trop de champs répétés sous le même nom. "
                "Sélectionnez chaque champ une seule fois."
            )

    def _enter(self, depth: int) -> None:
        self.depth = max(self.depth, depth)
        if depth > MAX_WALK_DEPTH:
            raise _TooCostlyError(
                f"Requête trop imbriquée : {MAX_WALK_DEPTH} niveaux au plus (fragments compris)."
            )


def measure(document: DocumentNode) -> DocumentCost:
    """Walk ``document``; raises :class:`GraphQLError` as soon as a bound is passed.

    Example:
        >>> from graphql import parse
        >>> cost = measure(parse("{ viewer { user { id } user { id } } }"))
        >>> cost.fields, cost.merge_cost
        (5, 9)
    """
    cost = DocumentCost()
    cost._fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    try:
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                _walk(cost, [definition.selection_set], depth=1)
    except _TooCostlyError as error:
        raise GraphQLError(error.message, extensions={"code": QUERY_TOO_COMPLEX}) from None
    return cost


def _walk(cost: DocumentCost, selection_sets: Sequence[SelectionSetNode], depth: int) -> None:
    cost._enter(depth)
    groups: dict[str, list[FieldNode]] = {}
    for node in _fields(cost, selection_sets, visiting=(), depth=depth):
        if depth == 1 and node.name.value in INTROSPECTION_FIELDS:
            cost.introspection = True
        groups.setdefault((node.alias or node.name).value, []).append(node)
    for nodes in groups.values():
        cost._add_group(len(nodes))
        children = [node.selection_set for node in nodes if node.selection_set is not None]
        if children:
            _walk(cost, children, depth + 1)


def _fields(
    cost: DocumentCost,
    selection_sets: Sequence[SelectionSetNode],
    visiting: tuple[str, ...],
    depth: int,
) -> Iterator[FieldNode]:
    """The fields of ``selection_sets`` with fragments folded in, as the validator merges."""
    for selection_set in selection_sets:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost._count_field()
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                cost._enter(depth + len(visiting) + 1)
                yield from _fields(cost, [selection.selection_set], visiting, depth)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = cost._fragments.get(name)
                # Unknown or cyclic spreads are the validator's to report.
                if fragment is None or name in visiting:
                    continue
                cost._enter(depth + len(visiting) + 1)
                yield from _fields(cost, [fragment.selection_set], (*visiting, name), depth)


def measured(document: DocumentNode) -> DocumentCost:
    """:func:`measure`, once per document object (a refused document is not kept: it is
    measured, and refused, again)."""
    entry = _measured.get(id(document))
    if entry is not None and entry[0] is document:
        return entry[1]
    cost = measure(document)
    _measured[id(document)] = (document, cost)
    if len(_measured) > MEASURED_SIZE:
        _measured.popitem(last=False)
    return cost


class QueryCostLimiter(SchemaExtension):
    """Refuses over-costly documents (and introspection when off) before validation.

    Runs once the document is parsed (or taken from the parser cache): a refused
    document never reaches validation, nor its cache.
    """

    def on_parse(self) -> Iterator[None]:
        yield
        document = self.execution_context.graphql_document
        if document is None:
            return
        cost = measured(document)
        if cost.introspection and not _introspection_allowed(self.execution_context.context):
            raise GraphQLError(
                "L'introspection du schéma est désactivée sur ce serveur : le schéma est "
                "publié dans le fichier schema.graphql du projet.",
                extensions={"code": INTROSPECTION_DISABLED},
            )


def _introspection_allowed(context: object) -> bool:
    settings = getattr(context, "settings", None)
    return bool(getattr(settings, "graphql_introspection", True))
