"""The accreditation rules, plugged into the platform's hooks like any other plugin.

Registered through the ``clea_platform.certifications`` entry-point group (it provides
no certification): uninstalling it would leave dossiers and evaluations unchecked, which
is why the tests assert it is loaded.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Sequence
from typing import Any

from clea_platform.accreditations import enforcement
from clea_platform.plugins.hookspecs import hookimpl


def today() -> dt.date:
    return dt.date.today()


@hookimpl
def clea_dossier_opening_problems(
    session: Any, organisation_id: uuid.UUID, certification_code: str, site_id: uuid.UUID
) -> Awaitable[Sequence[str]]:
    return enforcement.opening_problems(
        session, organisation_id, certification_code, site_id, today()
    )


@hookimpl
def clea_evaluation_problems(
    session: Any,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
) -> Awaitable[Sequence[str]]:
    return enforcement.evaluation_problems(
        session, organisation_id, certification_code, site_id, evaluator_id, today()
    )
