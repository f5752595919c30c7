"""Writing a batch: bulk INSERTs, each organisation's rows as that organisation.

On PostgreSQL each table goes in column by column (one delimited string per column);
elsewhere through SQLAlchemy's bulk insert. Both store exactly the same rows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text, bindparam, cast, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.db.base import new_id
from clea_platform.demo.scale.model import INSERT_ORDER, Batch
from clea_platform.evaluations.models import ItemResult
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import refresh_tenant

ITEM_ROWS_PER_STATEMENT = 20_000
SYSTEM_LABEL = "système (clea demo --scale)"


def _system_actor(organisation_id: uuid.UUID) -> Actor:
    return Actor(
        label=SYSTEM_LABEL, organisation_id=organisation_id, roles=frozenset({"org_admin"})
    )


def _result_rows(
    organisation_id: uuid.UUID, results: Sequence[tuple[Any, ...]]
) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(results), ITEM_ROWS_PER_STATEMENT):
        yield [
            {
                "organisation_id": organisation_id,
                "id": new_id(),
                "evaluation_id": evaluation_id,
                "item_code": code,
                "value": value,
                "comment": "",
                "changed_in_revision": revision,
                "updated_by_id": by,
                "updated_at": at,
            }
            for evaluation_id, code, value, revision, by, at in results[
                start : start + ITEM_ROWS_PER_STATEMENT
            ]
        ]


def _insert(model: type[Any]) -> Any:
    # NULLs rendered rather than omitted: rows with and without a value share one batch.
    return insert(model).execution_options(render_nulls=True)


# On PostgreSQL every table goes in as one INSERT … SELECT per chunk, each column sent
# as one delimited string (unnest of string_to_array): an executemany costs the server
# a statement per row and Python some 30 µs per row; this takes a third of the time.
SEPARATOR = "\x1f"  # ASCII unit separator, and record separator for NULL: never in the
NULL = "\x1e"  # generated text (checked)


def _columnar_insert(model: type[Any]) -> Any:
    columns = list(model.__table__.columns)
    arrays = []
    for column in columns:
        # Text goes in as text: the INSERT's own cast then refuses what is too long, where
        # an explicit cast to VARCHAR(n) would silently cut it.
        element = Text() if isinstance(column.type, String) else column.type
        split = func.string_to_array(bindparam(column.key, type_=Text), SEPARATOR, NULL)
        arrays.append(cast(split, ARRAY(element)))
    rows = func.unnest(*arrays).table_valued(*(c.key for c in columns)).render_derived()
    return insert(model.__table__).from_select(
        [c.key for c in columns], select(*(rows.c[c.key] for c in columns))
    )


def _text_of(column: Any) -> Callable[[Any], str]:
    if isinstance(column.type, JSON):
        return json.dumps
    # AwareDateTime decorates a DateTime: its values are datetimes all the same.
    if isinstance(getattr(column.type, "impl", column.type), DateTime):
        return dt.datetime.isoformat
    return str


def _value(row: Mapping[str, Any], column: Any) -> Any:
    """The row's value, NULL for a nullable column the generator does not fill (as the ORM's
    insert leaves it); a column with a default must be given (this path applies none)."""
    if column.key in row:
        return row[column.key]
    if column.nullable and column.default is None and column.server_default is None:
        return None
    raise KeyError(column.key)


def _columnar_params(model: type[Any], rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    params = {}
    for column in model.__table__.columns:
        text_of = _text_of(column)
        # As SQLAlchemy does: None in a JSON column is the JSON null, elsewhere SQL NULL.
        null = "null" if isinstance(column.type, JSON) and not column.type.none_as_null else NULL
        joined = SEPARATOR.join(
            [null if (value := _value(row, column)) is None else text_of(value) for row in rows]
        )
        if joined.count(SEPARATOR) != len(rows) - 1 or (
            NULL in joined and column.nullable is False
        ):
            raise ValueError(f"{model.__name__}.{column.key} : une valeur contient le séparateur")
        params[column.key] = joined
    return params


def _result_columns(
    organisation_id: uuid.UUID, results: Sequence[tuple[Any, ...]]
) -> dict[str, str]:
    """The columns of item results, straight from their tuples (the bulk of all rows)."""
    evaluation_ids, codes, values, revisions, by, at = zip(*results, strict=True)
    columns = {
        "organisation_id": SEPARATOR.join([str(organisation_id)] * len(results)),
        "id": SEPARATOR.join([new_id().hex for _ in results]),
        # An evaluation has tens of results: its identifier is formatted once.
        "evaluation_id": SEPARATOR.join(map(_memo({}, str), evaluation_ids)),
        "item_code": SEPARATOR.join(codes),
        "value": SEPARATOR.join(values),
        "comment": SEPARATOR * (len(results) - 1),
        "changed_in_revision": SEPARATOR.join(map(str, revisions)),
        "updated_by_id": SEPARATOR.join(map(str, by)),
        "updated_at": SEPARATOR.join([moment.isoformat() for moment in at]),
    }
    for key in ("item_code", "value"):
        if columns[key].count(SEPARATOR) != len(results) - 1:
            raise ValueError(f"ItemResult.{key} : une valeur contient le séparateur")
    return columns


def _memo(cache: dict[Any, str], function: Callable[[Any], str]) -> Callable[[Any], str]:
    def cached(value: Any) -> str:
        text = cache.get(value)
        if text is None:
            text = cache[value] = function(value)
        return text

    return cached


_COLUMNAR_INSERTS: dict[type[Any], Any] = {}


def _columnar_statement(model: type[Any]) -> Any:
    if model not in _COLUMNAR_INSERTS:
        _COLUMNAR_INSERTS[model] = _columnar_insert(model)
    return _COLUMNAR_INSERTS[model]


async def _insert_rows(
    session: AsyncSession, model: type[Any], rows: Sequence[dict[str, Any]], columnar: bool
) -> None:
    # string_to_array('') is an empty array: a single row goes the ordinary way.
    if columnar and len(rows) > 1:
        await session.execute(_columnar_statement(model), _columnar_params(model, rows))
    else:
        await session.execute(_insert(model), rows)


async def insert_batch(
    session: AsyncSession, batch: Batch, *, columnar: bool | None = None
) -> None:
    """Insert the batch, each organisation's rows as that organisation.

    ``columnar`` (PostgreSQL only; the default there) sends each column as one string.
    """
    if columnar is None:
        columnar = session.get_bind().dialect.name == "postgresql"
    for organisation_id, tables in batch.rows.items():
        actor = _system_actor(organisation_id)
        with acting_as(actor):
            await refresh_tenant(session)
            for model in INSERT_ORDER:
                if model is ItemResult and columnar:
                    results = batch.results.get(organisation_id, [])
                    for start in range(0, len(results), ITEM_ROWS_PER_STATEMENT):
                        chunk = results[start : start + ITEM_ROWS_PER_STATEMENT]
                        await session.execute(
                            _columnar_statement(ItemResult), _result_columns(organisation_id, chunk)
                        )
                elif model is ItemResult:
                    results = batch.results.get(organisation_id, [])
                    for chunk_rows in _result_rows(organisation_id, results):
                        await _insert_rows(session, ItemResult, chunk_rows, columnar)
                elif rows := tables.get(model):
                    await _insert_rows(session, model, rows, columnar)
            audit.record(session, actor, "demo.scale", [])
            await session.flush()
    await refresh_tenant(session)
