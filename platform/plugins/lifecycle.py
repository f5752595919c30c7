"""Telling plugins what happened: the lifecycle hooks, called once the work has committed.

A domain service calls :func:`announce` inside its transaction; the hook is called after
that transaction commits, never if it rolls back (the savepoint it was announced in
included: a certificate of a batch that failed alone is never announced). Why after the
commit rather than inside the transaction:

* a plugin only ever hears of facts that are true (a decision that rolled back was
  never taken);
* a plugin cannot break the domain operation: a hook implementation that raises is
  logged with its plugin's name and skipped — the other plugins are still called and
  the operation, already committed, keeps its answer;
* a plugin does not hold the request's transaction (and SQLite's writer) while it works.

Hooks are plain functions called with immutable values (identifiers, codes, statuses as
text), in the order the events happened. Like any pluggy hook, an implementation may
accept only the arguments it needs.

The platform's own outbound channels need the opposite guarantee: an event an
organisation subscribed to (a webhook) must never be lost when the process stops just
after the commit. They register a *recorder* (:func:`add_recorder`), which
:func:`announce` calls at once, inside the transaction: whatever it adds to the session
(an outbox row) commits with the work or rolls back with it, savepoints included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pluggy
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

logger = logging.getLogger(__name__)

#: ``session.info`` key of the announcements waiting for the commit.
PENDING = "clea_pending_lifecycle_hooks"

#: Called by :func:`announce` inside the transaction: ``(session, hook, arguments)``.
Recorder = Callable[[AsyncSession, str, dict[str, Any]], None]
_RECORDERS: list[Recorder] = []


def add_recorder(recorder: Recorder) -> None:
    """Have ``recorder`` called, inside the transaction, for every announcement."""
    if recorder not in _RECORDERS:
        _RECORDERS.append(recorder)


class _Announcement:
    __slots__ = ("arguments", "hook", "manager", "transaction")

    def __init__(
        self,
        manager: pluggy.PluginManager,
        hook: str,
        arguments: dict[str, Any],
        transaction: SessionTransaction | None,
    ) -> None:
        self.manager = manager
        self.hook = hook
        self.arguments = arguments
        self.transaction = transaction


def announce(
    session: AsyncSession, manager: pluggy.PluginManager, hook: str, **arguments: Any
) -> None:
    """Call the lifecycle hook ``hook`` with ``arguments`` once ``session`` commits."""
    sync_session = session.sync_session
    transaction = sync_session.get_nested_transaction() or sync_session.get_transaction()
    sync_session.info.setdefault(PENDING, []).append(
        _Announcement(manager, hook, arguments, transaction)
    )
    for recorder in _RECORDERS:
        recorder(session, hook, arguments)


def call_safely(manager: pluggy.PluginManager, hook: str, arguments: dict[str, Any]) -> None:
    """Call every implementation of ``hook``; one that raises is logged and skipped."""
    caller = getattr(manager.hook, hook)
    # pluggy calls the implementations last registered first: so do we.
    for impl in reversed(caller.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function(*[arguments[name] for name in impl.argnames])
        except Exception:
            logger.exception(
                "Plugin %s failed in %s; the platform carries on.",
                manager.get_name(impl.plugin) or impl.plugin_name,
                hook,
            )


@event.listens_for(Session, "after_commit")
def _call_after_commit(session: Session) -> None:
    for announcement in session.info.pop(PENDING, []):
        call_safely(announcement.manager, announcement.hook, announcement.arguments)


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    pending: list[_Announcement] | None = session.info.get(PENDING)
    if not pending:
        return
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
        return
    kept = [a for a in pending if not _within(a.transaction, previous_transaction)]
    session.info[PENDING] = kept
