"""The review's state machine: who may move an application from one status to another.

draft → submitted → under review → complement requested (→ submitted again) → accepted
(all or some sites and evaluators) or rejected. Every move is dated and attributed on
the application's timeline.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.models import Application, ApplicationEvent, ApplicationStatus
from clea_platform.db.base import utcnow
from clea_platform.tenants.context import Actor

#: The applicant edits only these.
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.COMPLEMENT_REQUESTED)

TRANSITIONS: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED,),
    ApplicationStatus.SUBMITTED: (ApplicationStatus.UNDER_REVIEW,),
    ApplicationStatus.UNDER_REVIEW: (
        ApplicationStatus.COMPLEMENT_REQUESTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
    ),
    ApplicationStatus.COMPLEMENT_REQUESTED: (ApplicationStatus.SUBMITTED,),
    ApplicationStatus.ACCEPTED: (),
    ApplicationStatus.REJECTED: (),
}

STATUS_LABELS = {
    ApplicationStatus.DRAFT: "brouillon",
    ApplicationStatus.SUBMITTED: "déposée",
    ApplicationStatus.UNDER_REVIEW: "en instruction",
    ApplicationStatus.COMPLEMENT_REQUESTED: "complément demandé",
    ApplicationStatus.ACCEPTED: "acceptée",
    ApplicationStatus.REJECTED: "refusée",
}


def record_event(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    before: ApplicationStatus | None,
    after: ApplicationStatus,
    message: str = "",
) -> None:
    """A step on the application's timeline."""
    session.add(
        ApplicationEvent(
            organisation_id=application.organisation_id,
            application_id=application.id,
            actor_id=actor.user_id,
            actor_label=actor.label,
            from_status=before.value if before else None,
            to_status=after.value,
            message=message,
        )
    )


async def transition(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    after: ApplicationStatus,
    message: str = "",
) -> ApplicationStatus:
    """Move the application to ``after`` (refused when the machine does not allow it)."""
    before = application.status
    if after not in TRANSITIONS[before]:
        raise error(
            AccreditationErrorCode.FORBIDDEN_TRANSITION,
            f"Une candidature {STATUS_LABELS[before]} ne peut passer à « {STATUS_LABELS[after]} ».",
        )
    application.status = after
    application.revision += 1
    application.updated_at = utcnow()
    record_event(session, actor, application, before, after, message)
    return before
