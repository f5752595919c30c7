"""The schema's executor: graphql-core's, with a short path for plain leaf fields.

A page of 50 dossiers is about a thousand fields, and most of them are plain attributes
(``id``, ``status``, ``openedAt``…) of objects their parent already loaded and checked.
graphql-core runs each one through its whole machinery: a ``ResolveInfo`` built, the
middleware asked, Strawberry's resolver wrapper, then the completion of the value
(non-null, list, leaf…) — about 10 µs a field, most of a list's GraphQL CPU.

Here a field that Strawberry itself marks as *basic* (no resolver, no field extension,
no permission, no exception handler: its value is ``getattr(source, python_name)``), with
no argument, whose type is a scalar or an enum (non-null or not), and with no schema
middleware in the request, is answered directly: the attribute read, then the type's
``coerce_output_value`` — what graphql-core would compute, without the objects around
it. An enum's member is named from a table built once (Strawberry's own
``coerce_output_value`` compares the member with each of the enum's values in turn, about
half a millisecond of a list page). Anything unusual (a ``None`` for a non-null field, an
exception, an awaitable, a value the type refuses) goes back to graphql-core's own path,
which reports it exactly as before. A basic field holding an object, or a list of
objects, of a type without ``is_type_of`` has its sub-selection executed directly (no
``ResolveInfo``, no default resolver call), its errors handled as ``execute_field``
handles them. Fields with a resolver or arguments — where permissions, DataLoaders and
audits live — are never on the short path. ``tests/schema/test_execution_short_path.py``
checks the answers (data, errors and their paths) against graphql-core's own path.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from graphql.pyutils.gather_with_cancel import gather_with_cancel

from clea_platform.schema.immutable import ImmutableReadsExecutor

#: Strawberry's back-reference from a graphql-core field to its ``StrawberryField``.
_DEFINITION = "strawberry-definition"
#: In a resolver field's metadata: the attribute of its object that may hold its value,
#: already loaded (a 1-tuple), for the short path to take without calling the resolver.
PRELOADED = "clea_preloaded"


def preloaded(attribute: str) -> dict[str, str]:
    """Metadata of a resolver field whose value a list may load ahead for its whole page:
    when ``attribute`` holds ``(value,)``, the resolver would answer ``value`` (it must),
    and the short path takes it from there; when it holds None, the resolver runs."""
    return {PRELOADED: attribute}


#: (parent type, field name) → its plan (``_Leaf`` or ``_Objects``), or None when the
#: field must take graphql-core's path. Filled on first use; the schema is built once.
_plans: dict[tuple[GraphQLObjectType, str], _Leaf | _Objects | None] = {}


class _EnumNames:
    """A Strawberry enum's output coercion as one dict lookup: member → GraphQL name.

    The table is what Strawberry's ``coerce_output_value`` would answer for each member
    (the name of the GraphQL value equal to the member's value); anything else (a plain
    string, an unknown value) goes to the type itself, which accepts or refuses it.
    """

    __slots__ = ("enum_type", "names")

    def __init__(self, enum_type: GraphQLEnumType) -> None:
        self.enum_type = enum_type
        wrapped = getattr(enum_type, "wrapped_cls", None)
        members = list(wrapped) if isinstance(wrapped, type) and issubclass(wrapped, Enum) else []
        self.names: dict[Any, str] = {}
        for member in members:
            for name, value in enum_type.values.items():
                if member.value == value.value:
                    self.names[member] = name
                    break

    def coerce_output_value(self, value: Any) -> Any:
        # Members are hashable; an unhashable value is no member (the type decides).
        try:
            return self.names[value]
        except (KeyError, TypeError):
            return self.enum_type.coerce_output_value(value)


def _unwrapped(graphql_type: Any) -> tuple[Any, bool]:
    if isinstance(graphql_type, GraphQLNonNull):
        return graphql_type.of_type, True
    return graphql_type, False


def _plain_object(graphql_type: Any) -> bool:
    """An object type graphql-core completes without asking ``is_type_of``."""
    return isinstance(graphql_type, GraphQLObjectType) and graphql_type.is_type_of is None


def _plan(
    executor: PlatformExecutor, parent_type: GraphQLObjectType, name: str
) -> _Leaf | _Objects | None:
    """A basic field's plan: a leaf (``_Leaf``), an object or a list of objects
    (``_Objects``); None for graphql-core's path."""
    key = (parent_type, name)
    if key in _plans:
        return _plans[key]
    plan: _Leaf | _Objects | None = None
    field_def = executor.schema.get_field(parent_type, name)
    if field_def is not None and not field_def.args:
        resolve = field_def.resolve
        definition = (field_def.extensions or {}).get(_DEFINITION)
        return_type = field_def.type
        named, non_null = _unwrapped(return_type)
        held = None if definition is None else (definition.metadata or {}).get(PRELOADED)
        if (
            held is not None
            and definition is not None
            and not definition.extensions
            and (_plain_object(named))
        ):
            plan = _Objects(held, return_type, named, non_null, None, preloaded=True)
        elif (
            resolve is not None
            and getattr(resolve, "_is_default", False)  # Strawberry's basic field
            and definition is not None
            and not definition.base_resolver
            and not definition.extensions
            and definition.python_name
        ):
            attribute = definition.python_name
            if isinstance(named, GraphQLScalarType | GraphQLEnumType):
                coerce = _EnumNames(named) if isinstance(named, GraphQLEnumType) else named
                plan = _Leaf(attribute, coerce, non_null)
            elif _plain_object(named):
                plan = _Objects(attribute, return_type, named, non_null, None)
            elif isinstance(named, GraphQLList):
                item, item_non_null = _unwrapped(named.of_type)
                if _plain_object(item):
                    plan = _Objects(attribute, return_type, item, non_null, item_non_null)
    _plans[key] = plan
    return plan


class _Leaf(NamedTuple):
    attribute: str
    leaf: Any
    non_null: bool


class _Objects(NamedTuple):
    """A basic field of an object type, or of a list of them (``item_non_null`` not None),
    or a resolver field of an object type whose value may be preloaded (``preloaded``)."""

    attribute: str
    return_type: Any
    object_type: GraphQLObjectType
    non_null: bool
    item_non_null: bool | None
    preloaded: bool = False


#: A leaf the short path could not answer: graphql-core's own path takes it.
_SLOW = object()
#: Values that are plainly neither an exception nor awaitable (enum members too).
_PLAIN = frozenset({str, int, float, bool, uuid.UUID, dt.date, dt.datetime, Decimal})


def _leaf(plan: _Leaf, source: Any, is_awaitable: Callable[[Any], bool]) -> Any:
    """The completed value of a planned leaf, or ``_SLOW``."""
    attribute, leaf, non_null = plan
    try:
        value = getattr(source, attribute)
        if value is None:
            return _SLOW if non_null else None
        plain = type(value) in _PLAIN or isinstance(value, Enum)
        if not plain and (isinstance(value, Exception) or is_awaitable(value)):
            return _SLOW
        serialized = leaf.coerce_output_value(value)
    except Exception:  # graphql-core's own path reports it
        return _SLOW
    if serialized is None or serialized is Undefined:
        return _SLOW
    return serialized


async def _ready(value: Any) -> Any:
    return value


class PlatformExecutor(ImmutableReadsExecutor):
    """Immutable reads from memory (``immutable.py``) and planned fields (leaves, objects,
    lists of objects, preloaded values) on a short path.

    The short path runs inside :meth:`execute_fields`, once per object: the plan of each
    of the selection's fields is looked up once per selection (graphql-core memoizes the
    selections it collects, so a page of 50 objects shares one), and a planned leaf costs
    no ``Path``, no call of :meth:`execute_field` and no awaitable check of its answer.
    The rest of :meth:`execute_fields` (awaiting the fields that are awaitable) is
    graphql-core's own, which the override has to repeat.
    """

    _selection_plans: dict[int, tuple[Any, list[tuple[str, Any, _Leaf | _Objects | None]]]]
    _short_path: bool | None = None

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if self._short_path is None:
            self._short_path = not self._has_middleware()
            self._selection_plans = {}
        if not self._short_path:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, plan in self._plans(
                parent_type, grouped_field_set
            ):
                if plan is not None:
                    if isinstance(plan, _Leaf):
                        value = _leaf(plan, source_value, is_awaitable)
                    else:
                        value = self._objects(
                            plan,
                            parent_type,
                            source_value,
                            field_details_list,
                            path,
                            response_name,
                            position_context,
                        )
                    if value is not _SLOW:
                        results[response_name] = value
                        if isinstance(plan, _Objects) and is_awaitable(value):
                            awaitable_fields.append(response_name)
                        continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                # As graphql-core does: awaitables already created must settle.
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _objects(
        self,
        plan: _Objects,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path | None,
        response_name: str,
        position_context: Any,
    ) -> Any:
        """A basic field holding an object (or a list of them): its sub-selection executed
        as graphql-core's ``complete_value`` would, without building a ``ResolveInfo`` and
        calling the default resolver; errors handled as ``execute_field`` handles them.
        ``_SLOW`` (before anything ran) when graphql-core must take it."""
        node = field_details_list[0].node
        if node.directives:  # @stream and the like: graphql-core's
            return _SLOW
        try:
            value = getattr(source, plan.attribute)
        except Exception:
            return _SLOW
        if plan.preloaded:
            if type(value) is not tuple:  # not loaded ahead: the resolver's turn
                return _SLOW
            value = value[0]
        if value is None:
            return _SLOW if plan.non_null else None
        if isinstance(value, Exception) or self.is_awaitable(value):
            return _SLOW
        if plan.item_non_null is not None and (
            type(value) not in (list, tuple)
            or (plan.item_non_null and any(item is None for item in value))
        ):
            return _SLOW
        field_path = Path(path, response_name, parent_type.name)
        try:
            if plan.item_non_null is None:
                completed = self.collect_and_execute_subfields(
                    plan.object_type, field_details_list, field_path, value, position_context
                )
            else:
                completed = self._object_items(
                    plan, field_details_list, field_path, value, position_context
                )
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.return_type, field_details_list, field_path)
            return None
        if self.is_awaitable(completed):
            return self._awaited_field(completed, plan.return_type, field_details_list, field_path)
        return completed

    def _object_items(
        self,
        plan: _Objects,
        field_details_list: Any,
        field_path: Path,
        items: Any,
        position_context: Any,
    ) -> Any:
        item_type = GraphQLNonNull(plan.object_type) if plan.item_non_null else plan.object_type
        completed: list[Any] = []
        awaitable = False
        for index, item in enumerate(items):
            item_path = field_path.add_key(index, None)
            if item is None:
                completed.append(None)
                continue
            try:
                result = self.collect_and_execute_subfields(
                    plan.object_type, field_details_list, item_path, item, position_context
                )
            except Exception as raw_error:
                self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                result = None
            if self.is_awaitable(result):
                awaitable = True
                result = self._awaited_field(result, item_type, field_details_list, item_path)
            completed.append(result)
        if not awaitable:
            return completed

        async def gathered() -> list[Any]:
            return await gather_with_cancel(
                *(value if self.is_awaitable(value) else _ready(value) for value in completed)
            )

        return gathered()

    async def _awaited_field(
        self, completed: Any, return_type: Any, field_details_list: Any, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _plans(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[tuple[str, Any, _Leaf | _Objects | None]]:
        """Each field of a selection with its short-path plan (None: graphql-core's path)."""
        key = id(grouped_field_set)
        kept = self._selection_plans.get(key)
        if kept is not None and kept[0] is grouped_field_set:
            return kept[1]
        plans = []
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            plan = None if node.arguments else _plan(self, parent_type, node.name.value)
            plans.append((response_name, field_details_list, plan))
        # The selection is kept alive with its plans, so its id is not reused meanwhile.
        self._selection_plans[key] = (grouped_field_set, plans)
        return plans

    def _has_middleware(self) -> bool:
        manager = self.middleware_manager
        return manager is not None and manager._middleware_resolvers is not None
