"""Statistics exports read from ``CLEA_REPLICA_DATABASE_URL``; the audit stays on the primary.

The "replica" is a second URL to the same server and database (``application_name``
tells its connections apart): what the test checks is the routing — the export's
SELECTs go through the replica's engine, its audit INSERT through the primary's, and
the screen (GraphQL) does not touch the replica at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import create_app
from tests.isolation.helpers import logged_in_client, post
from tests.isolation.raw_sql import postgresql_only
from tests.statistics.test_statistics_api import QUERY, period, two_organisations  # noqa: F401

pytestmark = postgresql_only

EXPORT = "/exports/statistics/age_band.csv?du=2014-01-01&au=2014-12-31"


@pytest.fixture
async def replicated_app(settings: Settings, registry: CertificationRegistry) -> AsyncIterator[Any]:
    replica_url = (
        make_url(settings.database_url)
        .update_query_dict({"application_name": "clea-replica"})
        .render_as_string(hide_password=False)
    )
    application = create_app(
        dataclasses.replace(settings, replica_database_url=replica_url), registry
    )
    async with application.router.lifespan_context(application):
        yield application


def recorded(engine: Any) -> list[str]:
    statements: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    return statements


async def test_the_export_reads_on_the_replica_and_audits_on_the_primary(
    replicated_app: Any,
    two_organisations: dict[str, Any],  # noqa: F811
) -> None:
    app = replicated_app
    assert app.state.replica_engine.url.query["application_name"] == "clea-replica"
    on_replica, on_primary = recorded(app.state.replica_engine), recorded(app.state.engine)
    # My organisation's 8 dossiers of 2014, 6 certified, all born in 1985 (28 in 2014)
    _, email = two_organisations["mine"]
    http = await logged_in_client(app, email)
    on_replica.clear()
    response = await http.get(EXPORT)
    assert response.status_code == 200
    assert response.text.lstrip("\ufeff").splitlines()[1].endswith(";25_29;25 à 29 ans;8;6")
    # The breakdown was read through the replica, not through the primary
    assert any("FROM dossier" in s for s in on_replica)
    assert not any("FROM dossier" in s for s in on_primary)
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE")) for s in on_replica)
    # The screen's statistics (GraphQL) stay on the primary
    on_replica.clear()
    body = await post(http, QUERY, filter=period())
    assert body["data"]["statistics"]["total"]["opened"] == 8
    assert on_replica == []


async def test_a_national_export_is_audited_on_the_primary(
    replicated_app: Any,
    two_organisations: dict[str, Any],  # noqa: F811
) -> None:
    app = replicated_app
    on_replica, on_primary = recorded(app.state.replica_engine), recorded(app.state.engine)
    http = await logged_in_client(app, two_organisations["certifpro"])
    on_primary.clear()
    response = await http.get(EXPORT)
    assert response.status_code == 200
    assert any(s.startswith("INSERT INTO audit_event") for s in on_primary)
    assert not any("audit_event" in s for s in on_replica)
    assert any("FROM dossier" in s for s in on_replica)
