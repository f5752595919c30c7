"""Certif'Pro's exports: the registry of accreditations and the fees due per organisation.

:func:`registry_export` and :func:`fees_export` are what the HTTP routes call: they check
that the caller is a Certif'Pro administrator, read (audited) and write the CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.campaigns import application_charges
from clea_platform.accreditations.enforcement import status_label
from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditedEvaluator,
    Application,
    Campaign,
)
from clea_platform.audit import service as audit
from clea_platform.evaluations import billing
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.permissions import PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

EXPORT_SCOPE = "certifpro_admin:exports"

REGISTRY_HEADER = (
    "organisme", "siren", "reseau", "etablissement", "siret", "code_postal", "commune",
    "departement", "region", "certification", "debut", "fin", "etat", "evaluateurs",
)  # fmt: skip
FEES_HEADER = (
    "organisme", "siren", "objet", "certification_ou_campagne", "quantite",
    "tarif_unitaire_eur", "montant_eur",
)  # fmt: skip


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV for spreadsheets used in France: semicolons, UTF-8 with BOM, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}".replace(".", ",")


async def registry_csv(session: AsyncSession, actor: Actor, today: dt.date) -> str:
    async with cross_tenant_reads(session, EXPORT_SCOPE):
        audit.record(session, actor, "accreditation.export_registry")
        rows = (
            await session.execute(
                select(Accreditation, Site, Organisation)
                .join(
                    Site,
                    (Site.id == Accreditation.site_id)
                    & (Site.organisation_id == Accreditation.organisation_id),
                )
                .join(Organisation, Organisation.id == Accreditation.organisation_id)
                .order_by(Organisation.name, Site.siret, Accreditation.certification_code)
            )
        ).all()
        names: dict[object, list[str]] = {}
        for evaluator in await session.scalars(
            select(AccreditedEvaluator).order_by(AccreditedEvaluator.full_name)
        ):
            names.setdefault(evaluator.accreditation_id, []).append(evaluator.full_name)
    return to_csv(
        REGISTRY_HEADER,
        (
            (
                organisation.name,
                organisation.siren or "",
                organisation.network.value if organisation.network else "",
                site.name,
                site.siret,
                site.postal_code,
                site.city,
                site.departement,
                site.region,
                accreditation.certification_code,
                accreditation.valid_from.isoformat(),
                accreditation.valid_until.isoformat(),
                status_label(accreditation, today),
                ", ".join(names.get(accreditation.id, [])),
            )
            for accreditation, site, organisation in rows
        ),
    )


@dataclass(frozen=True, slots=True)
class FeeLine:
    organisation: str
    siren: str
    subject: str
    scope: str
    quantity: int
    unit_cents: int

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_cents


async def fee_lines(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    *,
    since: dt.date,
    until: dt.date,
) -> list[FeeLine]:
    """Fees of the period: applications submitted, sites accredited, billable events."""
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    lines: list[FeeLine] = []
    async with cross_tenant_reads(session, EXPORT_SCOPE):
        audit.record(session, actor, "accreditation.export_fees", [f"{since}..{until}"])
        applications = (
            await session.execute(
                select(Application, Campaign, Organisation)
                .join(Campaign, Campaign.id == Application.campaign_id)
                .join(Organisation, Organisation.id == Application.organisation_id)
                .where(Application.submitted_at.is_not(None))
                .order_by(Organisation.name)
            )
        ).all()
        for application, campaign, organisation in applications:
            for charge in application_charges(campaign, application, registry):
                if start <= charge.at < end:
                    lines.append(
                        FeeLine(
                            organisation.name,
                            organisation.siren or "",
                            charge.subject,
                            charge.scope,
                            charge.quantity,
                            charge.unit_cents,
                        )
                    )
    # Events of one organisation, certification and kind at the same amount: one line.
    events: dict[tuple[str, str, str, str, int], int] = {}
    for count in await billing.billable_amounts(session, actor, since=since, until=until):
        # The amount the event carries (in force that day); the plugin's for older events.
        unit = count.amount_cents
        if unit is None:
            unit = (
                registry.get(count.certification_code).fees.event_cents(count.kind)
                if count.certification_code in registry
                else 0
            )
        siren = await _siren(session, count.organisation_id)
        subject = {
            "initial_evaluation": "évaluations préalables",
            "certificate": "certificats",
        }.get(count.kind, count.kind)
        key = (count.organisation_name, siren, subject, count.certification_code, unit)
        events[key] = events.get(key, 0) + count.count
    for (name, siren, subject, code, unit), quantity in events.items():
        lines.append(FeeLine(name, siren, subject, code, quantity, unit))
    return sorted(lines, key=lambda line: (line.organisation, line.subject, line.scope))


async def _siren(session: AsyncSession, organisation_id: object) -> str:
    value = await session.scalar(
        select(Organisation.siren).where(Organisation.id == organisation_id)
    )
    return value or ""


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def fees_csv(lines: Sequence[FeeLine]) -> str:
    return to_csv(
        FEES_HEADER,
        (
            (
                line.organisation,
                line.siren,
                line.subject,
                line.scope,
                line.quantity,
                _euros(line.unit_cents),
                _euros(line.amount_cents),
            )
            for line in lines
        ),
    )


async def registry_export(session: AsyncSession, actor: Actor, today: dt.date) -> str:
    """The registry as CSV, for Certif'Pro (audited).

    Raises:
        NotAuthenticatedError, AccessDeniedError: not a Certif'Pro administrator.
    """
    PLATFORM_ADMIN.check(actor)
    return await registry_csv(session, actor, today)


async def fees_export(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    *,
    since: dt.date | None,
    until: dt.date | None,
) -> str:
    """The fees of a period as CSV, for Certif'Pro (audited); ``None``: a date unreadable.

    Raises:
        NotAuthenticatedError, AccessDeniedError: not a Certif'Pro administrator.
        AccreditationError: ``INVALID`` period.
    """
    PLATFORM_ADMIN.check(actor)
    if since is None or until is None:
        raise error(
            AccreditationErrorCode.INVALID, "Indiquez la période : ?du=AAAA-MM-JJ&au=AAAA-MM-JJ."
        )
    if until < since:
        raise error(AccreditationErrorCode.INVALID, "La fin de la période doit suivre son début.")
    return fees_csv(await fee_lines(session, actor, registry, since=since, until=until))
