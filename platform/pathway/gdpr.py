"""A candidate's GDPR rights: access (everything stored about them) and erasure on request.

Both span the candidate, their dossiers (timeline included) and evaluations (results
included), so they live above those contexts. Retention (erasure after years of
inactivity) is :mod:`clea_platform.pathway.retention`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import anonymise, candidate_not_found
from clea_platform.candidates.validation import CandidateError, CandidateErrorCode
from clea_platform.documents.downloads import DocumentNotFoundError, PdfDocument, document_id
from clea_platform.documents.pdf import render_core_pdf
from clea_platform.dossiers import interviews
from clea_platform.dossiers import loading as dossier_loading
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import loading as evaluation_loading
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ORG_ADMIN

EXPORT_TEMPLATE = "candidate_export.html"


def export_data(candidate: Candidate) -> dict[str, object]:
    """Every stored field of the candidate, for a GDPR access request."""
    return {
        column.key: _jsonable(getattr(candidate, column.key))
        for column in Candidate.__table__.columns
        if column.key != "search_text"
    }


async def full_export(
    session: AsyncSession, actor: Actor, candidate_id: uuid.UUID
) -> dict[str, object] | None:
    """Everything stored about a candidate (GDPR access request), the read audited; None
    when the organisation has no such candidate."""
    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None:
        return None
    dossiers = await dossier_loading.dossiers_of_candidate(session, candidate.id)
    dossier_ids = [dossier.id for dossier in dossiers]
    events = await dossier_loading.events_by_dossier(session, dossier_ids)
    evaluations = await evaluation_loading.evaluations_by_dossier(session, dossier_ids)
    results = await evaluation_loading.results_by_evaluation(
        session, [evaluation.id for listed in evaluations.values() for evaluation in listed]
    )
    exported_dossiers = [
        {
            **_row(dossier),
            "timeline": [_row(event) for event in events.get(dossier.id, [])],
            "evaluations": [
                {
                    **_row(evaluation),
                    "results": [_row(result) for result in results.get(evaluation.id, [])],
                }
                for evaluation in evaluations.get(dossier.id, [])
            ],
        }
        for dossier in dossiers
    ]
    held = await interviews.interviews_of(session, candidate.id)
    audit.record(session, actor, "candidate.export", [candidate.id])
    return {
        "candidate": export_data(candidate),
        "information_interviews": [
            {**_row(row.interview), "adviser_name": row.adviser_name} for row in held
        ],
        "dossiers": exported_dossiers,
    }


async def export_document(session: AsyncSession, actor: Actor, candidate_id: str) -> PdfDocument:
    """The GDPR export as a PDF, for the organisation's administrators (audited).

    Raises ``NotAuthenticatedError`` / ``AccessDeniedError`` (the ``ORG_ADMIN`` rule) or
    :class:`~clea_platform.documents.downloads.DocumentNotFoundError`.
    """
    ORG_ADMIN.check(actor)
    key = document_id(candidate_id)
    data = await full_export(session, actor, key)
    if data is None:
        raise DocumentNotFoundError()
    organisation = await session.get(Organisation, actor.organisation_id)
    context = {
        **data,
        "organisation_name": organisation.name if organisation else "",
        "exported_on": dt.date.today(),
    }
    return PdfDocument(
        filename=f"export-{key}.pdf",
        disposition="attachment",
        render=lambda: render_core_pdf(EXPORT_TEMPLATE, context),
    )


async def erase(session: AsyncSession, actor: Actor, candidate_id: uuid.UUID) -> Candidate:
    """GDPR erasure on request: allowed once every dossier of the candidate is closed."""
    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None:
        raise candidate_not_found()
    if open_dossiers := await dossier_loading.open_dossier_count(session, candidate.id):
        raise CandidateError(
            CandidateErrorCode.INVALID_STATE,
            f"{open_dossiers} dossier(s) en cours : clôturez-les (abandon ou certification) "
            "avant d'effacer les données du candidat.",
            field="id",
        )
    # The closed dossiers forget the person too (the pseudonymous link to other organisations).
    await session.execute(
        update(Dossier).where(Dossier.candidate_id == candidate.id).values(person_id=None)
    )
    erased = await anonymise(session, actor, candidate)
    await interviews.erase_notes(session, [candidate.id])
    return erased


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row(model: object) -> dict[str, object]:
    table = model.__table__  # type: ignore[attr-defined]
    return {column.key: _jsonable(getattr(model, column.key)) for column in table.columns}
