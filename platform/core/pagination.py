"""Keyset pagination over time-ordered UUID keys, shared by every list of the API."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.errors import CleaError

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class PaginationError(CleaError):
    """A page size or cursor the API cannot serve."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    has_next_page: bool
    end_cursor: str | None
    total_count: int


def page_size(first: int | None) -> int:
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise PaginationError(f"Taille de page invalide : entre 1 et {MAX_PAGE_SIZE}.")
    return size


def decode_cursor(after: str | None) -> uuid.UUID | None:
    if after is None:
        return None
    try:
        return uuid.UUID(after)
    except ValueError:
        raise PaginationError("Curseur de pagination invalide.") from None


async def paginate(
    session: AsyncSession,
    query: Select[Any],
    key: Any,
    *,
    first: int | None,
    after: str | None,
    newest_first: bool = False,
    total: int | None = None,
    whole_rows: bool = False,
) -> Page[Any]:
    """One page of ``query`` ordered by ``key`` (a UUID v7 column), plus the total count.

    ``total``: the count when the caller already has it (one query fewer).
    ``whole_rows``: the items are the query's rows (``key`` one of their columns);
    otherwise its first column alone (an entity).
    """
    size = page_size(first)
    cursor = decode_cursor(after)
    if total is None:
        # Counted on the key alone: a narrower subquery, and one that never names a
        # credential column (which the runtime role may not select on PostgreSQL).
        counted = query.order_by(None).with_only_columns(key)
        total = await session.scalar(select(func.count()).select_from(counted.subquery()))
    page_query = query.order_by(key.desc() if newest_first else key.asc()).limit(size + 1)
    if cursor is not None:
        page_query = page_query.where(key < cursor if newest_first else key > cursor)
    if whole_rows:
        rows: list[Any] = list((await session.execute(page_query)).all())
    else:
        rows = list((await session.scalars(page_query)).all())
    has_next = len(rows) > size
    rows = rows[:size]
    end = str(getattr(rows[-1], key.key)) if rows else None
    return Page(items=rows, has_next_page=has_next, end_cursor=end, total_count=total or 0)
