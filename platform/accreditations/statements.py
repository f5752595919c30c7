"""The quarterly statement of an organisation: what Certif'Pro bills it, event by event.

One line per billable event (évaluation préalable, certificate) at the amount it carries
(the certification's fee in force that day; the plugin's current fee for events recorded
before amounts were), one per application submitted (its campaign's fee) and one per
acceptance (the campaign's fee per establishment kept), with the total. CSV for
spreadsheets and PDF (WeasyPrint, the core's document template). Certif'Pro reads any
organisation's; an organisation's administrators read their own. Audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.campaigns import application_charges
from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.exports import to_csv
from clea_platform.accreditations.models import Application, Campaign
from clea_platform.audit import service as audit
from clea_platform.core.errors import AccessDeniedError
from clea_platform.documents.pdf import render_core_pdf
from clea_platform.evaluations.models import BillableEvent
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ORG_ADMIN, PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

STATEMENT_SCOPE = "certifpro_admin:statements"
EVENT_SUBJECTS = {"initial_evaluation": "Évaluation préalable", "certificate": "Certificat"}
CSV_HEADER = ("Date", "Objet", "Certification", "Référence", "Montant (€ HT)")


@dataclass(frozen=True, slots=True)
class StatementLine:
    day: dt.date
    subject: str
    certification: str
    reference: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class Statement:
    organisation_name: str
    siren: str
    year: int
    quarter: int
    starts_on: dt.date
    ends_on: dt.date
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


def quarter_period(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar quarter (T1 to T4).

    Example:
        >>> quarter_period(2026, 4)
        (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    """
    if quarter not in (1, 2, 3, 4) or not 2019 <= year <= 2100:
        raise error(
            AccreditationErrorCode.INVALID,
            "Indiquez un trimestre de 1 à 4 et une année (à partir de 2019).",
            "trimestre",
        )
    starts = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return starts, following - dt.timedelta(days=1)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _check(actor: Actor, organisation_id: uuid.UUID) -> None:
    if PLATFORM_ADMIN.allows(actor):
        return
    ORG_ADMIN.check(actor)
    if actor.organisation_id != organisation_id:
        raise AccessDeniedError(
            "Relevé réservé à Certif'Pro et aux administrateurs de l'organisme."
        )


async def statement(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    organisation_id: uuid.UUID,
    *,
    year: int,
    quarter: int,
) -> Statement:
    """The organisation's statement for the quarter (audited).

    Raises:
        NotAuthenticatedError, AccessDeniedError: neither Certif'Pro nor its administrator.
        AccreditationError: ``INVALID`` quarter, or ``NOT_FOUND`` organisation.
    """
    _check(actor, organisation_id)
    starts_on, ends_on = quarter_period(year, quarter)
    start = dt.datetime.combine(starts_on, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    lines: list[StatementLine] = []
    async with cross_tenant_reads(session, STATEMENT_SCOPE):
        organisation = await session.get(Organisation, organisation_id)
        if organisation is None:
            raise error(AccreditationErrorCode.NOT_FOUND, "Organisme introuvable.", "organisation")
        audit.record(
            session,
            actor,
            "accreditation.statement_read",
            [organisation_id, f"{year}-T{quarter}"],
            organisation_id=organisation_id,
        )
        events = await session.scalars(
            select(BillableEvent)
            .where(
                BillableEvent.organisation_id == organisation_id,
                BillableEvent.occurred_at >= start,
                BillableEvent.occurred_at < end,
            )
            .order_by(BillableEvent.occurred_at, BillableEvent.id)
        )
        for event in events:
            amount = event.amount_cents
            if amount is None:
                code = event.certification_code
                amount = registry.get(code).fees.event_cents(event.kind) if code in registry else 0
            lines.append(
                StatementLine(
                    _aware(event.occurred_at).date(),
                    EVENT_SUBJECTS.get(event.kind, event.kind),
                    event.certification_code,
                    str(event.subject_id),
                    amount,
                )
            )
        applications = await session.execute(
            select(Application, Campaign)
            .join(Campaign, Campaign.id == Application.campaign_id)
            .where(Application.organisation_id == organisation_id)
        )
        for application, campaign in applications:
            for charge in application_charges(campaign, application, registry):
                if start <= charge.at < end:
                    subject = (
                        "Candidature"
                        if charge.subject == "candidature"
                        else (f"Établissements habilités ({charge.quantity})")
                    )
                    lines.append(
                        StatementLine(
                            charge.at.date(),
                            f"{subject} — {charge.scope}",
                            ", ".join(campaign.certification_codes),
                            str(application.id),
                            charge.quantity * charge.unit_cents,
                        )
                    )
    lines.sort(key=lambda line: (line.day, line.subject, line.reference))
    return Statement(
        organisation.name, organisation.siren or "", year, quarter, starts_on, ends_on, lines
    )


def euros(cents: int) -> str:
    """French amount: ``1 234,50``.

    Example:
        >>> euros(123450)
        '1 234,50'
    """
    return f"{cents / 100:,.2f}".replace(",", " ").replace(".", ",")


def statement_csv(found: Statement) -> str:
    rows: list[tuple[object, ...]] = [
        (
            f"{line.day:%d/%m/%Y}",
            line.subject,
            line.certification,
            line.reference,
            f"{line.amount_cents / 100:.2f}".replace(".", ","),
        )
        for line in found.lines
    ]
    rows.append(("", "Total", "", "", f"{found.total_cents / 100:.2f}".replace(".", ",")))
    return to_csv(CSV_HEADER, rows)


def statement_pdf(found: Statement) -> bytes:
    return render_core_pdf("statement.html", {"statement": found, "euros": euros})
