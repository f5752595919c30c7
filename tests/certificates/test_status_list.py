"""The Bitstring Status List of the certificates: its encoding, its entries, concurrent first
downloads (the W3C Bitstring Status List v1.0 rules; docs/certificates.md)."""

from __future__ import annotations

import asyncio
import base64
import gzip

import jwt
import pytest
from sqlalchemy import select

from clea_platform.certificates import badge, service, signing, status_list
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

ADMIN = Actor(label="Certif'Pro", platform_roles=frozenset({"certifpro_admin"}))
CERTIFICATES = 6


def decoded(encoded_list: str) -> bytes:
    assert encoded_list.startswith("u")  # multibase base64url, no padding
    assert "=" not in encoded_list
    data = encoded_list[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def test_the_list_is_16_kb_of_bits_the_first_index_being_the_leftmost_bit() -> None:
    # "The first index [is] the left-most bit" of the uncompressed bitstring, 16 KB at least
    bitstring = decoded(status_list.encode({0, 9, 131_071}))
    assert len(bitstring) == 16 * 1024
    assert bitstring[0] == 0b1000_0000
    assert bitstring[1] == 0b0100_0000
    assert bitstring[-1] == 0b0000_0001
    assert sum(bin(byte).count("1") for byte in bitstring) == 3
    assert decoded(status_list.encode(set())) == bytes(16 * 1024)


def test_entries_take_every_index_of_a_list_once_and_are_not_consecutive() -> None:
    positions = [status_list.position(serial) for serial in range(status_list.SIZE)]
    assert sorted(positions) == list(range(status_list.SIZE))
    assert abs(positions[1] - positions[0]) > 1


@pytest.mark.skipif(
    engine_under_test() != "postgresql", reason="concurrent writers: a PostgreSQL behaviour"
)
async def test_concurrent_first_downloads_of_a_badge_agree_on_its_entry(
    fresh_settings: Settings, registry: CertificationRegistry
) -> None:
    # Given certificates whose badge was never made
    upgrade(fresh_settings)
    signing.configure(fresh_settings)
    engine = create_engine_for(fresh_settings, pool_size=2 * CERTIFICATES, max_overflow=0)
    sessions = session_factory(engine)
    try:
        with acting_as(ADMIN):
            async with sessions() as session, cross_tenant_reads(session, "tests"):
                dossiers = await seed_certified_dossiers(session, registry, CERTIFICATES)
                for dossier in dossiers:
                    await service.issue_certificate(
                        session,
                        ADMIN,
                        registry,
                        dossier=dossier,
                        decided_on=DECIDED_ON,
                        jury_session_id=None,
                        jury_session_label=SESSION_LABEL,
                    )
                await session.commit()
                ids = list((await session.scalars(select(Certificate.id))).all())
            start = asyncio.Event()

            async def download(certificate_id: object) -> dict[str, str]:
                async with sessions() as session, cross_tenant_reads(session, "tests"):
                    certificate = await session.scalar(
                        select(Certificate).where(Certificate.id == certificate_id)
                    )
                    assert certificate is not None
                    await start.wait()
                    token = await badge.badge_jwt(session, registry, certificate)
                    await session.commit()
                claims = jwt.decode(token, options={"verify_signature": False})
                entry: dict[str, str] = claims["credentialStatus"]
                return entry

            # When each badge is made twice at once
            tasks = [asyncio.create_task(download(i)) for i in ids for _ in range(2)]
            await asyncio.sleep(0.1)
            start.set()
            entries = await asyncio.gather(*tasks)

            # Then both copies of a badge point at the same entry, which is its own
            async with sessions() as session, cross_tenant_reads(session, "tests"):
                stored = (
                    await session.execute(
                        select(Certificate.status_list, Certificate.status_list_index)
                    )
                ).all()
        pairs = [entries[k : k + 2] for k in range(0, len(entries), 2)]
        assert all(first == second for first, second in pairs)
        assert len({first["id"] for first, _ in pairs}) == CERTIFICATES
        assert sorted(f"{n}#{i}" for n, i in stored) == sorted(
            first["id"].rsplit("/", 1)[1] for first, _ in pairs
        )
    finally:
        await engine.dispose()
