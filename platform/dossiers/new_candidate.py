"""The candidate a new dossier (or an information interview) is for: an existing one, or
one registered with it, in the same transaction.

The new-dossier wizard keeps a new candidate's data until its last step and sends it with
the opening: a wizard abandoned half-way leaves no candidate without a dossier, and a
refused opening keeps nothing (the mutation's unit of work rolls everything back).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates import service as candidates
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import CandidateData, CandidateError, CandidateErrorCode
from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.dossiers.errors import DossierError, DossierErrorCode
from clea_platform.tenants.context import Actor


@dataclass(frozen=True, slots=True)
class NewCandidate:
    """A candidate registered together with their dossier (or interview), in its transaction."""

    data: CandidateData
    confirm_not_duplicate: bool = False


async def candidate_for(
    session: AsyncSession,
    actor: Actor,
    candidate_id: uuid.UUID | None,
    new_candidate: NewCandidate | None,
    *,
    today: dt.date | None = None,
) -> Candidate:
    """The candidate a dossier or an interview is for: an existing one of the organisation
    (another tenant's looks missing), or one registered now, in the caller's transaction.

    The registration's problems come back as the dossier's errors, their field prefixed
    with ``newCandidate.``, so one payload carries every refusal.
    """
    if (candidate_id is None) == (new_candidate is None):
        raise DossierError(
            DossierErrorCode.INVALID_INPUT,
            "Indiquez le candidat : un candidat existant (candidateId) ou un nouveau candidat "
            "(newCandidate), l'un ou l'autre.",
            field="candidateId",
        )
    if new_candidate is None:
        candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
        if candidate is None or candidate.anonymised_at is not None:
            raise DossierError(
                DossierErrorCode.NOT_FOUND, "Candidat introuvable.", field="candidateId"
            )
        return candidate
    try:
        return await candidates.create_candidate(
            session,
            actor,
            new_candidate.data,
            today=today or dt.date.today(),
            confirm_not_duplicate=new_candidate.confirm_not_duplicate,
        )
    except InvalidFormError as exc:
        raise InvalidFormError([_candidate_problem(error) for error in exc.errors]) from None
    except CandidateError as exc:
        raise _candidate_problem(exc) from None


def _candidate_problem(error: DomainError) -> DossierError:
    code = (
        DossierErrorCode.POSSIBLE_DUPLICATE
        if error.code is CandidateErrorCode.POSSIBLE_DUPLICATE
        else DossierErrorCode.INVALID_CANDIDATE
    )
    field = f"newCandidate.{error.field}" if error.field else "newCandidate"
    return DossierError(code, error.message, field=field)
