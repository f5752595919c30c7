"""What a signed-in candidate sees: their own dossiers, in every organisation that holds one.

The one cross-tenant read on behalf of a candidate (scope :data:`SCOPE`): every row is
selected through the candidate's person (``Candidate.person_id``), the person the
signed-in account belongs to; nothing is keyed by an identifier the caller sends. Each
read is audited (``candidate_space.read``), in the organisation holding the dossier.
What a candidate does not see: evaluators' comments, results per criterion, staff other
than their adviser.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidate_space.wording import STEPS
from clea_platform.candidates.models import Candidate
from clea_platform.certificates.badge import BadgeWords, words_of
from clea_platform.certificates.models import Certificate
from clea_platform.certificates.paper import postal_address
from clea_platform.documents.models import PartialAttestation
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import (
    Evaluation,
    EvaluationKind,
    EvaluationSession,
    EvaluationStatus,
)
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry, UnknownCertificationError
from clea_platform.referentiels.service import items_of_versions
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.permissions import CANDIDATE
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training.models import TrainingPlan, TrainingProgress

SCOPE = "candidate_space:own_dossiers"
KIND_LABELS = {
    EvaluationKind.INITIAL: "Évaluation préalable",
    EvaluationKind.FINAL: "Évaluation finale",
}


@dataclass(frozen=True, slots=True)
class PlannedSitting:
    kind_label: str
    day: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str


@dataclass(frozen=True, slots=True)
class TrainingCalendar:
    organisation_name: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    days_done: list[dt.date]


@dataclass(frozen=True, slots=True)
class AttestationLink:
    id: uuid.UUID
    reference: str
    issued_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CertificateLink:
    id: uuid.UUID
    number: str
    verification_code: str
    issued_at: dt.datetime
    revoked: bool
    paper_requested_at: dt.datetime | None
    paper_sent_at: dt.datetime | None
    #: Where the paper copy goes (or went); empty when the organisation has no address.
    paper_address: str
    #: What its Open Badge states (none once revoked: the badge is no longer handed out).
    badge: BadgeWords | None = None


@dataclass(slots=True)
class CandidateDossier:
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    certification_title: str
    status: DossierStatus
    step_title: str
    step_now: str
    step_next: str
    adviser_name: str
    site_name: str
    site_address: str
    site_phone: str
    consent_at: dt.datetime
    window_ends_on: dt.date | None
    sittings: list[PlannedSitting] = field(default_factory=list)
    acquired_domains: list[str] = field(default_factory=list)
    training: TrainingCalendar | None = None
    attestations: list[AttestationLink] = field(default_factory=list)
    certificate: CertificateLink | None = None

    def days_left(self, today: dt.date) -> int | None:
        """Days left in the training window (5 years after the évaluation préalable)."""
        if self.window_ends_on is None:
            return None
        return max((self.window_ends_on - today).days, 0)


@dataclass(frozen=True, slots=True)
class CandidateHome:
    first_name: str
    email: str
    dossiers: list[CandidateDossier]


async def own_candidates(session: AsyncSession, actor: Actor) -> list[Candidate]:
    """The candidate rows of the signed-in person, in every organisation (inside the scope)."""
    CANDIDATE.check(actor)
    return list(
        (
            await session.scalars(
                select(Candidate).where(
                    Candidate.person_id == actor.candidate_person_id,
                    Candidate.anonymised_at.is_(None),
                )
            )
        ).all()
    )


async def home(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, email: str = ""
) -> CandidateHome:
    """The signed-in candidate's dossiers, newest first, with what each page shows."""
    CANDIDATE.check(actor)
    async with cross_tenant_reads(session, SCOPE):
        candidates = await own_candidates(session, actor)
        keys = {(c.organisation_id, c.id) for c in candidates}
        dossiers = [
            d
            for d in (
                await session.scalars(
                    select(Dossier)
                    .where(Dossier.candidate_id.in_([c.id for c in candidates]))
                    .order_by(Dossier.created_at.desc())
                )
            ).all()
            if (d.organisation_id, d.candidate_id) in keys
        ]
        views = await _views(session, registry, dossiers, candidates)
    by_organisation: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for dossier in dossiers:
        by_organisation[dossier.organisation_id].append(dossier.id)
    for organisation_id, ids in by_organisation.items():
        audit.record(session, actor, "candidate_space.read", ids, organisation_id=organisation_id)
    first = candidates[0].first_names.split(" ")[0] if candidates else ""
    return CandidateHome(first_name=first, email=email, dossiers=views)


async def _views(
    session: AsyncSession,
    registry: CertificationRegistry,
    dossiers: list[Dossier],
    candidates: list[Candidate],
) -> list[CandidateDossier]:
    if not dossiers:
        return []
    ids = [d.id for d in dossiers]
    organisations = {
        o.id: o
        for o in await session.scalars(
            select(Organisation).where(Organisation.id.in_({d.organisation_id for d in dossiers}))
        )
    }
    sites = {
        (s.organisation_id, s.id): s
        for s in await session.scalars(
            select(Site).where(Site.id.in_({d.site_id for d in dossiers}))
        )
    }
    advisers = {
        u.id: u.full_name
        for u in await session.scalars(
            select(User).where(User.id.in_({d.adviser_id for d in dossiers if d.adviser_id}))
        )
    }
    evaluations = list(
        await session.scalars(
            select(Evaluation).where(Evaluation.dossier_id.in_(ids)).order_by(Evaluation.created_at)
        )
    )
    sittings = list(
        await session.scalars(
            select(EvaluationSession)
            .where(
                # The organisations first: the index under the foreign key leads with them.
                EvaluationSession.organisation_id.in_({e.organisation_id for e in evaluations}),
                EvaluationSession.evaluation_id.in_([e.id for e in evaluations]),
            )
            .order_by(EvaluationSession.day, EvaluationSession.starts_at)
        )
    )
    plans = list(
        await session.scalars(select(TrainingPlan).where(TrainingPlan.dossier_id.in_(ids)))
    )
    progress = list(
        await session.scalars(
            select(TrainingProgress)
            .where(
                TrainingProgress.organisation_id.in_({p.organisation_id for p in plans}),
                TrainingProgress.plan_id.in_([p.id for p in plans]),
            )
            .order_by(TrainingProgress.day)
        )
    )
    attestations = list(
        await session.scalars(
            select(PartialAttestation)
            .where(PartialAttestation.evaluation_id.in_([e.id for e in evaluations]))
            .order_by(PartialAttestation.issued_at)
        )
    )
    certificates = {
        (c.organisation_id, c.dossier_id): c
        for c in await session.scalars(select(Certificate).where(Certificate.dossier_id.in_(ids)))
    }
    items = await items_of_versions(session, list({d.referentiel_version_id for d in dossiers}))
    by_key = {(c.organisation_id, c.id): c for c in candidates}
    views = []
    for dossier in dossiers:
        key = dossier.organisation_id
        own_evaluations = [
            e for e in evaluations if e.dossier_id == dossier.id and e.organisation_id == key
        ]
        evaluation_kinds = {e.id: e.kind for e in own_evaluations}
        site = sites.get((key, dossier.site_id))
        step = STEPS[dossier.status]
        view = CandidateDossier(
            id=dossier.id,
            organisation_id=key,
            organisation_name=organisations[key].name,
            certification_title=_title(registry, dossier.certification_code),
            status=dossier.status,
            step_title=step.title,
            step_now=step.now,
            step_next=step.next,
            adviser_name=advisers.get(dossier.adviser_id, "") if dossier.adviser_id else "",
            site_name=site.name if site else "",
            site_address=f"{site.address_line}, {site.postal_code} {site.city}" if site else "",
            site_phone=site.contact_phone if site else "",
            consent_at=dossier.consent_at,
            window_ends_on=dossier.window_ends_on,
        )
        view.sittings = [
            PlannedSitting(
                KIND_LABELS[evaluation_kinds[s.evaluation_id]],
                s.day,
                s.starts_at,
                s.ends_at,
                sites[(key, s.site_id)].name if (key, s.site_id) in sites else view.site_name,
            )
            for s in sittings
            if s.organisation_id == key and s.evaluation_id in evaluation_kinds
        ]
        closed = [e for e in own_evaluations if e.status == EvaluationStatus.CLOSED and e.outcome]
        if closed:
            mastery = closed[-1].outcome["mastery"] if closed[-1].outcome else {}
            view.acquired_domains = [
                item.title
                for item in items[dossier.referentiel_version_id]
                if item.depth == 1 and mastery.get(item.code, {}).get("acquired")
            ]
        plan = next(
            (p for p in plans if p.dossier_id == dossier.id and p.organisation_id == key), None
        )
        if plan is not None:
            view.training = TrainingCalendar(
                organisation_name=plan.training_organisation_name or view.organisation_name,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                days_done=[
                    p.day for p in progress if p.plan_id == plan.id and p.organisation_id == key
                ],
            )
        view.attestations = [
            AttestationLink(a.id, a.reference, a.issued_at)
            for a in attestations
            if a.organisation_id == key and a.evaluation_id in evaluation_kinds
        ]
        certificate = certificates.get((key, dossier.id))
        if certificate is not None:
            candidate = by_key[(key, dossier.candidate_id)]
            address = certificate.paper_address or (
                postal_address(candidate, certificate.holder_name)
                if candidate.address_line and candidate.postal_code
                else ""
            )
            view.certificate = CertificateLink(
                id=certificate.id,
                number=certificate.number,
                verification_code=certificate.verification_code,
                issued_at=certificate.issued_at,
                revoked=certificate.revoked_at is not None,
                paper_requested_at=certificate.paper_requested_at,
                paper_sent_at=certificate.paper_sent_at,
                paper_address=address,
                badge=None
                if certificate.revoked_at is not None
                else _badge_words(registry, certificate),
            )
        views.append(view)
    return views


def _badge_words(registry: CertificationRegistry, certificate: Certificate) -> BadgeWords | None:
    try:
        return words_of(registry, certificate)
    except UnknownCertificationError:
        return None


def _title(registry: CertificationRegistry, code: str) -> str:
    try:
        return registry.get(code).title
    except UnknownCertificationError:
        return code
