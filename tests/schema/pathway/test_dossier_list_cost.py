"""What one adviser's dossier list costs the database, as the frontend asks for it.

The counts per status come from the summary the triggers keep (``dossier_status_count``),
not from counting the organisation's dossiers; the candidates read are audited, and on
PostgreSQL that read-only transaction commits without waiting for the disk (a mutation's
never does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from clea_platform.audit.service import ASYNC_COMMIT_IF_READ_ONLY
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for
from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import new_dossier

# frontend/src/pathway/documents.ts, « Dossiers », for the adviser's own list.
DOSSIERS = """
query Dossiers($first: Int, $adviserId: ID, $order: DossierOrder! = NEWEST_FIRST) {
  dossiers(first: $first, order: $order, filter: {adviserId: $adviserId}) {
    totalCount
    countsByStatus { status count }
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id certificationCode status statusLabel openedAt windowEndsOn siteId
                          progress { evaluated total } candidate { ...CandidateNameFields } } }
  }
}
fragment CandidateNameFields on Candidate {
  id civility birthName usageName firstNames anonymised
}
"""
VIEWER = "{ viewer { user { id } } }"
AUDIT_LOG = "{ auditEvents(first: 20) { edges { node { operation objectIds } } } }"


@contextmanager
def every_statement(app: Any) -> Iterator[list[str]]:
    """Every statement the app sends, transaction overhead included."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_an_advisers_list_reads_the_counts_from_the_summary_in_three_statements(
    app: Any, logged_in: LoggedIn, count_queries: Any
) -> None:
    # Given an adviser with dossiers
    adviser = await logged_in("conseiller@greta-demo.fr")
    admin = await logged_in("admin@greta-demo.fr")
    for name in ("Coût-Alpha", "Coût-Beta"):
        await new_dossier(adviser, name)
    me = (await post(adviser, VIEWER))["data"]["viewer"]["user"]["id"]
    await post(adviser, DOSSIERS, first=50, adviserId=me)  # credentials cached first

    # When they list their dossiers as the frontend does
    with count_queries() as counted, every_statement(app) as sent:
        listed = await post(adviser, DOSSIERS, first=50, adviserId=me)

    # Then: the counts from the summary, the page with its candidates and their grids'
    # progress (one statement), and the audit event of the candidates read — nothing
    # counts the dossiers
    assert "errors" not in listed, listed
    page = listed["data"]["dossiers"]
    counts = {c["status"]: c["count"] for c in page["countsByStatus"]}
    assert counts["OPENED"] >= 2
    assert page["totalCount"] == sum(counts.values())
    assert len(counted) == 3, counted.statements
    assert "JOIN candidate" in counted.statements[1]
    assert "dossier_status_count" in counted.statements[0]
    counting_dossiers = [
        s
        for s in counted.statements
        if "FROM dossier " in s and ("GROUP BY" in s or s.startswith("SELECT count("))
    ]
    assert not counting_dossiers
    assert counted.statements[-1].startswith("INSERT INTO audit_event")
    # The read is in the audit log, whatever the commit's flavour
    log = (await post(admin, AUDIT_LOG))["data"]["auditEvents"]["edges"]
    shown = {e["node"]["candidate"]["id"] for e in page["edges"]}
    assert any(
        set(e["node"]["objectIds"]) == shown and e["node"]["operation"] == "candidate.read"
        for e in log
    ), log
    asynchronous = [s for s in sent if "synchronous_commit" in s]
    if app.state.engine.dialect.name == "postgresql":
        assert len(asynchronous) == 1
        assert sent.index(asynchronous[0]) < sent.index(counted.statements[-1])
    else:
        assert asynchronous == []


async def test_only_a_transaction_that_wrote_nothing_commits_asynchronously(
    settings: Settings,
) -> None:
    if settings.is_sqlite:
        pytest.skip("synchronous_commit is PostgreSQL's")
    engine = create_engine_for(settings)
    try:
        async with engine.connect() as connection:
            # A read-only request's transaction: its audit commit does not wait for the disk
            async with connection.begin():
                await connection.execute(ASYNC_COMMIT_IF_READ_ONLY)
                read_only = await connection.scalar(text("SHOW synchronous_commit"))
            # A transaction that wrote (it has a transaction id) keeps the synchronous commit
            async with connection.begin():
                await connection.scalar(text("SELECT pg_current_xact_id()"))
                await connection.execute(ASYNC_COMMIT_IF_READ_ONLY)
                wrote = await connection.scalar(text("SHOW synchronous_commit"))
            # and the setting never outlives its transaction
            after = await connection.scalar(text("SHOW synchronous_commit"))
    finally:
        await engine.dispose()
    assert (read_only, wrote, after) == ("off", "on", "on")
