"""Domain events of the jury: a decision took effect on a dossier (at closing, or by an
amendment).

Other parts of the platform (exports…) may subscribe; each subscriber is awaited inside
the transaction that applies the decision, so what it writes commits or rolls back with
it, and an exception it raises refuses the action. Plugins are not subscribers: they hear
of the decision through the lifecycle hook ``clea_decision_recorded``, once the
transaction has committed (:func:`announce_to_plugins`, ``plugins/lifecycle.py``).

Example:
    >>> async def on_decision(session, event):  # doctest: +SKIP
    ...     print(event.dossier_id, event.outcome)
    >>> unsubscribe = subscribe(on_decision)  # doctest: +SKIP
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.juries.models import Decision, Outcome
from clea_platform.plugins import lifecycle
from clea_platform.plugins.registry import CertificationRegistry


@dataclass(frozen=True, slots=True)
class DecisionApplied:
    """A jury decision took effect on a dossier.

    ``amendment`` is True when it corrects an earlier decision (``amends_id``);
    ``certificate_revoked`` / ``certificate_issued`` say what happened to the certificate.
    """

    decision_id: uuid.UUID
    session_id: uuid.UUID
    organisation_id: uuid.UUID
    dossier_id: uuid.UUID
    outcome: Outcome
    amends_id: uuid.UUID | None = None
    certificate_revoked: bool = False
    certificate_issued: bool = False

    @property
    def amendment(self) -> bool:
        return self.amends_id is not None


Subscriber = Callable[[AsyncSession, DecisionApplied], Awaitable[None]]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Callable[[], None]:
    """Call ``subscriber`` on every decision applied; returns the way to unsubscribe."""
    _subscribers.append(subscriber)
    return lambda: _subscribers.remove(subscriber)


async def publish(session: AsyncSession, event: DecisionApplied) -> None:
    for subscriber in list(_subscribers):
        await subscriber(session, event)


def announce_to_plugins(
    session: AsyncSession,
    registry: CertificationRegistry,
    decision: Decision,
    certification_code: str,
) -> None:
    """Plugins hear of a decision that became final once it has committed
    (``clea_decision_recorded``: at closing, and for an amendment)."""
    lifecycle.announce(
        session,
        registry.plugin_manager,
        "clea_decision_recorded",
        organisation_id=decision.organisation_id,
        dossier_id=decision.dossier_id,
        decision_id=decision.id,
        jury_session_id=decision.session_id,
        certification_code=certification_code,
        outcome=str(decision.outcome),
        amends_id=decision.amends_id,
    )
