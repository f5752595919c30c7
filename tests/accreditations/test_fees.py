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

from clea_platform.accreditations import campaigns, exports, statements
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.core.errors import InvalidFormError
from clea_platform.evaluations.models import BillableEvent
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from tests.accreditations.test_scope import (
    GRID,
    PROGRAMME,
    accredited_for_training_only,
    joint_campaign,
)
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


async def test_a_joint_campaign_bills_each_certification_its_own_fees_or_the_override(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
    store: DocumentStore,
) -> None:
    # Given a joint CléA + CléA numérique campaign without campaign-wide fees, overriding
    # CléA's (which the plugin does not charge) at 100 € per application and 40 € per site
    campaign = await joint_campaign(db_session, platform_admin, registry)
    with acting_as(platform_admin):
        await campaigns.update_campaign(
            db_session,
            platform_admin,
            registry,
            campaign.id,
            campaigns.CampaignInput(
                title=campaign.title,
                certification_codes=campaign.certification_codes,
                opens_on=campaign.opens_on,
                closes_on=campaign.closes_on,
                accreditation_starts_on=campaign.accreditation_starts_on,
                accreditation_ends_on=campaign.accreditation_ends_on,
                required_documents=[
                    campaigns.RequiredDocument("Certificat Qualiopi"),
                    PROGRAMME,
                    GRID,
                ],
                fee_overrides=[campaigns.FeeOverride("CLEA", 10000, 4000)],
            ),
            expected_revision=campaign.revision,
        )
    assert campaigns.fees_for(campaign, registry, "CLEA_NUMERIQUE") == (30000, 15000)
    assert campaigns.fees_for(campaign, registry, "CLEA") == (10000, 4000)

    # When an organisation applies with one site and is accepted
    await accredited_for_training_only(
        db_session, applicant, platform_admin, registry, store, campaign=campaign
    )

    # Then its statement bills CléA numérique at the plugin's fees, CléA at the override
    assert applicant.organisation_id is not None
    with acting_as(platform_admin):
        found = await statements.statement(
            db_session,
            platform_admin,
            registry,
            applicant.organisation_id,
            year=TODAY.year,
            quarter=(TODAY.month - 1) // 3 + 1,
        )
    billed = sorted((line.subject.split(" — ")[0], line.amount_cents) for line in found.lines)
    assert billed == [
        ("Candidature", 10000),
        ("Candidature", 30000),
        ("Établissements habilités (1)", 4000),
        ("Établissements habilités (1)", 15000),
    ]


async def test_a_fee_override_for_a_certification_outside_the_campaign_is_refused(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    with acting_as(platform_admin), pytest.raises(InvalidFormError) as refused:
        await campaigns.create_campaign(
            db_session,
            platform_admin,
            registry,
            campaigns.CampaignInput(
                title="Campagne CléA",
                certification_codes=["CLEA"],
                opens_on=TODAY,
                closes_on=TODAY + dt.timedelta(days=30),
                accreditation_starts_on=TODAY,
                accreditation_ends_on=TODAY + dt.timedelta(days=365),
                fee_overrides=[campaigns.FeeOverride("CLEA_NUMERIQUE", 100, 100)],
            ),
        )
    assert [e.field for e in refused.value.errors] == ["feeOverrides"]
