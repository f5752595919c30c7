"""A request's DataLoaders, built on the domain's batch reads (``<context>/loading.py``).

A DataLoader here only batches, caches for the request and puts answers in key order;
the SELECT (and any audit of the read) is the domain's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

K = TypeVar("K")
V = TypeVar("V")


def batched(
    read: Callable[[Sequence[K]], Awaitable[Mapping[K, V]]], missing: Callable[[], V]
) -> DataLoader[K, V]:
    """A DataLoader over ``read`` (keys → what was found); ``missing()`` for keys not found."""

    async def load(keys: list[K]) -> list[V]:
        found = await read(keys)
        return [found[key] if key in found else missing() for key in keys]

    return DataLoader(load_fn=load)
