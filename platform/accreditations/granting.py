"""Granting accreditations: accepting an application, all or some of its sites and
evaluators, makes one accreditation per certification of the campaign × site kept, with
the scope (evaluation, training, both) the site asked for."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.applications import get_application, notify_applicant
from clea_platform.accreditations.campaigns import get_campaign
from clea_platform.accreditations.drafts import draft_from_content, scope_covers
from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.loading import REVIEW_SCOPE
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationScope,
    AccreditedEvaluator,
    Application,
    ApplicationStatus,
)
from clea_platform.accreditations.states import transition
from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.identity.service import forget_credentials, normalise_email
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import departement_of
from clea_platform.tenants.models import Organisation, OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads


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
            raise error(
                AccreditationErrorCode.INVALID,
                f"Établissement absent de la candidature : {', '.join(unknown)}.",
                "sites",
            )
        if not kept:
            raise error(
                AccreditationErrorCode.REQUIRED,
                "Retenez au moins un établissement, ou refusez la candidature.",
                "sites",
            )
        evaluators: dict[str, list[tuple[str, str, str]]] = {}
        for siret in kept:
            evaluates = scope_covers(proposed[siret].scope, "evaluation")
            # A site accredited for training only has no named evaluators.
            named = {e.email: e for e in proposed[siret].evaluators} if evaluates else {}
            chosen = (
                list(named)
                if decision.evaluators is None or siret not in decision.evaluators
                else [normalise_email(email) for email in decision.evaluators[siret]]
            )
            if missing := [email for email in chosen if email not in named]:
                raise error(
                    AccreditationErrorCode.INVALID,
                    f"Évaluateur absent de la candidature pour {siret} : {', '.join(missing)}.",
                    "evaluators",
                )
            if not chosen and evaluates:
                raise error(
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
                    scope=AccreditationScope(draft_site.scope),
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
