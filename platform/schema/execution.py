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
which reports it exactly as before. Fields with a resolver, arguments, objects and lists —
where permissions, DataLoaders and audits live — are never on the short path.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path

from clea_platform.schema.immutable import ImmutableReadsExecutor

#: Strawberry's back-reference from a graphql-core field to its ``StrawberryField``.
_DEFINITION = "strawberry-definition"

#: (parent type, field name) → (python attribute, leaf type, non-null) or None when the
#: field must take graphql-core's path. Filled on first use; the schema is built once.
_plans: dict[tuple[GraphQLObjectType, str], tuple[str, Any, bool] | None] = {}


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


def _plan(executor: PlatformExecutor, parent_type: GraphQLObjectType, name: str) -> Any:
    key = (parent_type, name)
    if key in _plans:
        return _plans[key]
    plan = None
    field_def = executor.schema.get_field(parent_type, name)
    if field_def is not None and not field_def.args:
        resolve = field_def.resolve
        definition = (field_def.extensions or {}).get(_DEFINITION)
        return_type = field_def.type
        non_null = isinstance(return_type, GraphQLNonNull)
        leaf = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        if (
            resolve is not None
            and getattr(resolve, "_is_default", False)  # Strawberry's basic field
            and definition is not None
            and not definition.base_resolver
            and not definition.extensions
            and definition.python_name
            and isinstance(leaf, GraphQLScalarType | GraphQLEnumType)
        ):
            coerce = _EnumNames(leaf) if isinstance(leaf, GraphQLEnumType) else leaf
            plan = (definition.python_name, coerce, non_null)
    _plans[key] = plan
    return plan


class PlatformExecutor(ImmutableReadsExecutor):
    """Immutable reads from memory (``immutable.py``) and plain leaves on a short path."""

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        plan = _plan(self, parent_type, node.name.value)
        if plan is not None and not node.arguments and not self._has_middleware():
            attribute, leaf, non_null = plan
            try:
                value = getattr(source, attribute)
                if value is None:
                    if not non_null:
                        return None
                elif not isinstance(value, Exception) and not self.is_awaitable(value):
                    serialized = leaf.coerce_output_value(value)
                    if serialized is not None and serialized is not Undefined:
                        return serialized
            except Exception:  # graphql-core's own path below reports it
                pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _has_middleware(self) -> bool:
        manager = self.middleware_manager
        return manager is not None and manager._middleware_resolvers is not None
