"""Accreditations: granted by accepting an application, managed by Certif'Pro, enforced
when dossiers are opened and evaluations planned or recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.applications import (
    REVIEW_SCOPE,
    draft_from_content,
    get_application,
    notify_applicant,
    required_message,
    transition,
)
from clea_platform.accreditations.campaigns import get_campaign
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationStatus,
    AccreditedEvaluator,
    Application,
    ApplicationStatus,
)
from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.identity.models import Membership, User
from clea_platform.identity.service import email_problem, forget_credentials, normalise_email
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import departement_of
from clea_platform.tenants.models import Organisation, OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads

ADMIN_SCOPE = "certifpro_admin:accreditations"
REMINDER_DAYS = (90, 30)


def _error(
    code: AccreditationErrorCode, message: str, field: str | None = None
) -> AccreditationError:
    return AccreditationError(code, message, field=field)


# ------------------------------------------------------------------- granting


@dataclass(frozen=True, slots=True)
class Acceptance:
    """What the decision keeps; ``None`` keeps every site, or every evaluator of a site."""

    sites: Sequence[str] | None = None
    evaluators: Mapping[str, Sequence[str]] | None = None
    message: str = ""


async def accept(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID, decision: Acceptance
) -> Application:
    """Accept all or some sites and evaluators: accreditations per certification × site."""
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        campaign = await get_campaign(session, application.campaign_id)
        draft = draft_from_content(application.content)
        proposed = {site.siret: site for site in draft.sites}
        kept = list(proposed) if decision.sites is None else list(dict.fromkeys(decision.sites))
        unknown = [siret for siret in kept if siret not in proposed]
        if unknown:
            raise _error(
                AccreditationErrorCode.INVALID,
                f"Établissement absent de la candidature : {', '.join(unknown)}.",
                "sites",
            )
        if not kept:
            raise _error(
                AccreditationErrorCode.REQUIRED,
                "Retenez au moins un établissement, ou refusez la candidature.",
                "sites",
            )
        evaluators: dict[str, list[tuple[str, str, str]]] = {}
        for siret in kept:
            named = {e.email: e for e in proposed[siret].evaluators}
            chosen = (
                list(named)
                if decision.evaluators is None or siret not in decision.evaluators
                else [normalise_email(email) for email in decision.evaluators[siret]]
            )
            if missing := [email for email in chosen if email not in named]:
                raise _error(
                    AccreditationErrorCode.INVALID,
                    f"Évaluateur absent de la candidature pour {siret} : {', '.join(missing)}.",
                    "evaluators",
                )
            if not chosen:
                raise _error(
                    AccreditationErrorCode.REQUIRED,
                    f"Retenez au moins un évaluateur pour l'établissement {siret}.",
                    "evaluators",
                )
            evaluators[siret] = [
                (email, named[email].full_name, named[email].qualifications) for email in chosen
            ]
        await transition(
            session, actor, application, ApplicationStatus.ACCEPTED, decision.message.strip()
        )
        application.decided_at = utcnow()
        application.message = decision.message.strip()
        application.decision = {
            "sites": kept,
            "evaluators": {s: [e[0] for e in v] for s, v in evaluators.items()},
        }
        organisation = await session.get(Organisation, application.organisation_id)
        assert organisation is not None
        sites = {
            site.siret: site
            for site in await session.scalars(
                select(Site).where(Site.organisation_id == organisation.id)
            )
        }
        for siret in kept:
            draft_site = proposed[siret]
            site = sites.get(siret)
            if site is None:
                site = Site(
                    organisation_id=organisation.id,
                    siret=siret,
                    name=draft_site.name,
                    address_line=draft_site.address_line,
                    postal_code=draft_site.postal_code,
                    city=draft_site.city,
                    departement=departement_of(draft_site.postal_code),
                    region=draft_site.region,
                )
                session.add(site)
            # The directory shows the contact the application gave for the site.
            site.contact_email = draft_site.contact_email
            site.contact_phone = draft_site.contact_phone
            await session.flush()
            for code in campaign.certification_codes:
                accreditation = Accreditation(
                    organisation_id=organisation.id,
                    certification_code=code,
                    site_id=site.id,
                    campaign_id=campaign.id,
                    application_id=application.id,
                    valid_from=campaign.accreditation_starts_on,
                    valid_until=campaign.accreditation_ends_on,
                    open_dossiers_may_finish=campaign.open_dossiers_may_finish,
                )
                session.add(accreditation)
                await session.flush()
                for email, full_name, qualifications in evaluators[siret]:
                    session.add(
                        AccreditedEvaluator(
                            organisation_id=organisation.id,
                            accreditation_id=accreditation.id,
                            email=email,
                            full_name=full_name,
                            qualifications=qualifications,
                        )
                    )
        if organisation.status == OrganisationStatus.PENDING:
            organisation.status = OrganisationStatus.ACTIVE
            # Its members' cached credentials still say "pending" (writes refused).
            forget_credentials(session, organisation_id=organisation.id)
        await notify_applicant(
            session,
            application,
            f"Candidature acceptée — {campaign.title}",
            f"Bonjour,\n\nVotre candidature à la campagne « {campaign.title} » est acceptée "
            f"pour {len(kept)} établissement(s) ({', '.join(campaign.certification_codes)}), "
            f"du {campaign.accreditation_starts_on:%d/%m/%Y} au "
            f"{campaign.accreditation_ends_on:%d/%m/%Y}."
            + (f"\n\n{decision.message.strip()}" if decision.message.strip() else "")
            + "\n",
        )
        await session.flush()
        audit.record(
            session,
            actor,
            "application.accept",
            [application.id],
            organisation_id=organisation.id,
        )
    return application


# ------------------------------------------------------------------ managing


async def get_accreditation(session: AsyncSession, accreditation_id: uuid.UUID) -> Accreditation:
    accreditation = await session.scalar(
        select(Accreditation).where(Accreditation.id == accreditation_id)
    )
    if accreditation is None:
        raise _error(AccreditationErrorCode.NOT_FOUND, "Habilitation introuvable.", "id")
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
            raise _error(
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
) -> AccreditedEvaluator:
    email = normalise_email(email)
    if problem := email_problem(email):
        raise _error(AccreditationErrorCode.INVALID_EMAIL, problem, "email")
    if not full_name.strip():
        raise _error(AccreditationErrorCode.REQUIRED, "Le nom est obligatoire.", "fullName")
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        accreditation = await get_accreditation(session, accreditation_id)
        if await session.scalar(
            select(AccreditedEvaluator.id).where(
                AccreditedEvaluator.accreditation_id == accreditation.id,
                AccreditedEvaluator.email == email,
            )
        ):
            raise _error(
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
    return evaluator


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
            raise _error(
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


async def evaluators_of(
    session: AsyncSession, accreditation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[AccreditedEvaluator]]:
    found: dict[uuid.UUID, list[AccreditedEvaluator]] = {i: [] for i in accreditation_ids}
    for evaluator in await session.scalars(
        select(AccreditedEvaluator)
        .where(AccreditedEvaluator.accreditation_id.in_(accreditation_ids))
        .order_by(AccreditedEvaluator.full_name)
    ):
        found[evaluator.accreditation_id].append(evaluator)
    return found


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


# ---------------------------------------------------------------- enforcement


def status_label(accreditation: Accreditation, today: dt.date) -> str:
    if accreditation.status == AccreditationStatus.SUSPENDED:
        return "suspendue"
    if accreditation.status == AccreditationStatus.WITHDRAWN:
        return "retirée"
    if today < accreditation.valid_from:
        return "pas encore en vigueur"
    if today > accreditation.valid_until:
        return f"expirée depuis le {accreditation.valid_until:%d/%m/%Y}"
    return "valide"


def is_valid(accreditation: Accreditation, today: dt.date) -> bool:
    return (
        accreditation.status == AccreditationStatus.ACTIVE
        and accreditation.valid_from <= today <= accreditation.valid_until
    )


async def _site_label(session: AsyncSession, site_id: uuid.UUID) -> str:
    site = await session.scalar(select(Site).where(Site.id == site_id))
    return f"{site.name} ({site.siret})" if site else "ce site"


async def _best(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
) -> list[Accreditation]:
    return list(
        await session.scalars(
            select(Accreditation)
            .where(
                Accreditation.organisation_id == organisation_id,
                Accreditation.certification_code == certification_code,
                Accreditation.site_id == site_id,
            )
            .order_by(Accreditation.valid_until.desc())
        )
    )


async def opening_problems(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    today: dt.date,
) -> list[str]:
    """Why this organisation may not open a dossier for this certification at this site."""
    accreditations = await _best(session, organisation_id, certification_code, site_id)
    if any(is_valid(a, today) for a in accreditations):
        return []
    where = await _site_label(session, site_id)
    if not accreditations:
        return [
            f"Votre organisme n'est pas habilité pour {certification_code} sur le site "
            f"{where} : candidatez à une campagne d'habilitation."
        ]
    latest = accreditations[0]
    return [
        f"L'habilitation {certification_code} du site {where} est "
        f"{status_label(latest, today)} : aucun nouveau dossier ne peut être ouvert."
    ]


async def evaluation_problems(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
    today: dt.date,
) -> list[str]:
    """Why this evaluator may not evaluate this certification at this site today.

    An accreditation that has expired still allows dossiers already open to finish when
    its campaign says so (``open_dossiers_may_finish``); a suspended or withdrawn one never.
    """
    accreditations = await _best(session, organisation_id, certification_code, site_id)
    usable = [
        a
        for a in accreditations
        if is_valid(a, today)
        or (
            a.status == AccreditationStatus.ACTIVE
            and a.open_dossiers_may_finish
            and a.valid_from <= today
        )
    ]
    # The site's label is for refusals only: every saved grid goes through here.
    if not usable:
        where = await _site_label(session, site_id)
        if not accreditations:
            return [
                f"Votre organisme n'est pas habilité pour {certification_code} sur le site {where}."
            ]
        return [
            f"L'habilitation {certification_code} du site {where} est "
            f"{status_label(accreditations[0], today)} : aucune évaluation n'est possible."
        ]
    async with cross_tenant_reads(session, "system:accreditation_check"):
        email = await session.scalar(select(User.email).where(User.id == evaluator_id))
    named = await session.scalar(
        select(AccreditedEvaluator.id).where(
            AccreditedEvaluator.accreditation_id.in_([a.id for a in usable]),
            AccreditedEvaluator.email == (email or ""),
        )
    )
    if named is None:
        where = await _site_label(session, site_id)
        return [
            f"{email or 'Cette personne'} n'est pas évaluateur habilité pour "
            f"{certification_code} sur le site {where} : demandez à Certif'Pro de l'ajouter "
            "à l'habilitation."
        ]
    return []


# ------------------------------------------------------------------ reminders


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
            for email in emails:
                enqueue(
                    session,
                    email,
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
