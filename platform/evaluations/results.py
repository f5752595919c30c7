"""A grid's results: read on the certification's scale, written in one statement.

Results are stored as text (``ItemResult.value``); the certification's scale says what
they mean: a choice (``acquis``) or an integer percentage. :func:`on_scale` turns text —
sent by a client or read back from the database — into the scale's value, so that the
scale can judge it.

Example:
    >>> from clea_platform.referentiels.scoring import PERCENT_SCALE, BINARY_SCALE
    >>> on_scale(PERCENT_SCALE, "75"), on_scale(BINARY_SCALE, "acquis")
    (75, 'acquis')
    >>> on_scale(PERCENT_SCALE, "beaucoup")  # the scale explains what is expected
    'beaucoup'
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.db.base import new_id, utcnow
from clea_platform.evaluations.models import Evaluation, ItemResult
from clea_platform.referentiels.scoring import ResultScale, ResultValue


def on_scale(scale: ResultScale, text: str) -> ResultValue:
    """``text`` as a value of ``scale``: an integer on a percentage scale when it is one."""
    if scale.kind == "percent":
        try:
            return int(text)
        except ValueError:
            return text  # not a number: the scale's check says what is expected
    return text


@dataclass(frozen=True, slots=True)
class ResultInput:
    """One item's result; ``value=None`` clears it (and its comment)."""

    item_code: str
    value: ResultValue | None
    comment: str = ""


# Written by one statement; unchanged results keep the revision that last changed them.
UPSERTED_COLUMNS = ("value", "comment", "changed_in_revision", "updated_by_id", "updated_at")
RESULT_COLUMNS = (
    "organisation_id",
    "id",
    "evaluation_id",
    "item_code",
    *UPSERTED_COLUMNS,
)


def _on_conflict_update(statement: Any) -> Any:
    table, excluded = ItemResult.__table__, statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.organisation_id, table.c.evaluation_id, table.c.item_code],
        set_={column: excluded[column] for column in UPSERTED_COLUMNS},
        # IS DISTINCT FROM: a cleared result (NULL) given a value again is a change.
        where=table.c.value.is_distinct_from(excluded.value)
        | (table.c.comment != excluded.comment),
    )


@functools.cache
def _upsert_from_arrays() -> Any:
    """PostgreSQL: the whole grid as one array per column, one statement executed once
    (an ``executemany`` runs one per result)."""
    table = cast(Table, ItemResult.__table__)
    arrays = [bindparam(column, type_=ARRAY(table.c[column].type)) for column in RESULT_COLUMNS]
    rows = func.unnest(*arrays).table_valued(*RESULT_COLUMNS).render_derived()
    statement = postgresql_insert(table).from_select(
        RESULT_COLUMNS, select(*(rows.c[column] for column in RESULT_COLUMNS))
    )
    return _on_conflict_update(statement)


async def upsert_results(
    session: AsyncSession,
    user_id: uuid.UUID | None,
    evaluation: Evaluation,
    results: Sequence[ResultInput],
    revision: int,
) -> None:
    """Insert or update the whole batch at once (``INSERT … ON CONFLICT DO UPDATE``), and
    clear the results given without a value (one ``UPDATE``).

    A grid is saved every few seconds while the evaluator works: one statement, rather
    than loading every result of the evaluation and updating them one by one.
    """
    latest = {result.item_code: result for result in results}  # an item given twice: the last
    now = utcnow()
    if cleared := [code for code, result in latest.items() if result.value is None]:
        # Cleared, not deleted: the revision that cleared it tells stale clients.
        await session.execute(
            update(ItemResult)
            .where(
                ItemResult.evaluation_id == evaluation.id,
                ItemResult.item_code.in_(cleared),
                ItemResult.value.is_not(None),
            )
            .values(
                value=None,
                comment="",
                changed_in_revision=revision,
                updated_by_id=user_id,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    rows = [
        {
            "organisation_id": evaluation.organisation_id,
            "id": new_id(),
            "evaluation_id": evaluation.id,
            "item_code": result.item_code,
            "value": str(result.value),
            "comment": result.comment,
            "changed_in_revision": revision,
            "updated_by_id": user_id,
            "updated_at": now,
        }
        for result in latest.values()
        if result.value is not None
    ]
    if rows and session.get_bind().dialect.name == "postgresql":
        columns = {column: [row[column] for row in rows] for column in RESULT_COLUMNS}
        await session.execute(_upsert_from_arrays(), columns)
    elif rows:
        await session.execute(_on_conflict_update(sqlite_insert(ItemResult)), rows)
    # Results of this evaluation loaded earlier in the session are now out of date.
    for instance in list(session.identity_map.values()):
        if isinstance(instance, ItemResult) and instance.evaluation_id == evaluation.id:
            session.expire(instance)
