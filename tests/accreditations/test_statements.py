"""The quarterly statement of an organisation: each billable event at its amount, and the
total, as CSV and PDF (#19). Amounts from DOMAIN.md (CléA: 20 € per évaluation préalable,
5 € per certificate; CléA numérique: 10 € per certificate)."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import statements
from clea_platform.accreditations.errors import AccreditationError
from clea_platform.core.errors import AccessDeniedError
from clea_platform.evaluations.models import BillableEvent
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as

# A quarter the demo never bills in: only this test's events are on the statement.
YEAR, QUARTER = 2021, 2


async def billed(session: AsyncSession, greta: Actor) -> None:
    """The Greta's events of the quarter, as the services record them (amount of the day)."""
    assert greta.organisation_id is not None
    for day, kind, code, amount in (
        (dt.datetime(2021, 4, 2, 9, tzinfo=dt.UTC), "initial_evaluation", "CLEA", 2000),
        (dt.datetime(2021, 5, 10, 9, tzinfo=dt.UTC), "certificate", "CLEA", 500),
        (dt.datetime(2021, 6, 30, 22, tzinfo=dt.UTC), "certificate", "CLEA_NUMERIQUE", 1000),
        # Recorded before events carried their amount: CléA's fee applies (20 €).
        (dt.datetime(2021, 6, 1, 9, tzinfo=dt.UTC), "initial_evaluation", "CLEA", None),
        # The next quarter: not on this statement.
        (dt.datetime(2021, 7, 1, 0, 30, tzinfo=dt.UTC), "certificate", "CLEA", 500),
    ):
        session.add(
            BillableEvent(
                organisation_id=greta.organisation_id,
                kind=kind,
                certification_code=code,
                subject_id=uuid.uuid4(),
                occurred_at=day,
                amount_cents=amount,
            )
        )
    await session.flush()


async def test_the_statement_lists_each_event_of_the_quarter_and_the_total(
    db_session: AsyncSession, greta: Actor, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    await billed(db_session, greta)
    assert greta.organisation_id is not None
    with acting_as(platform_admin):
        found = await statements.statement(
            db_session, platform_admin, registry, greta.organisation_id, year=YEAR, quarter=QUARTER
        )

    assert (found.starts_on, found.ends_on) == (dt.date(2021, 4, 1), dt.date(2021, 6, 30))
    assert [
        (line.day, line.subject, line.certification, line.amount_cents) for line in found.lines
    ] == [
        (dt.date(2021, 4, 2), "Évaluation préalable", "CLEA", 2000),
        (dt.date(2021, 5, 10), "Certificat", "CLEA", 500),
        (dt.date(2021, 6, 1), "Évaluation préalable", "CLEA", 2000),
        (dt.date(2021, 6, 30), "Certificat", "CLEA_NUMERIQUE", 1000),
    ]
    assert found.total_cents == 5500

    csv = statements.statement_csv(found)
    assert csv.startswith("\ufeffDate;Objet;Certification;Référence;Montant (€ HT)\r\n")
    assert "02/04/2021;Évaluation préalable;CLEA;" in csv
    assert csv.endswith(";Total;;;55,00\r\n")

    text = PdfReader(io.BytesIO(statements.statement_pdf(found))).pages[0].extract_text()
    assert "Relevé des redevances — T2 2021" in text
    assert "Greta démo Paris Centre" in text
    assert "55,00" in text


async def test_an_organisation_reads_its_own_statement_only(
    db_session: AsyncSession, greta: Actor, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    assert greta.organisation_id is not None
    admin = Actor(
        label="Alice Martin",
        user_id=uuid.uuid4(),
        organisation_id=greta.organisation_id,
        roles=frozenset({"org_admin"}),
    )
    own = await statements.statement(
        db_session, admin, registry, greta.organisation_id, year=YEAR, quarter=QUARTER
    )
    assert own.organisation_name == "Greta démo Paris Centre"
    # The adviser is not an administrator; nobody reads another organisation's
    with pytest.raises(AccessDeniedError):
        await statements.statement(
            db_session, greta, registry, greta.organisation_id, year=YEAR, quarter=QUARTER
        )
    with pytest.raises(AccessDeniedError):
        await statements.statement(
            db_session, admin, registry, uuid.uuid4(), year=YEAR, quarter=QUARTER
        )
    with acting_as(platform_admin), pytest.raises(AccreditationError):
        await statements.statement(
            db_session, platform_admin, registry, greta.organisation_id, year=YEAR, quarter=5
        )
