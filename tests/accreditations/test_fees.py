"""Fees belong to the certification's plugin; each billable event carries the amount in
force that day (#19).

Every amount below is DOMAIN.md's (« Fees owed to Certif'Pro (from July 2019, excl.
VAT) »): CléA 20 € per évaluation préalable and 5 € per certificate; CléA numérique 300 €
per accreditation application, 150 € per establishment (SIRET) for the accreditation
period, 10 € per certificate.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import exports
from clea_platform.evaluations.models import BillableEvent
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from tests.dossiers.conftest import Pathway, clea_leaves

TODAY = dt.date.today()


@pytest.mark.parametrize(
    ("certification", "fee", "cents"),
    [
        ("CLEA", "initial_evaluation_cents", 2000),
        ("CLEA", "certificate_cents", 500),
        ("CLEA_NUMERIQUE", "application_cents", 30000),
        ("CLEA_NUMERIQUE", "site_cents", 15000),
        ("CLEA_NUMERIQUE", "certificate_cents", 1000),
    ],
)
def test_each_fee_of_the_domain_belongs_to_its_certification(
    registry: CertificationRegistry, certification: str, fee: str, cents: int
) -> None:
    assert getattr(registry.get(certification).fees, fee) == cents


async def test_a_closed_evaluation_prealable_carries_the_fee_in_force(
    db_session: AsyncSession, pathway: Pathway, registry: CertificationRegistry
) -> None:
    # When the Greta closes a CléA évaluation préalable
    _, evaluation, _ = await pathway.evaluated(
        "CLEA", dict.fromkeys(clea_leaves(registry), "acquis")
    )

    # Then its billable event carries CléA's 20 €
    event = await db_session.scalar(
        select(BillableEvent).where(BillableEvent.subject_id == evaluation.id)
    )
    assert event is not None
    assert (event.kind, event.certification_code, event.amount_cents) == (
        "initial_evaluation",
        "CLEA",
        2000,
    )


async def test_the_fees_export_bills_each_event_at_its_own_amount(
    db_session: AsyncSession,
    greta: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
) -> None:
    # Given three CléA évaluations préalables of one day long ago: one billed at an older
    # tariff (18 €), one at today's (20 €), one recorded before events carried amounts
    day = dt.datetime(2021, 3, 15, 10, tzinfo=dt.UTC)
    assert greta.organisation_id is not None
    for amount in (1800, 2000, None):
        db_session.add(
            BillableEvent(
                organisation_id=greta.organisation_id,
                kind="initial_evaluation",
                certification_code="CLEA",
                subject_id=uuid.uuid4(),
                occurred_at=day,
                amount_cents=amount,
            )
        )
    await db_session.flush()

    # When Certif'Pro exports the fees of that day
    with acting_as(platform_admin):
        lines = await exports.fee_lines(
            db_session, platform_admin, registry, since=day.date(), until=day.date()
        )

    # Then each is billed at the amount it carries; the older one at the plugin's fee
    billed = sorted(
        (line.quantity, line.unit_cents)
        for line in lines
        if line.subject == "évaluations préalables" and line.scope == "CLEA"
    )
    assert billed == [(1, 1800), (2, 2000)]
