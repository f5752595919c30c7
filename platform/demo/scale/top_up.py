"""Topping the demo organisations up to N dossiers, batch after batch."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.demo.scale.candidates import generate_candidate
from clea_platform.demo.scale.inserts import insert_batch
from clea_platform.demo.scale.loading import load_world
from clea_platform.demo.scale.model import Batch, ScaleReport
from clea_platform.plugins.registry import CertificationRegistry

BATCH_DOSSIERS = 1_000


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass(slots=True)
class _Progress:
    """Shared by the writers: candidates and dossiers handed out, dossiers saved."""

    index: int
    claimed: int
    saved: int


async def top_up(
    factory: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    target: int,
    *,
    today: dt.date,
    writers: int = 1,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleReport:
    """Add dossiers until the demo organisations hold ``target``; one transaction per batch.

    With ``writers`` > 1 (PostgreSQL), that many batches are written at once on their own
    connections while the next one is generated: the server works while Python does.
    """
    started = time.monotonic()
    async with factory.begin() as session:
        world, existing, index = await load_world(session, registry, today)
    if existing >= target:
        return ScaleReport(existing, 0, time.monotonic() - started)
    progress(
        f"{_thousands(existing)} dossier(s) déjà présents dans les organisations de "
        f"démonstration ; ajout de {_thousands(target - existing)}…"
    )
    state = _Progress(index=index, claimed=existing, saved=existing)

    async def writer() -> None:
        while state.claimed < target:
            # Generated without awaiting: no other writer runs in between.
            batch = Batch()
            while batch.dossiers < BATCH_DOSSIERS and state.claimed + batch.dossiers < target:
                generate_candidate(
                    state.index, world, batch, target - state.claimed - batch.dossiers
                )
                state.index += 1
            state.claimed += batch.dossiers
            async with factory.begin() as session:
                await insert_batch(session, batch)
            state.saved += batch.dossiers
            progress(
                f"  {_thousands(state.saved)} / {_thousands(target)} dossiers "
                f"({100 * state.saved // target} %), {time.monotonic() - started:.0f} s"
            )

    await asyncio.gather(*(writer() for _ in range(max(writers, 1))))
    return ScaleReport(existing, state.saved - existing, time.monotonic() - started)
