"""Many issuers at once on PostgreSQL: every number used once, none skipped."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select

from clea_platform.certificates import service, signing
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import upgrade
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL
from tests.certificates.seeding import seed_certified_dossiers
from tests.databases import engine_under_test

ISSUERS = 40
ADMIN = Actor(label="Certif'Pro", platform_roles=frozenset({"certifpro_admin"}))


class CrashError(Exception):
    """An issuer failing after it took a number (its transaction rolls back)."""


@pytest.mark.skipif(
    engine_under_test() != "postgresql", reason="concurrent writers: a PostgreSQL behaviour"
)
async def test_concurrent_issuers_leave_no_duplicate_and_no_gap(
    fresh_settings: Settings, registry: CertificationRegistry
) -> None:
    # Given a database with certified dossiers, and as many issuers as dossiers
    upgrade(fresh_settings)
    own = fresh_settings
    signing.configure(own)
    engine = create_engine_for(own, pool_size=ISSUERS, max_overflow=0)
    sessions = session_factory(engine)
    try:
        with acting_as(ADMIN):
            async with sessions() as session, cross_tenant_reads(session, "tests"):
                dossiers = await seed_certified_dossiers(session, registry, ISSUERS)
                await signing.active_key(session)
                await session.commit()
            dossier_ids = [d.id for d in dossiers]
            start = asyncio.Event()

            async def issuer(index: int, dossier_id: uuid.UUID) -> str | None:
                async with sessions() as session, cross_tenant_reads(session, "tests"):
                    dossier = next(d for d in dossiers if d.id == dossier_id)
                    dossier = await session.merge(dossier, load=True)
                    await start.wait()
                    try:
                        certificate = await service.issue_certificate(
                            session,
                            ADMIN,
                            registry,
                            dossier=dossier,
                            decided_on=DECIDED_ON,
                            jury_session_id=None,
                            jury_session_label=SESSION_LABEL,
                        )
                        number = certificate.number
                        if index % 5 == 0:
                            raise CrashError(number)
                        await session.commit()
                        return number
                    except CrashError:
                        await session.rollback()
                        return None

            # When they all issue at once (one in five crashing after numbering)
            tasks = [
                asyncio.create_task(issuer(i, dossier_id))
                for i, dossier_id in enumerate(dossier_ids)
            ]
            await asyncio.sleep(0.1)
            start.set()
            numbers = [n for n in await asyncio.gather(*tasks) if n is not None]

            # Then the committed certificates are numbered 1..n exactly, once each
            async with sessions() as session, cross_tenant_reads(session, "tests"):
                sequences = sorted((await session.scalars(select(Certificate.sequence))).all())
        expected = ISSUERS - len(range(0, ISSUERS, 5))
        assert len(numbers) == expected
        assert len(set(numbers)) == expected
        assert sequences == list(range(1, expected + 1))
    finally:
        await engine.dispose()
