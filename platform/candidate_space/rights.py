"""The candidate's data rights (GDPR), exercised by the candidate themself.

- Access: everything each organisation stores about them (``pathway.gdpr.full_export``,
  the same export an organisation's administrator downloads), as JSON.
- Rectification: a correction request, routed to the organisation holding the data as
  a task its advisers see (:func:`open_requests`).
- Who accessed their dossier: the organisations (never the people) whose professionals
  read or changed their data, from the audit log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.candidate_space.errors import CandidateSpaceError, CandidateSpaceErrorCode
from clea_platform.candidate_space.home import SCOPE, own_candidates
from clea_platform.candidate_space.models import CorrectionRequest
from clea_platform.candidates.models import Candidate
from clea_platform.documents.downloads import PdfDocument
from clea_platform.documents.pdf import render_core_pdf
from clea_platform.dossiers.models import Dossier
from clea_platform.pathway import gdpr
from clea_platform.statistics.filters import Dimension
from clea_platform.statistics.labels import CATEGORY_LABELS
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ADVISERS, CANDIDATE
from clea_platform.tenants.scoping import cross_tenant_reads

MAX_MESSAGE = 2000
EMPTY_REQUEST = "Écrivez ce qu'il faut corriger. Par exemple : « Mon nom s'écrit Dupont. »"
DOSSIER_NOT_FOUND = "Dossier introuvable."
EXPORT_TEMPLATE = "candidate_space_export.html"


@dataclass(frozen=True, slots=True)
class OrganisationAccess:
    organisation_name: str
    last_access_at: dt.datetime


async def export(session: AsyncSession, actor: Actor) -> dict[str, object]:
    """Everything stored about the candidate, per organisation holding it (audited)."""
    CANDIDATE.check(actor)
    held = []
    async with cross_tenant_reads(session, SCOPE):
        for candidate in await own_candidates(session, actor):
            organisation = await session.get(Organisation, candidate.organisation_id)
            data = await gdpr.full_export(session, actor, candidate.id)
            held.append({"organisation": organisation.name if organisation else "", "data": data})
    return {"exported_at": dt.datetime.now(dt.UTC).isoformat(), "organisations": held}


async def accesses(session: AsyncSession, actor: Actor) -> list[OrganisationAccess]:
    """The organisations whose professionals read or changed the candidate's data."""
    CANDIDATE.check(actor)
    async with cross_tenant_reads(session, SCOPE):
        candidates = await own_candidates(session, actor)
        if not candidates:
            return []
        dossier_ids = list(
            await session.scalars(
                select(Dossier.id).where(Dossier.candidate_id.in_([c.id for c in candidates]))
            )
        )
        object_ids = [str(c.id) for c in candidates] + [str(d) for d in dossier_ids]
        text = cast(AuditEvent.object_ids, String)
        rows = (
            await session.execute(
                select(Organisation.name, func.max(AuditEvent.occurred_at))
                .join(Organisation, Organisation.id == AuditEvent.organisation_id)
                .where(
                    AuditEvent.organisation_id.in_({c.organisation_id for c in candidates}),
                    or_(
                        AuditEvent.actor_user_id.is_not(None),
                        AuditEvent.actor_api_key_id.is_not(None),
                    ),
                    or_(*(text.like(f"%{value}%") for value in object_ids)),
                )
                .group_by(Organisation.name)
                .order_by(Organisation.name)
            )
        ).all()
    return [OrganisationAccess(name, last) for name, last in rows]


async def request_correction(
    session: AsyncSession, actor: Actor, dossier_id: uuid.UUID | None, message: str
) -> CorrectionRequest:
    """Ask the organisation holding ``dossier_id`` to correct the candidate's data."""
    CANDIDATE.check(actor, writes=True)
    text = message.strip()
    if not text:
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.EMPTY_REQUEST, EMPTY_REQUEST, field="message"
        )
    if len(text) > MAX_MESSAGE:
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.INVALID_INPUT,
            f"Votre message est trop long : {MAX_MESSAGE} caractères au plus.",
            field="message",
        )
    async with cross_tenant_reads(session, SCOPE):
        candidates = {(c.organisation_id, c.id) for c in await own_candidates(session, actor)}
        dossier = (
            None
            if dossier_id is None
            else await session.scalar(select(Dossier).where(Dossier.id == dossier_id))
        )
        if dossier is None or (dossier.organisation_id, dossier.candidate_id) not in candidates:
            raise CandidateSpaceError(
                CandidateSpaceErrorCode.NOT_FOUND, DOSSIER_NOT_FOUND, field="dossierId"
            )
        request = CorrectionRequest(
            organisation_id=dossier.organisation_id,
            candidate_id=dossier.candidate_id,
            message=text,
        )
        session.add(request)
        await session.flush()
    audit.record(
        session,
        actor,
        "candidate_space.correction_request",
        [request.id, dossier.candidate_id],
        organisation_id=dossier.organisation_id,
    )
    return request


@dataclass(frozen=True, slots=True)
class OpenCorrection:
    id: uuid.UUID
    candidate_id: uuid.UUID
    candidate_name: str
    message: str
    created_at: dt.datetime


async def open_requests(session: AsyncSession, actor: Actor) -> list[OpenCorrection]:
    """The organisation's correction requests still to handle, oldest first (advisers)."""
    ADVISERS.check(actor)
    rows = (
        await session.execute(
            select(
                CorrectionRequest, Candidate.first_names, Candidate.birth_name, Candidate.usage_name
            )
            .join(
                Candidate,
                (Candidate.organisation_id == CorrectionRequest.organisation_id)
                & (Candidate.id == CorrectionRequest.candidate_id),
            )
            .where(CorrectionRequest.resolved_at.is_(None))
            .order_by(CorrectionRequest.created_at)
        )
    ).all()
    audit.record(
        session, actor, "candidate_space.correction_requests_read", [r[0].id for r in rows]
    )
    return [
        OpenCorrection(
            id=request.id,
            candidate_id=request.candidate_id,
            candidate_name=f"{first} {usage or birth}",
            message=request.message,
            created_at=request.created_at,
        )
        for request, first, birth, usage in rows
    ]


async def resolve(session: AsyncSession, actor: Actor, request_id: uuid.UUID | None) -> None:
    """Mark one of the organisation's correction requests as handled (advisers)."""
    ADVISERS.check(actor, writes=True)
    request = (
        None
        if request_id is None
        else await session.scalar(
            select(CorrectionRequest).where(CorrectionRequest.id == request_id)
        )
    )
    if request is None:
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.NOT_FOUND, "Demande introuvable.", field="id"
        )
    if request.resolved_at is None:
        request.resolved_at = dt.datetime.now(dt.UTC)
    audit.record(session, actor, "candidate_space.correction_resolved", [request.id])


#: The candidate's stored fields, in their words (the others keep their technical name).
FIELD_LABELS = {
    "civility": "Civilité",
    "birth_name": "Nom de naissance",
    "usage_name": "Nom d'usage",
    "first_names": "Prénoms",
    "birth_date": "Date de naissance",
    "birth_country": "Pays de naissance",
    "birth_city": "Ville de naissance",
    "birth_postal_code": "Code postal de naissance",
    "born_abroad": "Né(e) à l'étranger",
    "email": "Adresse e-mail",
    "phone": "Téléphone",
    "address_line": "Adresse",
    "postal_code": "Code postal",
    "city": "Ville",
    "status_at_registration": "Situation à l'inscription",
    "education_level": "Niveau d'études",
    "professional_project": "Projet professionnel",
    "professional_sector": "Secteur professionnel",
    "sharing_consent_at": "Accord de partage donné le",
    "anonymised_at": "Données effacées le",
    "created_at": "Enregistré le",
}
#: The closed lists' values, in words (the statistics' labels: the same categories).
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "status_at_registration": CATEGORY_LABELS[Dimension.STATUS_AT_REGISTRATION],
    "education_level": CATEGORY_LABELS[Dimension.EDUCATION_LEVEL],
    "civility": {"madame": "Madame", "monsieur": "Monsieur"},
}
EVALUATION_WORDS = {
    "initial": "préalable",
    "final": "finale",
    "open": "en cours",
    "closed": "terminée",
}
#: Technical fields that tell the candidate nothing (identifiers, internal counters).
HIDDEN_FIELDS = {"id", "person_id", "identity_key", "created_by_id", "revision", "organisation_id"}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    return str(value)


def _day(value: object) -> str:
    """An ISO date or time of the export as the candidate reads it (05/12/2026)."""
    if not isinstance(value, str) or len(value) < 10:
        return _shown(value)
    try:
        return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _value(key: str, value: object) -> str:
    if key.endswith(("_date", "_at")):
        return _day(value)
    labels = VALUE_LABELS.get(key, {})
    return labels.get(value, _shown(value)) if isinstance(value, str) else _shown(value)


def _dossier(dossier: dict[str, Any]) -> dict[str, Any]:
    return {
        "certification_code": dossier.get("certification_code", ""),
        "consent_at": _day(dossier.get("consent_at")),
        "timeline": [
            {**event, "occurred_at": _day(event.get("occurred_at"))}
            for event in dossier.get("timeline", [])
        ],
        "evaluations": [
            {
                "kind": EVALUATION_WORDS.get(evaluation.get("kind", ""), evaluation.get("kind")),
                "status": EVALUATION_WORDS.get(
                    evaluation.get("status", ""), evaluation.get("status")
                ),
                "results": evaluation.get("results", []),
            }
            for evaluation in dossier.get("evaluations", [])
        ],
    }


async def export_document(session: AsyncSession, actor: Actor) -> PdfDocument:
    """The candidate's own export as a PDF in plain French (the same data as :func:`export`)."""
    data = await export(session, actor)
    entries = data["organisations"]
    assert isinstance(entries, list)
    held = []
    first_name = ""
    for entry in entries:
        stored: dict[str, Any] = entry["data"] or {}
        candidate: dict[str, Any] = stored.get("candidate", {})
        first_name = first_name or str(candidate.get("first_names") or "")
        held.append(
            {
                "name": entry["organisation"],
                "identity": [
                    (FIELD_LABELS.get(key, key), _value(key, value))
                    for key, value in candidate.items()
                    if key not in HIDDEN_FIELDS
                ],
                "interviews": [
                    {**interview, "held_on": _day(interview.get("held_on"))}
                    for interview in stored.get("information_interviews", [])
                ],
                "dossiers": [_dossier(dossier) for dossier in stored.get("dossiers", [])],
            }
        )
    context = {"held": held, "first_name": first_name, "exported_on": dt.date.today()}
    return PdfDocument(
        filename="mes-donnees-clea.pdf",
        disposition="attachment",
        render=lambda: render_core_pdf(EXPORT_TEMPLATE, context),
    )
