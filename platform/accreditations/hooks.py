"""The accreditation rules, plugged into the platform's hooks like any other plugin.

A built-in (``clea_platform.plugins.registry.DEFAULT_PLUGINS``): registered in code by
every plugin manager, never through an entry point, so that no installation or test
set-up leaves dossiers and evaluations unchecked (it provides no certification).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import enforcement
from clea_platform.plugins.hookspecs import hookimpl


def today() -> dt.date:
    return dt.date.today()


@hookimpl
def clea_dossier_opening_problems(
    session: AsyncSession, organisation_id: uuid.UUID, certification_code: str, site_id: uuid.UUID
) -> Awaitable[Sequence[str]]:
    return enforcement.opening_problems(
        session, organisation_id, certification_code, site_id, today()
    )


@hookimpl
def clea_evaluation_problems(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
) -> Awaitable[Sequence[str]]:
    return enforcement.evaluation_problems(
        session, organisation_id, certification_code, site_id, evaluator_id, today()
    )
