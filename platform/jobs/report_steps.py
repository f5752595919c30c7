"""The annual report job's task and whom it acts for (PostgreSQL: procrastinate).

Kept apart from :mod:`clea_platform.jobs.reports` (which defers it) so that the queue's
procrastinate App can register the task without an import cycle.
"""

from __future__ import annotations

import uuid
from typing import Any

from procrastinate import JobContext

from clea_platform.statistics import report_jobs
from clea_platform.tenants.context import Actor

REPORT_TASK = "render_annual_report"


def report_actor(actor: dict[str, Any]) -> Actor:
    """The requester, as the job acts for them."""
    return Actor(
        label=actor["label"] or "système (rapport annuel)",
        user_id=uuid.UUID(actor["user_id"]),
        organisation_id=uuid.UUID(actor["organisation_id"]) if actor["organisation_id"] else None,
        roles=frozenset(actor["roles"]),
        platform_roles=frozenset(actor["platform_roles"]),
    )


def actor_arguments(actor: Actor) -> dict[str, Any]:
    return {
        "label": actor.label,
        "user_id": str(actor.user_id),
        "organisation_id": str(actor.organisation_id) if actor.organisation_id else None,
        "roles": sorted(actor.roles),
        "platform_roles": sorted(actor.platform_roles),
    }


async def procrastinate_task(context: JobContext, /, job_id: str, **actor: Any) -> None:
    """The procrastinate task (PostgreSQL); ``additional_context`` brings the sessions."""
    await report_jobs.run(
        context.additional_context["sessions"],
        context.additional_context["registry"],
        report_actor(actor),
        uuid.UUID(job_id),
    )
