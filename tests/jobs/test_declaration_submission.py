"""Declaration batches produced on a schedule and transmitted through the outbox.

Given certificates issued by a jury session's closing (committed, as in production), the
scheduled batch declares them and the default transmitter puts the file in the data
directory's outgoing folder; a transmitter that fails is retried with the outbox's backoff
and the batch set aside (``dead``) after the last attempt, or at once for a refusal that
retrying cannot help — and a batch transmits once the national side answers again.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.declarations import transmission
from clea_platform.declarations.models import DeclarationBatch, Transmission
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.jobs.conftest import CloseSession, Sessions, run_queued_jobs
from tests.webhooks.workers import environ


class Flaky:
    """A national system that refuses our batches ``failures`` times, then accepts them
    (other batches of the shared database go to the outgoing folder as usual)."""

    def __init__(self, settings: Settings, ours: set[uuid.UUID], failures: int, permanent: bool):
        self.folder = transmission.OutgoingFolder(settings.data_dir)
        self.ours = ours
        self.failures = failures
        self.permanent = permanent
        self.calls = 0

    def transmit(self, batch_id: uuid.UUID, file_name: str, document: str) -> str:
        if batch_id not in self.ours:
            return self.folder.transmit(batch_id, file_name, document)
        self.calls += 1
        if self.calls <= self.failures:
            raise transmission.TransmissionError(
                "service national indisponible (503)", permanent=self.permanent
            )
        return f"ACCUSE-{self.calls}"


@pytest.fixture
def restore_transmitter() -> Iterator[None]:
    yield
    transmission.use_transmitter(lambda settings: transmission.OutgoingFolder(settings.data_dir))


async def batch(sessions: Sessions, batch_id: uuid.UUID) -> DeclarationBatch:
    async with sessions() as session:
        found = await session.get(DeclarationBatch, batch_id)
        assert found is not None
        return found


async def queued_batch(sessions: Sessions) -> uuid.UUID:
    async with sessions.begin() as session:
        row = DeclarationBatch(
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 1, 31),
            certificate_count=1,
            format="clea-accrochage-provisoire/1",
            file_name="accrochage-test.xml",
            document="<declaration/>",
        )
        session.add(row)
    return row.id


async def test_the_scheduled_batch_declares_the_session_s_certificates_into_the_outgoing_folder(
    sessions: Sessions,
    settings: Settings,
    registry: CertificationRegistry,
    closed_session: CloseSession,
) -> None:
    # given a jury session that certified two dossiers, their certificates issued
    _, dossier_ids = await closed_session(2)
    await run_queued_jobs(settings, registry, sessions)
    async with sessions() as session, cross_tenant_reads(session, "tests"):
        numbers = set(
            await session.scalars(
                select(Certificate.number).where(Certificate.dossier_id.in_(dossier_ids))
            )
        )
    assert len(numbers) == 2
    # when the daily job runs (nothing asked by hand), then transmission rounds run
    result = await transmission.declare_undeclared(sessions, registry, utcnow().date())
    assert result.batch is not None
    await transmission.transmit_pending(sessions, settings)
    # then the batch declares both, and its file waits in the outgoing folder, as produced
    stored = await batch(sessions, result.batch.id)
    assert stored.transmission == Transmission.TRANSMITTED
    declared = {
        line.findtext("numero") for line in ET.fromstring(stored.document).findall("certificat")
    }
    assert numbers <= declared
    path = settings.data_dir / stored.transmission_reference
    assert path.parent == settings.data_dir / "declarations" / "outgoing"
    assert path.read_text(encoding="utf-8") == stored.document
    # and the next run declares them no more
    again = await transmission.declare_undeclared(sessions, registry, utcnow().date())
    if again.batch is not None:
        redeclared = ET.fromstring(again.batch.document).findall("certificat")
        assert not numbers & {line.findtext("numero") for line in redeclared}


async def test_a_failing_transmission_is_retried_with_backoff_then_set_aside(
    sessions: Sessions, settings: Settings, restore_transmitter: None
) -> None:
    batch_id = await queued_batch(sessions)
    flaky = Flaky(settings, {batch_id}, failures=99, permanent=False)
    transmission.use_transmitter(lambda _: flaky)
    now = utcnow()
    for attempt in range(1, transmission.RETRY.max_attempts + 1):
        await transmission.transmit_pending(sessions, settings, now=now)
        stored = await batch(sessions, batch_id)
        assert stored.attempts == attempt
        assert "indisponible" in stored.last_error
        if attempt < transmission.RETRY.max_attempts:
            # not due before its backoff: a round just before it leaves it alone
            wait = transmission.RETRY.backoff(attempt)
            assert stored.next_attempt_at == now + wait
            await transmission.transmit_pending(sessions, settings, now=now + wait / 2)
            assert (await batch(sessions, batch_id)).attempts == attempt
            now += wait
    assert stored.transmission == Transmission.DEAD
    assert stored.dead_at is not None
    assert flaky.calls == transmission.RETRY.max_attempts


async def test_a_refusal_that_retrying_cannot_help_sets_the_batch_aside_at_once(
    sessions: Sessions, settings: Settings, restore_transmitter: None
) -> None:
    batch_id = await queued_batch(sessions)
    transmission.use_transmitter(lambda _: Flaky(settings, {batch_id}, 1, permanent=True))
    await transmission.transmit_pending(sessions, settings)
    stored = await batch(sessions, batch_id)
    assert (stored.transmission, stored.attempts) == (Transmission.DEAD, 1)


async def test_a_batch_is_transmitted_once_the_national_side_answers_again(
    sessions: Sessions, settings: Settings, restore_transmitter: None
) -> None:
    batch_id = await queued_batch(sessions)
    flaky = Flaky(settings, {batch_id}, failures=2, permanent=False)
    transmission.use_transmitter(lambda _: flaky)
    now = utcnow()
    for _ in range(3):
        await transmission.transmit_pending(sessions, settings, now=now)
        now += dt.timedelta(days=1)
    stored = await batch(sessions, batch_id)
    assert stored.transmission == Transmission.TRANSMITTED
    assert (stored.attempts, stored.transmission_reference) == (3, "ACCUSE-3")
    # transmitted: later rounds never send it again
    await transmission.transmit_pending(sessions, settings, now=now + dt.timedelta(days=1))
    assert flaky.calls == 3


def test_the_daily_command_declares_and_transmits_and_says_where_the_files_are(
    settings: Settings,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", "declarations", "submit"],
        env=environ(settings),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "certificat(s) déclaré(s)" in done.stdout
    assert str(settings.data_dir / "declarations" / "outgoing") in done.stdout
