"""Deferring and running background jobs.

- **PostgreSQL**: jobs go through `procrastinate <https://procrastinate.readthedocs.io>`_,
  whose tables live in the ``procrastinate`` schema (migration 0013). A job is deferred
  on the caller's own connection, inside its transaction: the job exists if and only if
  the work that asked for it commits. ``clea serve`` runs a worker in the process;
  ``clea worker`` runs more, in processes of their own.
- **SQLite**: there is no job table; the job runs in the process as an asyncio task,
  started once the transaction that asked for it has committed. A process that stops
  mid-way resumes the session's issuance when it starts again (:func:`resume_in_process`).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import procrastinate
from procrastinate import JobContext, PsycopgConnector, RetryStrategy
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from clea_platform.core.config import Settings
from clea_platform.db.engine import sync_url
from clea_platform.jobs import outbox
from clea_platform.jobs.import_steps import IMPORT_TASK, procrastinate_task
from clea_platform.jobs.issuance import job_actor, run_issuance
from clea_platform.jobs.report_steps import REPORT_TASK
from clea_platform.jobs.report_steps import procrastinate_task as report_task
from clea_platform.juries.models import IssuanceStatus, JurySession, SessionStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor

logger = logging.getLogger(__name__)

#: PostgreSQL schema of procrastinate's tables, types and functions (migration 0013).
JOBS_SCHEMA = "procrastinate"
QUEUE = "certificates"
#: The queues a worker takes jobs from: certificates and imports, then the outbox.
QUEUES = (QUEUE, outbox.QUEUE)
ISSUE_TASK = "issue_session_certificates"
#: A run that breaks off as a whole (database unreachable…) is tried again, 3 times in all.
ISSUE_RETRY = RetryStrategy(max_attempts=3, wait=30)
AFTER_COMMIT = "clea_after_commit"


# ------------------------------------------------------------------ procrastinate


def conninfo(database_url: str) -> str:
    """The libpq URL of a SQLAlchemy PostgreSQL URL (``postgresql+psycopg://…``)."""
    url = make_url(sync_url(database_url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def build_app(database_url: str, **pool: Any) -> procrastinate.App:
    """A procrastinate App for this database, its connections on the jobs schema."""
    connector = PsycopgConnector(
        conninfo=conninfo(database_url),
        kwargs={"options": f"-c search_path={JOBS_SCHEMA}"},
        min_size=pool.pop("min_size", 1),
        max_size=pool.pop("max_size", 4),
        **pool,
    )
    app = procrastinate.App(connector=connector)
    app.task(name=ISSUE_TASK, queue=QUEUE, pass_context=True, retry=ISSUE_RETRY)(
        _issue_session_certificates
    )
    # Imports (exchange): validating and confirming large files.
    app.task(name=IMPORT_TASK, queue=QUEUE, pass_context=True)(procrastinate_task)
    # Statistics: the annual report PDF.
    app.task(name=REPORT_TASK, queue=QUEUE, pass_context=True)(report_task)
    # The outbox (mail, webhooks): delivered by the workers, several at once.
    outbox.register(app)
    return app


async def _issue_session_certificates(
    context: JobContext, jury_session_id: str, requested_by: str | None, requested_by_label: str
) -> None:
    """The procrastinate task: ``additional_context`` brings the sessions and the plugins."""
    sessions: async_sessionmaker[AsyncSession] = context.additional_context["sessions"]
    registry: CertificationRegistry = context.additional_context["registry"]
    await run_issuance(
        sessions,
        registry,
        job_actor(requested_by, requested_by_label),
        uuid.UUID(jury_session_id),
    )
    # The certificates' events (webhooks, e-mails) leave now, not at the next tick.
    await outbox.kick(context.app)


# Deferring on the caller's connection needs an App for the job's shape only: its
# connector is never opened (the query runs on the connection given).
_DEFERRER = procrastinate.App(connector=PsycopgConnector())


async def _defer_in_transaction(
    session: AsyncSession, task: str, *, lock: str, **task_kwargs: Any
) -> int:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    # procrastinate's SQL names its objects without a schema: for this one statement,
    # look in its schema first.
    path = str(await session.scalar(select(func.current_setting("search_path"))))
    await session.execute(select(func.set_config("search_path", f"{JOBS_SCHEMA}, {path}", True)))
    try:
        job_id: int = await _DEFERRER.configure_task(
            task, queue=QUEUE, lock=lock, connection=raw.driver_connection
        ).defer_async(**task_kwargs)
    finally:
        await session.execute(select(func.set_config("search_path", path, True)))
    return job_id


# ---------------------------------------------------------------------- in process

#: In-process jobs (SQLite), kept so they are not garbage-collected, and awaited at exit.
_RUNNING: set[asyncio.Task[Any]] = set()
#: One run at a time per jury session in this process.
_LOCKS: dict[uuid.UUID, asyncio.Lock] = {}


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Call ``callback`` once the session's transaction commits (never if it rolls back)."""
    session.sync_session.info.setdefault(AFTER_COMMIT, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for callback in session.info.pop(AFTER_COMMIT, []):
        callback()


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(AFTER_COMMIT, None)


def start_in_process(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    jury_session_id: uuid.UUID,
) -> asyncio.Task[Any]:
    async def run() -> None:
        lock = _LOCKS.setdefault(jury_session_id, asyncio.Lock())
        async with lock:
            try:
                await run_issuance(sessions, registry, actor, jury_session_id)
            except Exception:
                # Recorded on the session by run_issuance; a retry starts it again.
                logger.warning("Issuance of jury session %s broke off", jury_session_id)

    task = asyncio.get_running_loop().create_task(run())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return task


async def drain() -> None:
    """Wait for the in-process jobs running now (tests; the application's shutdown)."""
    while _RUNNING:
        await asyncio.gather(*list(_RUNNING), return_exceptions=True)


async def resume_in_process(
    sessions: async_sessionmaker[AsyncSession], registry: CertificationRegistry
) -> int:
    """Start again the issuances a previous process left pending or running (SQLite)."""
    async with sessions() as session:
        unfinished = list(
            await session.scalars(
                select(JurySession.id).where(
                    JurySession.status == SessionStatus.CLOSED,
                    JurySession.issuance_status.in_(
                        [IssuanceStatus.PENDING, IssuanceStatus.RUNNING]
                    ),
                )
            )
        )
    for jury_session_id in unfinished:
        start_in_process(sessions, registry, job_actor(None, ""), jury_session_id)
    return len(unfinished)


# -------------------------------------------------------------------------- defer


async def defer_issuance(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    jury_session_id: uuid.UUID,
) -> None:
    """Have the certificates of a closed session issued once the caller's transaction commits.

    PostgreSQL: a procrastinate job, deferred inside the caller's transaction. SQLite: an
    asyncio task in this process, started after the commit.
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await _defer_in_transaction(
            session,
            ISSUE_TASK,
            lock=f"jury_session:{jury_session_id}",
            jury_session_id=str(jury_session_id),
            requested_by=str(actor.user_id) if actor.user_id else None,
            requested_by_label=actor.label,
        )
        return

    def start() -> None:
        start_in_process(sessions, registry, actor, jury_session_id)

    after_commit(session, start)


# ------------------------------------------------------------------------- worker


async def retry_stalled_jobs(app: procrastinate.App, queue: str = QUEUE) -> int:
    """Put back in the queue the jobs of workers that stopped without finishing them."""
    stalled = list(await app.job_manager.get_stalled_jobs(queue=queue))
    for job in stalled:
        await app.job_manager.retry_job(job)
    return len(stalled)


async def run_worker(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    *,
    settings: Settings,
    wait: bool = True,
    name: str | None = None,
    concurrency: int = 1,
    install_signal_handlers: bool = False,
    queues: Sequence[str] = QUEUES,
) -> None:
    """Run a procrastinate worker on the jobs' queues (PostgreSQL).

    With ``wait=False`` it returns once the queues are empty (tests); otherwise it runs
    until cancelled (``clea serve``) or stopped by a signal (``clea worker``). The outbox's
    jobs need ``settings`` (where mail goes, the environment the SSRF guard follows).
    """
    app = build_app(database_url)
    async with app.open_async():
        for queue in queues:
            if stalled := await retry_stalled_jobs(app, queue):
                logger.warning("%d stalled job(s) put back in the queue %s", stalled, queue)
        await app.run_worker_async(
            queues=list(queues),
            wait=wait,
            name=name or "clea",
            concurrency=concurrency,
            install_signal_handlers=install_signal_handlers,
            additional_context={"sessions": sessions, "registry": registry, "settings": settings},
        )


async def serve_worker(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    *,
    settings: Settings,
    restart_after: float = 5.0,
) -> None:
    """The worker ``clea serve`` runs beside the web application: restarted if it breaks."""
    while True:
        try:
            await run_worker(database_url, sessions, registry, settings=settings)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Jobs worker stopped; starting again in %s s", restart_after)
        await asyncio.sleep(restart_after)
