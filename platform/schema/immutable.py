"""Immutable reads answered from memory: a published référentiel version's tree.

A référentiel version that is published (or retired) never changes: its items, levels and
scales are the same for every caller and every request. GraphQL's execution of the tree
(hundreds of objects, thousands of fields) cost 9–11 ms of CPU per request; here the
*completed* value of such a field — what graphql-core would put in the response — is kept
in process, keyed by the version's id and the exact text of the field's selection (with
the request's variables when the selection uses any). A draft is never cached: it may be
discarded, and its id is then unknown anyway.

It is an executor class (graphql-core's ``Executor``, through Strawberry's
``execution_context_class``): the permission and input checks of the root fields still
run, and the root field still resolves which version is asked (the published version may
change); only the version's immutable sub-trees are answered from memory.
"""

from __future__ import annotations

import json
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLObjectType
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from clea_platform.referentiels.models import VersionStatus
from clea_platform.schema.referentiels.types import ReferentielVersionType

#: Distinct (version, selection) pairs kept; a few versions × a few screens' selections.
CACHE_SIZE = 256

_completed: OrderedDict[tuple[object, ...], Any] = OrderedDict()


def _published_version(source: object) -> uuid.UUID | None:
    if isinstance(source, ReferentielVersionType) and source.status != VersionStatus.DRAFT:
        return source.version_id
    return None


#: GraphQL type → (the immutable identity of a source object, or None) and the fields
#: whose completed values depend on that identity only.
IMMUTABLE_FIELDS: dict[str, tuple[Callable[[object], uuid.UUID | None], frozenset[str]]] = {
    "ReferentielVersion": (_published_version, frozenset({"items", "levels"})),
}


def clear() -> None:
    """Forget every cached value (tests)."""
    _completed.clear()


def cached_entries() -> int:
    return len(_completed)


class ImmutableReadsExecutor(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        key = self._immutable_key(parent_type, source, field_details_list)
        if key is None:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        if key in _completed:
            return _completed[key]
        errors_before = len(self.collected_errors.errors)
        result = super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
        if self.is_awaitable(result):
            return self._store_when_done(key, result, errors_before)
        if len(self.collected_errors.errors) == errors_before:
            _store(key, result)
        return result

    async def _store_when_done(
        self, key: tuple[object, ...], result: Awaitable[Any], errors_before: int
    ) -> Any:
        value = await result
        # Only a clean answer is kept (an error anywhere meanwhile: not kept, to be safe).
        if len(self.collected_errors.errors) == errors_before:
            _store(key, value)
        return value

    def _immutable_key(
        self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any
    ) -> tuple[object, ...] | None:
        rule = IMMUTABLE_FIELDS.get(parent_type.name)
        if rule is None:
            return None
        identity, fields = rule
        nodes = [details.node for details in field_details_list]
        if nodes[0].name.value not in fields or (version := identity(source)) is None:
            return None
        texts = []
        for node in nodes:
            if node.loc is None:
                return None
            texts.append(node.loc.source.body[node.loc.start : node.loc.end])
        selection = "\n".join(texts)
        variables = ""
        if "$" in selection:
            variables = json.dumps(self.variable_values, sort_keys=True, default=str)
        return (parent_type.name, version, selection, variables)


def _store(key: tuple[object, ...], value: Any) -> None:
    _completed[key] = value
    if len(_completed) > CACHE_SIZE:
        _completed.popitem(last=False)
