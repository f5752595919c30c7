"""The public verification page's lookup: what it costs the database per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from clea_platform.certificates import service, signing
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.db.context_signature import BINDING_QUERY
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL
from tests.certificates.seeding import seed_certified_dossiers
from tests.conftest import new_client
from tests.schema.identity.conftest import demo  # noqa: F401

ADMIN = Actor(label="Certif'Pro (tests)", platform_roles=frozenset({"certifpro_admin"}))


async def committed_certificate(app: Any, registry: CertificationRegistry) -> Certificate:
    """A certificate of a new organisation, committed (the demo organisations untouched)."""
    with acting_as(ADMIN):
        async with app.state.sessions() as session, cross_tenant_reads(session, "tests"):
            (dossier,) = await seed_certified_dossiers(session, registry, 1)
            await signing.active_key(session)
            certificate = await service.issue_certificate(
                session,
                ADMIN,
                registry,
                dossier=dossier,
                decided_on=DECIDED_ON,
                jury_session_id=None,
                jury_session_label=SESSION_LABEL,
            )
            await session.commit()
    return certificate


@contextmanager
def all_statements(app: Any) -> Iterator[list[str]]:
    """Every statement the app's engine sends (transaction overhead included)."""
    engine = app.state.engine.sync_engine
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.usefixtures("demo")  # loaded before anything is committed, as the API tests
async def test_a_verification_is_one_select_and_the_tenant_settings_sent_once(
    app: Any, registry: CertificationRegistry
) -> None:
    """Two short transactions: the shared rate limit's count (one upsert), then the
    lookup (one SELECT); each sends its signed context once (PostgreSQL)."""
    certificate = await committed_certificate(app, registry)
    async with new_client(app) as anyone:
        code = format_code(certificate.verification_code)
        with all_statements(app) as statements:
            response = await anyone.get(f"/verify/{code}", headers={"Accept": "application/json"})
        assert response.status_code == 200
        assert response.json()["number"] == certificate.number
        context = [s for s in statements if "set_config" in s or s == BINDING_QUERY]
        selects = [s for s in statements if s.startswith("SELECT") and s not in context]
        assert len(selects) == 1
        counts = [s for s in statements if s.startswith("INSERT INTO rate_limit_counter")]
        assert len(counts) == 1
        settings = [s for s in context if "set_config" in s]
        is_postgresql = app.state.engine.dialect.name == "postgresql"
        assert len(settings) == (2 if is_postgresql else 0)
        # (the signed context's binding is read once per transaction, before it)
        assert len(context) == (4 if is_postgresql else 0)

        # A malformed code is refused without asking the database
        with all_statements(app) as statements:
            assert (await anyone.get("/verify/ABCDE")).status_code == 404
        assert statements == []

        # The HTML page reads the same row
        page = await anyone.get(f"/verify/{code}")
        assert "Ce certificat est valide" in page.text
        assert certificate.holder_name in page.text
