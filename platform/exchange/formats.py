"""What an import format is: its columns (French headers, in order) and its row rules.

A format checks one row at a time (:meth:`ImportFormat.check`) against what it loaded
once for the whole file (:meth:`ImportFormat.prepare`: the organisation's sites, its
existing candidates, the accreditations), and creates what a valid row describes
(:meth:`ImportFormat.create`) with the domain's own services.
"""

from __future__ import annotations

import abc
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.exchange.reading import Cell
from clea_platform.exchange.values import folded
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    required: bool = False
    example: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """One line of the report: the row (1 = header), the column's header, the reason."""

    row: int
    column: str
    reason: str


class RowRefusedError(Exception):
    """A row refused at confirmation (the database changed since the validation)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems[0].reason if problems else "")
        self.problems = list(problems)


class ImportFormat(abc.ABC):
    kind: str
    title: str
    columns: tuple[Column, ...]
    #: ``;`` for the certifier's format; the template uses it too.
    delimiter = ";"

    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def header_problems(self, header: Sequence[str]) -> tuple[dict[str, int], list[Problem]]:
        """Where each known column is (by folded header) and the missing required ones."""
        positions: dict[str, int] = {}
        known = {folded(column.header): column.header for column in self.columns}
        for index, text in enumerate(header):
            name = known.get(folded(text))
            if name is not None and name not in positions:
                positions[name] = index
        missing = [c.header for c in self.columns if c.required and c.header not in positions]
        problems = [
            Problem(1, name, f"Colonne obligatoire absente : « {name} » (voir le modèle).")
            for name in missing
        ]
        return positions, problems

    @abc.abstractmethod
    async def prepare(
        self, session: AsyncSession, actor: Actor, registry: CertificationRegistry
    ) -> Any:
        """What the checks of every row need, loaded once (a context object)."""

    @abc.abstractmethod
    async def check(
        self, row: int, cells: dict[str, Cell], context: Any
    ) -> tuple[Any | None, list[Problem]]:
        """The row's parsed value (None when refused) and its problems."""

    @abc.abstractmethod
    async def create(
        self,
        session: AsyncSession,
        actor: Actor,
        registry: CertificationRegistry,
        row: int,
        parsed: Any,
        *,
        filename: str,
    ) -> uuid.UUID:
        """Create what the row describes; raise :class:`RowRefusedError` if it cannot be."""
