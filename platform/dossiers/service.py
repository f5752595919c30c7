"""Rules of the dossier: opening, moving along the pathway, the timeline, expiry."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates import persons
from clea_platform.candidates.models import Candidate
from clea_platform.core.text import add_years
from clea_platform.db.base import utcnow
from clea_platform.dossiers import interviews
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.errors import DossierError as DossierError
from clea_platform.dossiers.errors import DossierErrorCode as DossierErrorCode
from clea_platform.dossiers.errors import dossier_not_found as dossier_not_found
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.new_candidate import NewCandidate, candidate_for
from clea_platform.dossiers.states import (
    AMENDMENT_TRANSITIONS,
    LABELS,
    OPEN_STATUSES,
    TRANSITIONS,
    DossierStatus,
    TransitionError,
    check_transition,
)
from clea_platform.plugins import lifecycle
from clea_platform.plugins.certification import CertificationLimits
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads


@dataclass(frozen=True, slots=True)
class OpeningInterview:
    """The information interview recorded with the dossier it orients to (outcome ORIENTED)."""

    held_on: dt.date
    adviser_id: uuid.UUID
    note: str = ""


@dataclass(frozen=True, slots=True)
class OpenDossier:
    # Exactly one of ``candidate_id`` (an existing candidate) and ``new_candidate``.
    candidate_id: uuid.UUID | None
    certification_code: str
    site_id: uuid.UUID
    prescriber_type: PrescriberType
    financing: Financing
    consent: bool
    prescriber_name: str = ""
    # The candidate agrees that other accredited organisations may learn that they follow
    # a dossier here, and with which organisation (recorded on the candidate, with the date).
    consent_to_share: bool = False
    # The interview it opens from (None: the candidate's latest one for this certification).
    information_interview_id: uuid.UUID | None = None
    # A candidate registered with the dossier: nothing is kept if the opening is refused.
    new_candidate: NewCandidate | None = None
    # The interview recorded with the dossier (instead of ``information_interview_id``).
    interview: OpeningInterview | None = None


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
    if data.interview is not None and data.information_interview_id is not None:
        raise DossierError(
            DossierErrorCode.INVALID_INTERVIEW,
            "Indiquez l'entretien d'information déjà enregistré (informationInterviewId) ou "
            "celui à enregistrer avec le dossier (interview), pas les deux.",
            field="interview",
        )
    candidate = await candidate_for(session, actor, data.candidate_id, data.new_candidate)
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
    person = await persons.ensure_person(session, candidate)
    await refuse_if_active_elsewhere(
        session, actor, person.id, data.certification_code, besides=actor.organisation_id
    )
    interview_id = data.information_interview_id
    if data.interview is not None:
        try:
            recorded = await interviews.record_interview(
                session,
                actor,
                registry,
                interviews.RecordInterview(
                    candidate_id=candidate.id,
                    certification_code=data.certification_code,
                    held_on=data.interview.held_on,
                    adviser_id=data.interview.adviser_id,
                    outcome=InterviewOutcome.ORIENTED,
                    note=data.interview.note,
                ),
            )
        except DossierError as exc:
            # Its fields are the opening's ``interview.heldOn``, ``interview.adviserId``.
            if exc.field in ("heldOn", "adviserId"):
                exc.field = f"interview.{exc.field}"
            raise
        interview_id = recorded.interview.id
    interview = await interviews.interview_opening(
        session, candidate.id, data.certification_code, interview_id
    )
    now = utcnow()
    if data.consent_to_share and candidate.sharing_consent_at is None:
        candidate.sharing_consent_at = now
    dossier = Dossier(
        organisation_id=actor.organisation_id,
        candidate_id=candidate.id,
        person_id=person.id,
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
    await insert_active_dossier(session, dossier)
    _event(session, actor, dossier, "opened", None, DossierStatus.OPENED, "")
    audit.record(session, actor, "dossier.open", [dossier.id, candidate.id])
    _announce_status(session, registry, dossier, None)
    return dossier


ELSEWHERE_SCOPE = "pathway:person_active_dossiers"


def _already_open_elsewhere(organisation_name: str | None) -> DossierError:
    where = f"chez « {organisation_name} »" if organisation_name else "dans un autre organisme"
    return DossierError(
        DossierErrorCode.ALREADY_OPEN_ELSEWHERE,
        f"Cette personne a déjà un dossier en cours pour cette certification {where} : "
        "une personne ne peut suivre qu'un dossier actif par certification. Proposez-lui "
        "de demander le transfert de son dossier ; rien n'a été enregistré.",
        field="certificationCode",
    )


async def refuse_if_active_elsewhere(
    session: AsyncSession,
    actor: Actor,
    person_id: uuid.UUID,
    certification_code: str,
    *,
    besides: uuid.UUID,
) -> None:
    """Refuse when the person holds an active dossier for the certification in another
    organisation than ``besides``.

    A cross-tenant read (named scope, audited ``person.active_dossier_lookup`` with the
    person only): the answer is yes or no, and the other organisation's name only if the
    candidate agreed to share it there.
    """
    async with cross_tenant_reads(session, ELSEWHERE_SCOPE):
        row = (
            await session.execute(
                select(Organisation.name, Candidate.sharing_consent_at)
                .select_from(Dossier)
                .join(
                    Candidate,
                    (Candidate.organisation_id == Dossier.organisation_id)
                    & (Candidate.id == Dossier.candidate_id),
                )
                .join(Organisation, Organisation.id == Dossier.organisation_id)
                .where(
                    Dossier.person_id == person_id,
                    Dossier.certification_code == certification_code,
                    Dossier.status.in_(OPEN_STATUSES),
                    Dossier.organisation_id != besides,
                )
                .limit(1)
            )
        ).first()
    audit.record(session, actor, "person.active_dossier_lookup", [person_id])
    if row is not None:
        raise _already_open_elsewhere(row.name if row.sharing_consent_at is not None else None)


async def insert_active_dossier(session: AsyncSession, dossier: Dossier) -> None:
    """Insert an active dossier; the unique index settles a race with another organisation
    opening one for the same person at the same moment (refused, nothing saved)."""
    try:
        async with session.begin_nested():
            session.add(dossier)
            await session.flush()
    except IntegrityError as exc:
        detail = str(exc.orig)
        if "uq_dossier_active_per_person" in detail or "dossier.person_id" in detail:
            raise _already_open_elsewhere(None) from None
        raise DossierError(
            DossierErrorCode.ALREADY_OPEN,
            "Ce candidat a déjà un dossier en cours pour cette certification.",
            field="certificationCode",
        ) from None


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
    _announce_status(session, registry, dossier, previous)
    return dossier


async def move_by_amendment(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
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
    _announce_status(session, registry, dossier, previous)
    return dossier


def window_lapsed(registry: CertificationRegistry, certification_code: str) -> str:
    """The timeline's reason for an expiry, with the certification's own window."""
    if certification_code not in registry:
        return "Délai après l'évaluation préalable dépassé."
    return window_lapsed_comment(registry.get(certification_code).limits)


def window_lapsed_comment(limits: CertificationLimits) -> str:
    """« Délai de 5 ans après l'évaluation préalable dépassé. » for CléA's limits."""
    return f"Délai de {limits.training_window} après l'évaluation préalable dépassé."


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
            comment=window_lapsed(registry, dossier.certification_code),
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


def record_event(
    session: AsyncSession, actor: Actor, dossier: Dossier, kind: str, comment: str
) -> None:
    """A line of the dossier's history that is not a status change (the training plan
    built or changed, an attestation issued…): ``kind`` says what, ``comment`` in French."""
    _event(session, actor, dossier, kind, None, None, comment)


def _announce_status(
    session: AsyncSession,
    registry: CertificationRegistry,
    dossier: Dossier,
    previous: DossierStatus | None,
) -> None:
    """Plugins hear of the move once it has committed (``clea_dossier_status_changed``)."""
    lifecycle.announce(
        session,
        registry.plugin_manager,
        "clea_dossier_status_changed",
        organisation_id=dossier.organisation_id,
        dossier_id=dossier.id,
        certification_code=dossier.certification_code,
        previous_status=str(previous) if previous is not None else None,
        status=str(dossier.status),
    )


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
