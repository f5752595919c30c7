"""Issuing partial attestations (attestation des compétences acquises) when gaps remain."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.db.base import utcnow
from clea_platform.documents.downloads import DocumentNotFoundError, PdfDocument, document_id
from clea_platform.documents.models import PartialAttestation
from clea_platform.documents.pdf import render_pdf
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationStatus
from clea_platform.evaluations.service import EvaluationError, EvaluationErrorCode
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ANY_MEMBER

TEMPLATE = "partial_attestation.html"
# Crockford base32 without look-alikes: readable over the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(year: int) -> str:
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"ATT-{year}-{suffix}"


async def issue(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation_id: uuid.UUID,
) -> PartialAttestation:
    """Snapshot what the candidate acquired at a closed evaluation that left gaps (once:
    asked again, the same attestation)."""
    evaluation = await evaluations.get_evaluation(session, evaluation_id)
    if evaluation.status != EvaluationStatus.CLOSED or not evaluation.outcome:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_STATE, "L'évaluation doit être close pour attester."
        )
    if evaluation.outcome.get("eligible"):
        raise EvaluationError(
            EvaluationErrorCode.INVALID_STATE,
            "Tout est acquis : le dossier va au jury, une attestation partielle est inutile.",
        )
    existing = await session.scalar(
        select(PartialAttestation).where(PartialAttestation.evaluation_id == evaluation.id)
    )
    if existing is not None:
        return existing
    dossier = await session.scalar(select(Dossier).where(Dossier.id == evaluation.dossier_id))
    assert dossier is not None
    candidate = await session.scalar(select(Candidate).where(Candidate.id == dossier.candidate_id))
    organisation = await session.get(Organisation, dossier.organisation_id)
    version = await session.get(ReferentielVersion, dossier.referentiel_version_id)
    assert candidate is not None
    assert organisation is not None
    assert version is not None
    certification = registry.get(dossier.certification_code)
    items = (await referentiels.items_of_versions(session, [version.id]))[version.id]
    mastery: dict[str, Any] = evaluation.outcome["mastery"]
    acquired = [item for item in items if mastery.get(item.code, {}).get("acquired")]
    now = utcnow()
    names = " ".join(
        part
        for part in (candidate.first_names, candidate.usage_name or candidate.birth_name)
        if part
    )
    snapshot = {
        "certification_code": certification.code,
        "certification_title": certification.title,
        "referentiel_version": version.label,
        "provisional": version.provisional,
        "scoring": version.scoring,
        "item_level": version.levels[-1],
        "training_window": certification.limits.training_window,
        "organisation_name": organisation.name,
        "candidate_name": names,
        "birth_date": candidate.birth_date.isoformat(),
        "evaluated_on": (evaluation.closed_at or now).date().isoformat(),
        "issued_on": now.date().isoformat(),
        "acquired_domains": [
            {"code": item.code, "title": item.title} for item in acquired if item.depth == 1
        ],
        "acquired_items": [
            {"code": item.code, "title": item.title} for item in acquired if item.is_leaf
        ],
    }
    attestation = PartialAttestation(
        organisation_id=dossier.organisation_id,
        evaluation_id=evaluation.id,
        reference=new_reference(now.year),
        issued_by_id=actor.user_id,
        snapshot=snapshot,
    )
    session.add(attestation)
    await session.flush()
    dossiers.record_event(
        session,
        actor,
        dossier,
        "attestation",
        f"Attestation des compétences acquises n° {attestation.reference} : "
        f"{sum(1 for item in acquired if item.is_leaf)} critère(s) acquis.",
    )
    audit.record(session, actor, "partial_attestation.issue", [attestation.id, dossier.id])
    return attestation


async def download(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, attestation_id: str
) -> PdfDocument:
    """An attestation's PDF for any member of its organisation; the download is audited.

    Raises ``NotAuthenticatedError`` / ``AccessDeniedError`` (the ``ANY_MEMBER`` rule) or
    :class:`DocumentNotFoundError` (missing, malformed or another tenant's).
    """
    ANY_MEMBER.check(actor)
    key = document_id(attestation_id)
    attestation = await session.scalar(
        select(PartialAttestation).where(PartialAttestation.id == key)
    )
    if attestation is None:
        raise DocumentNotFoundError()
    audit.record(session, actor, "partial_attestation.download", [attestation.id])
    return PdfDocument(
        filename=f"{attestation.reference}.pdf",
        disposition="inline",
        render=lambda: pdf(registry, attestation),
    )


def pdf(registry: CertificationRegistry, attestation: PartialAttestation) -> bytes:
    """The attestation's PDF, from the plugin's template (else the core's)."""
    snapshot = dict(attestation.snapshot)
    certification = registry.get(snapshot["certification_code"])
    # Attestations issued before the window was part of the snapshot.
    snapshot.setdefault("training_window", certification.limits.training_window)
    for key in ("birth_date", "evaluated_on", "issued_on"):
        snapshot[key] = dt.date.fromisoformat(snapshot[key])
    return render_pdf(
        certification,
        TEMPLATE,
        {
            **snapshot,
            "reference": attestation.reference,
            # The training window is the certification's (the core's fallback names it).
            "training_window_years": certification.limits.training_window_years,
        },
    )
