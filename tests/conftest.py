"""Fixtures shared by the whole suite: a migrated database, the app and a GraphQL client."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.config import Settings
from clea_platform.db.context_signature import BINDING_QUERY
from clea_platform.db.engine import create_engine_for
from clea_platform.db.migrate import upgrade
from clea_platform.jobs import queue as jobs
from clea_platform.plugins.registry import CertificationRegistry, installed_registry
from clea_platform.referentiels.publication_state import STATEMENT as PUBLICATION_STATE
from clea_platform.web.app import create_app
from tests.databases import ThrowawayDatabase, throwaway_database

REPO_ROOT = Path(__file__).resolve().parent.parent

GraphQLRunner = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture(scope="session")
def base_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The suite's settings before any database: a data directory and its secret."""
    return Settings.from_environ({"CLEA_DATA_DIR": str(tmp_path_factory.mktemp("data"))})


@pytest.fixture(scope="session")
def migrated_database(
    tmp_path_factory: pytest.TempPathFactory, base_settings: Settings
) -> Iterator[ThrowawayDatabase]:
    """A database migrated to the latest revision, shared by the session."""
    with throwaway_database(tmp_path_factory.mktemp("db")) as created:
        upgrade(created.settings(base_settings))
        yield created


@pytest.fixture(scope="session")
def database_url(migrated_database: ThrowawayDatabase) -> str:
    """The application's URL of the session's database (on PostgreSQL: the runtime role)."""
    return migrated_database.url


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[ThrowawayDatabase]:
    """An empty, unmigrated database for this test only."""
    with throwaway_database(tmp_path) as created:
        yield created


@pytest.fixture
def fresh_settings(fresh_database: ThrowawayDatabase, settings: Settings) -> Settings:
    """The suite's settings pointed at this test's own empty, unmigrated database."""
    return fresh_database.settings(settings)


@pytest.fixture(scope="session")
def settings(migrated_database: ThrowawayDatabase, base_settings: Settings) -> Settings:
    return migrated_database.settings(base_settings)


@pytest.fixture(scope="session")
def registry() -> CertificationRegistry:
    return installed_registry()


@pytest.fixture(autouse=True)
async def background_work_ends_with_its_test() -> AsyncIterator[None]:
    """The background work a test started — a certificate issuance (SQLite runs them as
    tasks of this process), the outbox round for what it queued — ends with the test.

    Otherwise it commits while the next test runs, and on SQLite a transaction that has
    read and then writes after another connection committed is refused at once with
    "database is locked" (WAL's stale snapshot), whatever the busy timeout.
    """
    yield
    await jobs.drain()
    # One outbox round now, for what the test left queued (mail, the webhooks' events its
    # work recorded, through the app or not): left to the periodic round, it would write in
    # the middle of a later test.
    for running in RUNNING_APPS:
        running.state.mailer.kick()
        await running.state.mailer.drain()


@pytest.fixture
async def db_session(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session whose work is rolled back at the end of the test."""
    engine = create_engine_for(settings)
    async with engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()
    await engine.dispose()


#: The suite's app once started (its outbox rounds run after each test, see above).
RUNNING_APPS: list[Any] = []


@pytest.fixture(scope="session")
async def app(settings: Settings, registry: CertificationRegistry) -> AsyncIterator[Any]:
    # Its rounds run when a test ends (above), never on a timer in the middle of another.
    application = create_app(settings, registry, periodic_rounds=False)
    async with application.router.lifespan_context(application):
        RUNNING_APPS.append(application)
        yield application
        RUNNING_APPS.remove(application)


def new_client(app: Any) -> httpx.AsyncClient:
    """An HTTP client for the app, from its own address (login rate limits are per IP)."""
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with new_client(app) as http:
        yield http


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQLRunner:
    """Post a query and return ``data``; fails the test on any GraphQL error."""

    async def run(query: str, **variables: Any) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"X-Requested-With": "clea-tests"},
        )
        body = response.json()
        assert "errors" not in body, body["errors"]
        assert response.status_code == 200
        data: dict[str, Any] = body["data"]
        return data

    return run


TRANSACTION_OVERHEAD = ("BEGIN", BINDING_QUERY, "SELECT set_config(", PUBLICATION_STATE)


class QueryCounter:
    """Counts the SQL statements an engine runs while active.

    Per-transaction overhead (``BEGIN``, the signed context and its binding) and the
    kept public responses' read of the publication state (``web/public_responses.py``)
    are not counted: they do not grow with the data.
    """

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Any) -> Callable[[], Any]:
    """``with count_queries() as counter:`` counts the app's SQL statements in the block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    engine = app.state.engine.sync_engine

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def record(*args: Any) -> None:
            if not args[2].startswith(TRANSACTION_OVERHEAD):
                counter.statements.append(args[2])

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The random order's seed, printed even under ``-q``: ``pytest --randomly-seed=<seed>``
    replays the same order to reproduce a failure."""
    if config.pluginmanager.has_plugin("randomly") and config.getoption("randomly_reorganize"):
        seed = config.getoption("randomly_seed")
        terminalreporter.write_line(f"Ordre aléatoire des tests : --randomly-seed={seed}")
