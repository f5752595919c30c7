"""Managing accreditations (Certif'Pro): suspending, withdrawing, reinstating, naming
evaluators; reading them (an organisation its own, Certif'Pro every organisation's,
audited); reminding organisations before they expire."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.loading import (
    ADMIN_SCOPE,
    AccreditationRow,
    accreditation_rows,
    accreditation_rows_for,
)
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationStatus,
    AccreditedEvaluator,
)
from clea_platform.accreditations.review import required_message
from clea_platform.audit import service as audit
from clea_platform.core.pagination import Page, paginate
from clea_platform.db.base import utcnow
from clea_platform.identity.models import Membership, User
from clea_platform.identity.service import email_problem, normalise_email
from clea_platform.reminders.ledger import remind_once
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads

REMINDER_DAYS = (90, 30)


async def get_accreditation(session: AsyncSession, accreditation_id: uuid.UUID) -> Accreditation:
    accreditation = await session.scalar(
        select(Accreditation).where(Accreditation.id == accreditation_id)
    )
    if accreditation is None:
        raise error(AccreditationErrorCode.NOT_FOUND, "Habilitation introuvable.", "id")
    return accreditation


async def change_status(
    session: AsyncSession,
    actor: Actor,
    accreditation_id: uuid.UUID,
    status: AccreditationStatus,
    reason: str,
) -> Accreditation:
    """Suspend, withdraw (both with a reason) or reinstate a suspended accreditation."""
    if status != AccreditationStatus.ACTIVE:
        reason = required_message(reason, "Indiquez le motif.")
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        accreditation = await get_accreditation(session, accreditation_id)
        allowed = {
            AccreditationStatus.SUSPENDED: (AccreditationStatus.ACTIVE,),
            AccreditationStatus.WITHDRAWN: (
                AccreditationStatus.ACTIVE,
                AccreditationStatus.SUSPENDED,
            ),
            AccreditationStatus.ACTIVE: (AccreditationStatus.SUSPENDED,),
        }[status]
        if accreditation.status not in allowed:
            raise error(
                AccreditationErrorCode.INVALID_STATE,
                {
                    AccreditationStatus.SUSPENDED: "Seule une habilitation active peut être "
                    "suspendue.",
                    AccreditationStatus.WITHDRAWN: "Cette habilitation est déjà retirée.",
                    AccreditationStatus.ACTIVE: "Seule une habilitation suspendue peut être "
                    "rétablie.",
                }[status],
            )
        accreditation.status = status
        accreditation.status_reason = reason.strip()
        accreditation.status_changed_at = utcnow()
        if status == AccreditationStatus.ACTIVE:
            # Reinstated early: a control procedure's suspension ends here.
            accreditation.suspended_until = None
        await session.flush()
        audit.record(
            session,
            actor,
            f"accreditation.{status.value}",
            [accreditation.id],
            organisation_id=accreditation.organisation_id,
        )
    return accreditation


async def add_evaluator(
    session: AsyncSession,
    actor: Actor,
    accreditation_id: uuid.UUID,
    *,
    full_name: str,
    email: str,
    qualifications: str,
) -> Accreditation:
    """Name one more evaluator on an accreditation (an e-mail address only once)."""
    email = normalise_email(email)
    if problem := email_problem(email):
        raise error(AccreditationErrorCode.INVALID_EMAIL, problem, "email")
    if not full_name.strip():
        raise error(AccreditationErrorCode.REQUIRED, "Le nom est obligatoire.", "fullName")
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        accreditation = await get_accreditation(session, accreditation_id)
        if await session.scalar(
            select(AccreditedEvaluator.id).where(
                AccreditedEvaluator.accreditation_id == accreditation.id,
                AccreditedEvaluator.email == email,
            )
        ):
            raise error(
                AccreditationErrorCode.INVALID,
                f"{email} est déjà évaluateur de cette habilitation.",
                "email",
            )
        evaluator = AccreditedEvaluator(
            organisation_id=accreditation.organisation_id,
            accreditation_id=accreditation.id,
            email=email,
            full_name=full_name.strip(),
            qualifications=qualifications.strip(),
        )
        session.add(evaluator)
        await session.flush()
        audit.record(
            session,
            actor,
            "accreditation.add_evaluator",
            [accreditation.id, evaluator.id],
            organisation_id=accreditation.organisation_id,
        )
    return accreditation


async def remove_evaluator(
    session: AsyncSession, actor: Actor, accreditation_id: uuid.UUID, email: str
) -> Accreditation:
    email = normalise_email(email)
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        accreditation = await get_accreditation(session, accreditation_id)
        evaluator = await session.scalar(
            select(AccreditedEvaluator).where(
                AccreditedEvaluator.accreditation_id == accreditation.id,
                AccreditedEvaluator.email == email,
            )
        )
        if evaluator is None:
            raise error(
                AccreditationErrorCode.NOT_FOUND,
                f"{email} n'est pas évaluateur de cette habilitation.",
                "email",
            )
        await session.delete(evaluator)
        await session.flush()
        audit.record(
            session,
            actor,
            "accreditation.remove_evaluator",
            [accreditation.id, evaluator.id],
            organisation_id=accreditation.organisation_id,
        )
    return accreditation


async def list_accreditations(
    session: AsyncSession, *, certification_code: str | None = None
) -> list[Accreditation]:
    """The accreditations visible to the caller (its own, or all inside a scope)."""
    query = select(Accreditation).order_by(
        Accreditation.certification_code, Accreditation.valid_until.desc()
    )
    if certification_code:
        query = query.where(Accreditation.certification_code == certification_code)
    return list(await session.scalars(query))


async def send_expiry_reminders(session: AsyncSession, today: dt.date) -> int:
    """Mail organisation admins 90 and 30 days before an accreditation expires (once each)."""
    sent = 0
    async with cross_tenant_reads(session, "system:accreditation_reminders"):
        horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
        due = await session.scalars(
            select(Accreditation).where(
                Accreditation.status == AccreditationStatus.ACTIVE,
                Accreditation.valid_until >= today,
                Accreditation.valid_until <= horizon,
            )
        )
        for accreditation in due:
            days_left = (accreditation.valid_until - today).days
            if days_left <= 30 and accreditation.reminded_30_at is None:
                accreditation.reminded_30_at = utcnow()
                accreditation.reminded_90_at = accreditation.reminded_90_at or utcnow()
            elif days_left <= 90 and accreditation.reminded_90_at is None:
                accreditation.reminded_90_at = utcnow()
            else:
                continue
            site = await session.scalar(select(Site).where(Site.id == accreditation.site_id))
            memberships = await session.scalars(
                select(Membership).where(
                    Membership.organisation_id == accreditation.organisation_id
                )
            )
            admin_ids = [m.user_id for m in memberships if "org_admin" in m.roles]
            emails = await session.scalars(select(User.email).where(User.id.in_(admin_ids)))
            kind = "accreditation_30d" if days_left <= 30 else "accreditation_90d"
            for email in emails:
                # The reminders ledger: two runs at once never both send (reminders/ledger.py).
                await remind_once(
                    session,
                    kind,
                    accreditation.id,
                    email,
                    today,
                    f"Votre habilitation {accreditation.certification_code} expire dans "
                    f"{days_left} jours",
                    f"Bonjour,\n\nL'habilitation {accreditation.certification_code} du site "
                    f"{site.name if site else ''} expire le "
                    f"{accreditation.valid_until:%d/%m/%Y}. Après cette date, aucun nouveau "
                    "dossier ne pourra être ouvert. Candidatez à la prochaine campagne "
                    "d'habilitation pour la renouveler.\n",
                )
            sent += 1
        await session.flush()
    return sent


async def my_accreditations(
    session: AsyncSession, today: dt.date, *, certification_code: str | None = None
) -> list[AccreditationRow]:
    """The active organisation's accreditations, with their sites and evaluators."""
    rows = await list_accreditations(session, certification_code=certification_code)
    return await accreditation_rows(session, rows, today)


async def accreditation_registry(
    session: AsyncSession,
    actor: Actor,
    today: dt.date,
    *,
    certification_code: str | None = None,
    organisation_id: uuid.UUID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[AccreditationRow]:
    """Every organisation's accreditations, for Certif'Pro (the read is audited)."""
    query = select(Accreditation)
    if certification_code:
        query = query.where(Accreditation.certification_code == certification_code)
    if organisation_id is not None:
        query = query.where(Accreditation.organisation_id == organisation_id)
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        page = await paginate(session, query, Accreditation.id, first=first, after=after)
        audit.record(session, actor, "accreditation.list", [r.id for r in page.items])
        rows = await accreditation_rows(session, page.items, today)
    return Page(
        items=rows,
        has_next_page=page.has_next_page,
        end_cursor=page.end_cursor,
        total_count=page.total_count,
    )


async def accreditation_for_admin(
    session: AsyncSession, actor: Actor, accreditation: Accreditation, today: dt.date
) -> AccreditationRow:
    """One accreditation Certif'Pro just changed, as it is shown."""
    (row,) = await accreditation_rows_for(session, actor, [accreditation], today)
    return row
