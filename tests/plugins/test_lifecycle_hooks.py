"""Plugins hear of a dossier's life once it has committed: its moves, its evaluations
closed, the jury's final decisions and its certificate; a plugin that fails changes nothing.

The recording plugin below is registered like any other (``build_plugin_manager`` with
``extra_plugins``), in place of the test suite's registry.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import Certificate
from clea_platform.dossiers.models import Dossier
from clea_platform.juries import amendments, issuance
from clea_platform.juries.amendments import AmendmentInput
from clea_platform.juries.models import JuryMember, Outcome
from clea_platform.plugins import CertificationRegistry, build_plugin_manager, hookimpl, lifecycle
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.juries.conftest import (  # noqa: F401
    DOMAIN,
    as_actor,
    dossier_status,
    greta,
    greta_site,
    members,
    platform_admin,
    ready_dossier,
    sophie,
)
from tests.juries.helpers import close, open_session, secretary_decides


class Recorder:
    """A plugin that writes down what it hears, in order."""

    def __init__(self) -> None:
        self.heard: list[tuple[Any, ...]] = []

    @hookimpl
    def clea_dossier_status_changed(
        self, dossier_id: uuid.UUID, certification_code: str, previous_status: str | None,
        status: str,
    ) -> None:  # fmt: skip
        self.heard.append(("status", dossier_id, certification_code, previous_status, status))

    @hookimpl
    def clea_evaluation_closed(
        self, dossier_id: uuid.UUID, kind: str, eligible: bool, gaps: Sequence[str]
    ) -> None:
        self.heard.append(("evaluation", dossier_id, kind, eligible, tuple(gaps)))

    @hookimpl
    def clea_decision_recorded(
        self, dossier_id: uuid.UUID, decision_id: uuid.UUID, outcome: str,
        amends_id: uuid.UUID | None,
    ) -> None:  # fmt: skip
        self.heard.append(("decision", dossier_id, decision_id, outcome, amends_id))

    @hookimpl
    def clea_certificate_issued(
        self, dossier_id: uuid.UUID, certificate_id: uuid.UUID, number: str,
        verification_code: str,
    ) -> None:  # fmt: skip
        self.heard.append(("certificate", dossier_id, certificate_id, number, verification_code))


class Broken:
    """A plugin whose every lifecycle hook raises."""

    @hookimpl
    def clea_dossier_status_changed(self, dossier_id: uuid.UUID) -> None:
        raise RuntimeError("extension en panne")

    @hookimpl
    def clea_evaluation_closed(self, evaluation_id: uuid.UUID) -> None:
        raise RuntimeError("extension en panne")

    @hookimpl
    def clea_decision_recorded(self, decision_id: uuid.UUID) -> None:
        raise RuntimeError("extension en panne")

    @hookimpl
    def clea_certificate_issued(self, certificate_id: uuid.UUID) -> None:
        raise RuntimeError("extension en panne")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def registry(recorder: Recorder) -> CertificationRegistry:
    """The installed plugins and the recorder (replaces the suite's registry here)."""
    return CertificationRegistry(build_plugin_manager(extra_plugins=[recorder]))


def statuses(heard: list[tuple[Any, ...]], dossier_id: uuid.UUID) -> list[tuple[Any, ...]]:
    return [(h[3], h[4]) for h in heard if h[0] == "status" and h[1] == dossier_id]


async def certificate_of(session: AsyncSession, dossier: Dossier) -> Certificate:
    async with cross_tenant_reads(session, "tests"):
        found = await session.scalar(
            select(Certificate).where(Certificate.dossier_id == dossier.id)
        )
    assert found is not None
    return found


async def test_a_plugin_hears_a_dossier_from_its_opening_to_its_certificate_after_each_commit(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    sophie: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    platform_admin: Actor,  # noqa: F811
    members: dict[str, JuryMember],  # noqa: F811
    registry: CertificationRegistry,
    recorder: Recorder,
) -> None:
    # given a dossier opened and evaluated, everything acquired at the évaluation préalable
    dossier = await ready_dossier(db_session, greta, sophie, greta_site, registry)
    # then nothing is heard before the work commits
    assert recorder.heard == []
    await db_session.commit()
    assert statuses(recorder.heard, dossier.id) == [
        (None, "opened"),
        ("opened", "initial_evaluation"),
        ("initial_evaluation", "ready_for_jury"),
    ]
    assert ("evaluation", dossier.id, "initial", True, ()) in recorder.heard
    # the evaluation is heard closed before the dossier is heard going to the jury
    kinds = [h[0] for h in recorder.heard]
    assert kinds.index("evaluation") < len(kinds) - 1
    recorder.heard.clear()

    # when a paritaire session certifies it and closes, and the certificate is issued
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, [dossier])
    decided = await secretary_decides(db_session, platform_admin, jury, dossier, present[0])
    # a decision still open to change is not announced
    await db_session.commit()
    assert [h for h in recorder.heard if h[0] == "decision"] == []
    await close(db_session, platform_admin, registry, jury)
    async with as_actor(db_session, platform_admin):
        await issuance.issue_session_certificates(db_session, platform_admin, registry, jury.id)
    await db_session.commit()

    # then the plugin heard the final decision, the move to « certifié » and the certificate
    certificate = await certificate_of(db_session, dossier)
    assert ("decision", dossier.id, decided.id, "certified", None) in recorder.heard
    assert statuses(recorder.heard, dossier.id) == [
        ("ready_for_jury", "submitted_to_jury"),
        ("submitted_to_jury", "certified"),
    ]
    (issued,) = [h for h in recorder.heard if h[0] == "certificate"]
    assert issued[:4] == ("certificate", dossier.id, certificate.id, certificate.number)
    assert issued[4].replace("-", "") == certificate.verification_code


async def test_an_amendment_is_heard_as_a_decision_that_amends_the_first(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    sophie: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    platform_admin: Actor,  # noqa: F811
    members: dict[str, JuryMember],  # noqa: F811
    registry: CertificationRegistry,
    recorder: Recorder,
) -> None:
    # given a certified dossier
    dossier = await ready_dossier(db_session, greta, sophie, greta_site, registry)
    present = [members["employeur1"], members["salarie2"]]
    jury = await open_session(db_session, platform_admin, registry, present, present, [dossier])
    decided = await secretary_decides(db_session, platform_admin, jury, dossier, present[0])
    await close(db_session, platform_admin, registry, jury)
    await db_session.commit()
    recorder.heard.clear()
    # when the decision is amended to « non certifié »
    async with as_actor(db_session, platform_admin):
        amended = await amendments.amend_decision(
            db_session, platform_admin, registry, decided.id,
            AmendmentInput(Outcome.NOT_CERTIFIED, "Fraude établie.", criteria_at_issue=[DOMAIN]),
        )  # fmt: skip
    await db_session.commit()
    # then the plugin hears the amending decision and the dossier leaving « certifié »
    assert ("decision", dossier.id, amended.id, "not_certified", decided.id) in recorder.heard
    assert statuses(recorder.heard, dossier.id) == [("certified", "not_certified")]


async def test_work_rolled_back_is_never_heard(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    sophie: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
    recorder: Recorder,
) -> None:
    # given the demo data committed
    await db_session.commit()
    # when a dossier is opened and evaluated, then the work is rolled back
    dossier = await ready_dossier(db_session, greta, sophie, greta_site, registry)
    await db_session.rollback()
    await db_session.commit()
    # then the plugin heard nothing of it
    assert statuses(recorder.heard, dossier.id) == []
    assert recorder.heard == []


async def test_what_a_savepoint_rolled_back_announced_is_forgotten_and_the_rest_is_heard(
    db_session: AsyncSession, registry: CertificationRegistry, recorder: Recorder
) -> None:
    # given one move announced in the transaction and one in a savepoint that fails
    manager = registry.plugin_manager
    kept, dropped = uuid.uuid4(), uuid.uuid4()

    def announce(dossier_id: uuid.UUID) -> None:
        lifecycle.announce(
            db_session, manager, "clea_dossier_status_changed", organisation_id=uuid.uuid4(),
            dossier_id=dossier_id, certification_code="CLEA", previous_status="training",
            status="final_evaluation",
        )  # fmt: skip

    await db_session.connection()
    announce(kept)

    async def fail_in_a_savepoint() -> None:
        async with db_session.begin_nested():
            announce(dropped)
            raise RuntimeError("échec de ce seul certificat")

    with pytest.raises(RuntimeError):
        await fail_in_a_savepoint()
    # when the transaction commits
    await db_session.commit()
    # then only the move that was kept is heard
    assert [h[1] for h in recorder.heard] == [kept]


async def test_a_failing_plugin_neither_refuses_the_work_nor_silences_the_others(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    sophie: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given a plugin that raises in every hook, called before the recorder
    registry = CertificationRegistry(build_plugin_manager(extra_plugins=[recorder, Broken()]))
    # when a dossier is opened, evaluated and the work committed
    with caplog.at_level(logging.ERROR, logger=lifecycle.__name__):
        dossier = await ready_dossier(db_session, greta, sophie, greta_site, registry)
        await db_session.commit()
    # then the work is saved, the other plugin heard everything, the failures are logged
    assert await dossier_status(db_session, dossier.id) == "ready_for_jury"
    assert len(statuses(recorder.heard, dossier.id)) == 3
    assert any(h[0] == "evaluation" for h in recorder.heard)
    failures = [r for r in caplog.records if "clea_dossier_status_changed" in r.getMessage()]
    assert len(failures) == 3
    assert "the platform carries on" in failures[0].getMessage()
