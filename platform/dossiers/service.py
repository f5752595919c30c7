"""Rules of the dossier: opening, moving along the pathway, the timeline, expiry."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.core.text import add_years
from clea_platform.db.base import utcnow
from clea_platform.dossiers import interviews
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.errors import DossierError as DossierError
from clea_platform.dossiers.errors import DossierErrorCode as DossierErrorCode
from clea_platform.dossiers.errors import dossier_not_found as dossier_not_found
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import (
    AMENDMENT_TRANSITIONS,
    LABELS,
    OPEN_STATUSES,
    TRANSITIONS,
    DossierStatus,
    TransitionError,
    check_transition,
)
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site


@dataclass(frozen=True, slots=True)
class OpenDossier:
    candidate_id: uuid.UUID
    certification_code: str
    site_id: uuid.UUID
    prescriber_type: PrescriberType
    financing: Financing
    consent: bool
    prescriber_name: str = ""
    # The interview it opens from (None: the candidate's latest one for this certification).
    information_interview_id: uuid.UUID | None = None


async def open_dossier(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, data: OpenDossier
) -> Dossier:
    """An adviser opens the dossier after the information interview, with consent."""
    assert actor.organisation_id is not None
    if not data.consent:
        raise DossierError(
            DossierErrorCode.CONSENT_REQUIRED,
            "Le consentement du candidat, recueilli lors de l'entretien, est obligatoire.",
            field="consent",
        )
    if data.certification_code not in registry:
        raise DossierError(
            DossierErrorCode.UNKNOWN_CERTIFICATION,
            f"Certification inconnue : « {data.certification_code} ».",
            field="certificationCode",
        )
    candidate = await session.scalar(select(Candidate).where(Candidate.id == data.candidate_id))
    if candidate is None or candidate.anonymised_at is not None:
        raise DossierError(DossierErrorCode.NOT_FOUND, "Candidat introuvable.", field="candidateId")
    site = await session.scalar(select(Site).where(Site.id == data.site_id))
    if site is None:
        raise DossierError(DossierErrorCode.NOT_FOUND, "Site introuvable.", field="siteId")
    try:
        version = await referentiels.get_version(session, data.certification_code)
    except referentiels.ReferentielNotFoundError:
        raise DossierError(
            DossierErrorCode.NO_PUBLISHED_REFERENTIEL,
            f"Aucun référentiel publié pour {data.certification_code} : contactez Certif'Pro.",
            field="certificationCode",
        ) from None
    problems: list[str] = []
    for answer in registry.plugin_manager.hook.clea_dossier_opening_problems(
        session=session,
        organisation_id=actor.organisation_id,
        certification_code=data.certification_code,
        site_id=site.id,
    ):
        if answer is not None:
            problems.extend(await answer)
    if problems:
        raise DossierError(
            DossierErrorCode.NOT_ACCREDITED, " ".join(problems), field="certificationCode"
        )
    existing = await session.scalar(
        select(Dossier.id).where(
            Dossier.candidate_id == candidate.id,
            Dossier.certification_code == data.certification_code,
            Dossier.status.in_(OPEN_STATUSES),
        )
    )
    if existing is not None:
        raise DossierError(
            DossierErrorCode.ALREADY_OPEN,
            "Ce candidat a déjà un dossier en cours pour cette certification.",
            field="certificationCode",
        )
    interview = await interviews.interview_opening(
        session, candidate.id, data.certification_code, data.information_interview_id
    )
    now = utcnow()
    dossier = Dossier(
        organisation_id=actor.organisation_id,
        candidate_id=candidate.id,
        site_id=site.id,
        certification_code=data.certification_code,
        referentiel_version_id=version.id,
        adviser_id=actor.user_id,
        prescriber_type=data.prescriber_type,
        prescriber_name=data.prescriber_name.strip(),
        information_interview_id=interview.id,
        financing=data.financing,
        consent_at=now,
        status=DossierStatus.OPENED,
        status_changed_at=now,
    )
    session.add(dossier)
    await session.flush()
    _event(session, actor, dossier, "opened", None, DossierStatus.OPENED, "")
    audit.record(session, actor, "dossier.open", [dossier.id, candidate.id])
    return dossier


async def find_dossier(session: AsyncSession, dossier_id: uuid.UUID) -> Dossier | None:
    """The organisation's dossier, or None (missing and another tenant's look the same)."""
    return await session.scalar(select(Dossier).where(Dossier.id == dossier_id))


async def get_dossier(session: AsyncSession, dossier_id: uuid.UUID) -> Dossier:
    dossier = await find_dossier(session, dossier_id)
    if dossier is None:
        raise dossier_not_found()
    return dossier


async def abandon(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    dossier_id: uuid.UUID,
    *,
    reason: str,
    expected_revision: int,
) -> Dossier:
    """Abandon a dossier, from the revision the user saw: the reason is mandatory."""
    if not reason.strip():
        raise DossierError(
            DossierErrorCode.REASON_REQUIRED, "Indiquez la raison de l'abandon.", field="reason"
        )
    dossier = await get_dossier(session, dossier_id)
    return await move(
        session,
        actor,
        registry,
        dossier,
        DossierStatus.ABANDONED,
        comment=reason,
        expected_revision=expected_revision,
    )


async def move(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    dossier: Dossier,
    target: DossierStatus,
    *,
    comment: str = "",
    expected_revision: int | None = None,
    today: dt.date | None = None,
) -> Dossier:
    """Move the dossier to ``target`` if the state machine allows it; recorded on the timeline."""
    if expected_revision is not None and expected_revision != dossier.revision:
        raise DossierError(
            DossierErrorCode.STALE_REVISION,
            "Le dossier a été modifié entre-temps : rechargez-le avant de recommencer.",
            field="revision",
        )
    try:
        check_transition(dossier.status, target)
    except TransitionError as exc:
        raise DossierError(DossierErrorCode.FORBIDDEN_TRANSITION, str(exc)) from None
    if target == DossierStatus.ABANDONED and not comment.strip():
        raise DossierError(
            DossierErrorCode.REASON_REQUIRED,
            "Indiquez la raison de l'abandon.",
            field="comment",
        )
    previous = dossier.status
    if previous == DossierStatus.INITIAL_EVALUATION and target in (
        DossierStatus.TRAINING,
        DossierStatus.READY_FOR_JURY,
    ):
        # The candidate has N years after the évaluation préalable (the plugin's limit).
        years = registry.get(dossier.certification_code).limits.training_window_years
        start = today or utcnow().date()
        dossier.window_ends_on = add_years(start, years)
    if target == DossierStatus.ABANDONED:
        dossier.abandon_reason = comment.strip()
    dossier.status = target
    dossier.status_changed_at = utcnow()
    dossier.revision += 1
    _event(session, actor, dossier, "transition", previous, target, comment.strip())
    audit.record(session, actor, f"dossier.{target.value}", [dossier.id])
    return dossier


async def move_by_amendment(
    session: AsyncSession,
    actor: Actor,
    dossier: Dossier,
    target: DossierStatus,
    *,
    comment: str,
) -> Dossier:
    """Move the dossier as an amended jury decision says (``AMENDMENT_TRANSITIONS``): the
    only way out of « certifié ». Recorded on the timeline like any move."""
    if target not in AMENDMENT_TRANSITIONS.get(dossier.status, frozenset()):
        raise DossierError(
            DossierErrorCode.FORBIDDEN_TRANSITION,
            f"Une rectification ne peut pas faire passer un dossier « {LABELS[dossier.status]} » "
            f"à « {LABELS[target]} ».",
        )
    previous = dossier.status
    dossier.status = target
    dossier.status_changed_at = utcnow()
    dossier.revision += 1
    _event(session, actor, dossier, "amendment", previous, target, comment.strip())
    audit.record(session, actor, f"dossier.{target.value}", [dossier.id])
    return dossier


async def expire_lapsed(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, today: dt.date
) -> int:
    """Mark expired every open dossier whose window has lapsed (the daily command)."""
    lapsed = await session.scalars(
        select(Dossier).where(
            Dossier.window_ends_on < today,
            Dossier.status.in_(
                [s for s in OPEN_STATUSES if DossierStatus.EXPIRED in TRANSITIONS[s]]
            ),
        )
    )
    count = 0
    for dossier in lapsed:
        await move(
            session,
            actor,
            registry,
            dossier,
            DossierStatus.EXPIRED,
            comment="Délai de 5 ans après l'évaluation préalable dépassé.",
        )
        count += 1
    return count


async def timeline(session: AsyncSession, dossier_id: uuid.UUID) -> list[DossierEvent]:
    rows = await session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.occurred_at, DossierEvent.id)
    )
    return list(rows)


def _event(
    session: AsyncSession,
    actor: Actor,
    dossier: Dossier,
    kind: str,
    from_status: DossierStatus | None,
    to_status: DossierStatus | None,
    comment: str,
) -> None:
    session.add(
        DossierEvent(
            organisation_id=dossier.organisation_id,
            dossier_id=dossier.id,
            actor_user_id=actor.user_id,
            actor_label=actor.label,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
        )
    )
