"""Cursor-paginated connections (Relay style), shared by every list of the schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from clea_platform.core.pagination import Page

NodeT = TypeVar("NodeT")


@strawberry.type(description="Where a page ends and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow.")
    end_cursor: str | None = strawberry.field(
        description="Pass it as `after` to get the next page."
    )


@strawberry.type(description="An item of a page, with its cursor.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of items (`first` at most 100, 50 by default).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state.")
    total_count: int = strawberry.field(description="Number of items across all pages.")


def connection(page: Page[Any], convert: Callable[[Any], NodeT]) -> Connection[NodeT]:
    return Connection(
        edges=[Edge(cursor=str(item.id), node=convert(item)) for item in page.items],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        total_count=page.total_count,
    )
