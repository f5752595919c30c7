"""Lifecycle events become outbox rows inside the transaction that caused them.

:func:`record` is a lifecycle *recorder* (``plugins/lifecycle.py``): called by
``announce`` inside the domain transaction, it adds one ``webhook_event`` row, which
commits with the work or rolls back with it (savepoints included). No query is made
here: the fan-out to subscriptions happens in the delivery round (``delivery.py``), so a
domain transaction never reads subscriptions nor waits on them.

The round runs with the outbox's periodic one (every minute), not after each commit: most
events have no subscriber, and on SQLite a round that writes right after every dossier move
would compete with the requests for the single writer. An event therefore leaves within
about a minute; a replay asked from the log leaves at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.plugins import lifecycle
from clea_platform.webhooks.events import EVENT_OF_HOOK
from clea_platform.webhooks.models import WebhookEvent


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(item) for item in value]
    return value


def record(session: AsyncSession, hook: str, arguments: dict[str, Any]) -> None:
    """Queue the event of ``hook`` for its organisation's subscriptions."""
    event_type = EVENT_OF_HOOK.get(hook)
    if event_type is None:
        return
    organisation_id = arguments["organisation_id"]
    data = {name: _plain(value) for name, value in arguments.items()}
    session.add(WebhookEvent(organisation_id=organisation_id, event_type=event_type, data=data))


lifecycle.add_recorder(record)
