"""Keyset pages of a list sorted by a column that is not unique (names, statuses, dates).

The order is ``(sort value, id)``: the identifier breaks ties, so every row has one place and
a page's cursor is the last row's pair, encoded as URL-safe base64 JSON (no comma: the list
screens keep their cursors comma-separated in the URL). A cursor that does not decode to the
sort's value type is a :class:`PaginationError` (a French message, nothing read).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.pagination import Page, PaginationError, page_size, paginate


class ValueKind(enum.Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


_PARSERS: dict[ValueKind, Callable[[Any], Any]] = {
    ValueKind.TEXT: str,
    ValueKind.NUMBER: int,
    ValueKind.DATE: dt.date.fromisoformat,
}


@dataclass(frozen=True, slots=True)
class SortKey:
    """``expression`` sorted ``descending`` or not, then the row's identifier the same way."""

    expression: ColumnElement[Any]
    kind: ValueKind
    descending: bool = False


def encode_cursor(value: Any, key: uuid.UUID) -> str:
    shown = value.isoformat() if isinstance(value, dt.date) else value
    raw = json.dumps([shown, str(key)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: ValueKind) -> tuple[Any, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, key = json.loads(raw)
        return _PARSERS[kind](value), uuid.UUID(key)
    except (binascii.Error, ValueError, TypeError):
        raise PaginationError("Curseur de pagination invalide.") from None


async def paginate_sorted(
    session: AsyncSession,
    query: Select[Any],
    key: Any,
    sort: SortKey,
    *,
    first: int | None,
    after: str | None,
    total: int,
    whole_rows: bool = False,
) -> Page[Any]:
    """One page of ``query`` ordered by ``sort`` then ``key``: of its first column (an
    entity), or of its whole rows (``whole_rows``, ``key`` one of their columns; the sort
    value comes last in each)."""
    size = page_size(first)
    value = sort.expression.label("sort_value")
    paged = query.add_columns(value)
    if sort.descending:
        paged = paged.order_by(sort.expression.desc(), key.desc())
    else:
        paged = paged.order_by(sort.expression.asc(), key.asc())
    if after is not None:
        last_value, last_key = decode_cursor(after, sort.kind)
        if sort.descending:
            beyond = or_(
                sort.expression < last_value, and_(sort.expression == last_value, key < last_key)
            )
        else:
            beyond = or_(
                sort.expression > last_value, and_(sort.expression == last_value, key > last_key)
            )
        paged = paged.where(beyond)
    rows = list((await session.execute(paged.limit(size + 1))).all())
    has_next = len(rows) > size
    rows = rows[:size]
    end = None
    if rows:
        last = rows[-1] if whole_rows else rows[-1][0]
        end = encode_cursor(rows[-1][-1], getattr(last, key.key))
    return Page(
        items=rows if whole_rows else [row[0] for row in rows],
        has_next_page=has_next,
        end_cursor=end,
        total_count=total,
    )


async def paginate_in_order(
    session: AsyncSession,
    query: Select[Any],
    key: Any,
    sort: SortKey | None,
    *,
    first: int | None,
    after: str | None,
    newest_first: bool,
    total: int,
    whole_rows: bool = False,
) -> Page[Any]:
    """One page in a list's order: by ``sort`` then ``key``, or without a sort key by
    ``key`` alone (time-ordered identifiers: newest or oldest first)."""
    if sort is None:
        return await paginate(
            session,
            query,
            key,
            first=first,
            after=after,
            newest_first=newest_first,
            total=total,
            whole_rows=whole_rows,
        )
    return await paginate_sorted(
        session, query, key, sort, first=first, after=after, total=total, whole_rows=whole_rows
    )
