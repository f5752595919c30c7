"""What waits on a person: their dossiers as adviser, their sittings as evaluator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers import loading as dossier_loading
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import loading as evaluation_loading
from clea_platform.evaluations.models import EvaluationSession
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class UpcomingSitting:
    sitting: EvaluationSession
    dossier: Dossier


@dataclass(frozen=True, slots=True)
class MyWork:
    #: As adviser: own dossiers opened, in training, not certified or expired.
    dossiers_to_handle: list[Dossier]
    #: As evaluator: planned sittings from ``today`` on, with their dossier.
    upcoming_sittings: list[UpcomingSitting]


async def my_work(session: AsyncSession, actor: Actor, today: dt.date) -> MyWork:
    """The actor's work in the active organisation (an API key has none)."""
    if actor.user_id is None:
        return MyWork(dossiers_to_handle=[], upcoming_sittings=[])
    waiting = await dossier_loading.waiting_on_adviser(session, actor.user_id)
    sittings = await evaluation_loading.upcoming_sittings(session, actor.user_id, today)
    dossiers = await dossier_loading.dossiers_by_id(
        session, [dossier_id for _, dossier_id in sittings]
    )
    return MyWork(
        dossiers_to_handle=waiting,
        upcoming_sittings=[
            UpcomingSitting(sitting=sitting, dossier=dossiers[dossier_id])
            for sitting, dossier_id in sittings
            if dossier_id in dossiers
        ],
    )
