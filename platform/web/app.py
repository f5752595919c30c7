"""The ASGI application: GraphQL API, health check and the built frontend."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clea_platform.audit import service as audit
from clea_platform.certificates import fonts, signing, wallet
from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError
from clea_platform.db.engine import (
    create_engine_for,
    create_replica_engine_for,
    ping,
    session_factory,
)
from clea_platform.db.roles import check_runtime_role
from clea_platform.declarations import transmission as declaration_transmission
from clea_platform.dossiers import counts as dossier_counts
from clea_platform.identity.credential_changes import CredentialSync
from clea_platform.identity.service import forget_cached
from clea_platform.jobs import queue as jobs
from clea_platform.jobs import resumption
from clea_platform.mail.dispatcher import MailDispatcher
from clea_platform.plugins.registry import CertificationRegistry, installed_registry
from clea_platform.referentiels.service import sync_bundled_referentiels
from clea_platform.schema.root import schema
from clea_platform.web.accreditations import CONTROL_PREFIX, DOCUMENTS_PREFIX, UPLOAD_BODY_LIMIT
from clea_platform.web.accreditations import routes as accreditation_routes
from clea_platform.web.authentication import AuthenticationMiddleware
from clea_platform.web.certificates import routes as certificate_routes
from clea_platform.web.documents import routes as document_routes
from clea_platform.web.exchange import IMPORT_BODY_LIMIT, IMPORTS_PREFIX
from clea_platform.web.exchange import routes as exchange_routes
from clea_platform.web.frontend import frontend_app
from clea_platform.web.graphql import PlatformGraphQL
from clea_platform.web.juries import routes as jury_routes
from clea_platform.web.lists import routes as list_routes
from clea_platform.web.oidc import routes as oidc_routes
from clea_platform.web.proxies import TrustedProxyMiddleware
from clea_platform.web.public_responses import PublicResponses
from clea_platform.web.security import (
    BodySizeLimitMiddleware,
    RequestTargetGuardMiddleware,
    SecurityHeadersMiddleware,
)
from clea_platform.web.statistics import routes as statistics_routes
from clea_platform.web.wallet import routes as wallet_routes
from clea_platform.webhooks import delivery as webhook_delivery

logger = logging.getLogger(__name__)


#: Allocations between two collections of the youngest generation, and how many of those
#: (then of the middle one) before the next older one: a request of the dossier list
#: allocates tens of thousands of short-lived objects (Python's default is 700, 10, 10).
GC_THRESHOLDS = (20_000, 20, 20)


def tune_garbage_collection() -> None:
    """Once the app has started: what it built (schema, mappers, caches, référentiel
    trees) is set aside for good (``gc.freeze``), and collections run less often.

    Each full collection otherwise walked that whole heap again: at the default
    thresholds the collector took 1.7 ms of CPU per request of the dossier list on
    average, in pauses that made the slowest requests (p99) several times slower.
    Requests create few reference cycles, and those live only for the request.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def commit_read_audit(session: Any) -> None:
    """Save the audit events of a read-only request.

    On PostgreSQL without a synchronous flush when the transaction wrote nothing else
    (``audit.commit_reads_asynchronously``); in one INSERT when the request changed nothing
    else (``audit.save_pending_reads``). On SQLite a transaction that has read cannot write
    once another request has written ("database is locked"): the events are then saved
    again in a fresh transaction.
    """
    events = list(session.info.get(audit.PENDING, []))
    try:
        await audit.commit_reads_asynchronously(session)
        await audit.save_pending_reads(session)
        await session.commit()
    except OperationalError:
        await session.rollback()
        # The copies only: the events themselves may still be pending (the INSERT was
        # refused), and would be added again by the commit.
        session.info.pop(audit.PENDING, None)
        session.add_all(audit.copy_event(event) for event in events)
        await session.commit()


class DatabaseSessionMiddleware:
    """Gives each HTTP request its own session, closed when the response is sent.

    A plain ASGI middleware (not ``BaseHTTPMiddleware``) so context variables set
    here reach the endpoint.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = scope["app"].state.sessions()
        scope.setdefault("state", {})["db_session"] = session

        async def send_after_audit(message: Message) -> None:
            # Reads of personal data are audited: their events are saved before any
            # data leaves the server.
            if message["type"] == "http.response.start" and session.info.get(audit.PENDING):
                await commit_read_audit(session)
            await send(message)

        try:
            await self.app(scope, receive, send_after_audit)
        finally:
            await session.close()


async def healthz(request: Request) -> JSONResponse:
    try:
        await ping(request.app.state.engine)
    except (SQLAlchemyError, OSError):
        logger.exception("health check: database unreachable")
        return JSONResponse({"status": "error", "database": "injoignable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def create_app(
    settings: Settings | None = None,
    registry: CertificationRegistry | None = None,
    *,
    run_worker: bool = False,
    periodic_rounds: bool = True,
    server_process: bool = False,
) -> Starlette:
    """Build the application; référentiels are synced into the database at start-up.

    Background jobs: on SQLite they run in the process (those a previous process left
    unfinished start again); on PostgreSQL, ``run_worker`` (``clea serve``) also runs a
    job worker in the process.

    ``periodic_rounds=False`` (the test suite's shared app): no outbox round every minute
    and no credential poll; rounds then run only when kicked. The suite runs each test's
    background work at its end; a round committing in the middle of a later test, between
    a fixture's read and its write, makes SQLite refuse that write (a stale WAL snapshot).
    A single process needs no credential poll: it forgets what it changes at once.

    ``server_process`` (``clea serve``, each of its web processes): the process serves
    requests until it stops, and its garbage collector is tuned for that once started
    (:func:`tune_garbage_collection`).
    """
    settings = settings or Settings.from_environ()
    registry = registry or installed_registry()
    # Certificates are signed with keys encrypted under this secret, for this base URL.
    signing.configure(settings)
    fonts.configure(settings.data_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine_for(settings)
        app.state.engine = engine
        app.state.sessions = session_factory(engine)
        # Whole answers of public, immutable reads (the référentiel tree), per publication state.
        app.state.public_responses = PublicResponses(engine, pooling=settings.database_pooling)
        # Statistics and exports read from CLEA_REPLICA_DATABASE_URL when it is set.
        replica = create_replica_engine_for(settings)
        app.state.replica_engine = replica
        app.state.replica_sessions = None if replica is None else session_factory(replica)
        app.state.mailer = MailDispatcher(
            app.state.sessions,
            settings,
            rounds=[
                webhook_delivery.deliver_pending,
                declaration_transmission.transmit_pending,
                dossier_counts.compact_round,
                wallet.purge_round,
            ],
        )
        try:
            # In production, never serve as a role that could lift tenant isolation.
            await check_runtime_role(engine, settings)
            async with app.state.sessions.begin() as session:
                await sync_bundled_referentiels(session, registry)
        except SQLAlchemyError as exc:
            await engine.dispose()
            raise ConfigurationError(
                "La base de données n'est pas prête (schéma absent ou injoignable).",
                hint="Lancez « clea db upgrade » puis redémarrez.",
            ) from exc
        except ConfigurationError:
            await engine.dispose()
            raise
        # Credentials another node revoked are forgotten here too (its own connection).
        sync_engine = create_engine_for(settings)
        credential_sync = CredentialSync(session_factory(sync_engine), forget_cached)
        if periodic_rounds:
            app.state.mailer.start()
            credential_sync.start()
        worker: asyncio.Task[None] | None = None
        if server_process:
            tune_garbage_collection()
        if settings.is_sqlite:
            await resumption.resume_in_process(app.state.sessions, registry)
        elif run_worker:
            worker = asyncio.create_task(
                jobs.serve_worker(
                    settings.queue_database_url, app.state.sessions, registry, settings=settings
                ),
                name="clea jobs worker",
            )
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await jobs.drain()
            await app.state.mailer.stop()
            await credential_sync.stop()
            await app.state.public_responses.close()
            await sync_engine.dispose()
            await engine.dispose()
            if replica is not None:
                await replica.dispose()

    # GraphiQL goes with introspection: without it the IDE could not show the schema.
    graphql_app = PlatformGraphQL(
        schema,
        allow_queries_via_get=False,
        graphql_ide="graphiql" if settings.graphql_introspection else None,
    )
    app = Starlette(
        routes=[
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            *oidc_routes,
            *document_routes,
            *accreditation_routes,
            *exchange_routes,
            *certificate_routes,
            *jury_routes,
            *statistics_routes,
            *wallet_routes,
            *list_routes,
            Mount("/", app=frontend_app(settings.frontend_dir)),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.registry = registry
    # Added last runs first: client address, size cap, headers, clean URL, identity, then
    # the database session.
    app.add_middleware(DatabaseSessionMiddleware)
    app.add_middleware(AuthenticationMiddleware)
    app.add_middleware(RequestTargetGuardMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    app.add_middleware(
        BodySizeLimitMiddleware,
        larger_limits={
            DOCUMENTS_PREFIX: UPLOAD_BODY_LIMIT,
            CONTROL_PREFIX: UPLOAD_BODY_LIMIT,
            IMPORTS_PREFIX: IMPORT_BODY_LIMIT,
        },
    )
    app.add_middleware(TrustedProxyMiddleware, trusted=settings.trusted_proxies)
    return app


def create_web_app() -> Starlette:
    """The app of one web process of ``clea serve --workers N`` (settings from the
    environment; the background jobs run in a process of their own)."""
    return create_app(run_worker=False, server_process=True)
