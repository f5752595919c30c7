"""Rules for candidates: creation with duplicate detection, correction, reading, anonymisation.

A candidate's GDPR export and erasure on request span their dossiers and evaluations: they
live above this context, in :mod:`clea_platform.pathway.gdpr`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import (
    CandidateData,
    CandidateError,
    CandidateErrorCode,
    candidate_problems,
)
from clea_platform.core.digits import normalise_phone
from clea_platform.core.errors import InvalidFormError
from clea_platform.core.text import ascii_fold
from clea_platform.db.base import utcnow
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import normalise_postal_code


def search_text(*names: str) -> str:
    """Lower-case, unaccented, single-spaced names: what the list's search matches."""
    joined = " ".join(name for name in names if name)
    ascii_text = ascii_fold(joined)
    return " ".join(ascii_text.lower().split())


def candidate_not_found(field: str = "id") -> CandidateError:
    """The one "not found" of a candidate: missing, erased from view, or another tenant's."""
    return CandidateError(CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field=field)


async def possible_duplicates(
    session: AsyncSession, data: CandidateData, *, besides: uuid.UUID | None = None
) -> list[Candidate]:
    """Candidates of the organisation with the same birth name, first names and birth date."""
    query = select(Candidate).where(
        func.lower(Candidate.birth_name) == data.birth_name.strip().lower(),
        Candidate.birth_date == data.birth_date,
        Candidate.anonymised_at.is_(None),
    )
    if besides is not None:
        query = query.where(Candidate.id != besides)
    first = search_text(data.first_names)
    return [row for row in await session.scalars(query) if search_text(row.first_names) == first]


def _duplicate_error(count: int, change: str) -> CandidateError:
    return CandidateError(
        CandidateErrorCode.POSSIBLE_DUPLICATE,
        f"{count} candidat(s) portent déjà ces nom, prénom et date de naissance : "
        f"vérifiez qu'il ne s'agit pas de la même personne, ou confirmez {change}.",
        field="birthName",
    )


def _apply(candidate: Candidate, data: CandidateData) -> None:
    """Store ``data`` (already checked) on ``candidate``, normalised as every form is."""
    candidate.civility = data.civility
    candidate.birth_name = data.birth_name.strip()
    candidate.usage_name = data.usage_name.strip()
    candidate.first_names = data.first_names.strip()
    candidate.birth_date = data.birth_date
    candidate.birth_country = data.birth_country.strip()
    candidate.birth_city = data.birth_city.strip()
    candidate.birth_postal_code = normalise_postal_code(data.birth_postal_code)
    candidate.born_abroad = data.born_abroad
    candidate.email = data.email.strip().lower()
    candidate.phone = normalise_phone(data.phone)
    candidate.address_line = data.address_line.strip()
    candidate.postal_code = normalise_postal_code(data.postal_code)
    candidate.city = data.city.strip()
    candidate.status_at_registration = data.status_at_registration
    candidate.education_level = data.education_level
    candidate.professional_project = data.professional_project.strip()
    candidate.professional_sector = data.professional_sector or None
    candidate.search_text = search_text(data.birth_name, data.usage_name, data.first_names)


async def create_candidate(
    session: AsyncSession,
    actor: Actor,
    data: CandidateData,
    *,
    today: dt.date,
    confirm_not_duplicate: bool = False,
) -> Candidate:
    """Register a candidate; a possible duplicate must be confirmed explicitly."""
    assert actor.organisation_id is not None
    problems = candidate_problems(data, today)
    if problems:
        raise InvalidFormError(problems)
    if not confirm_not_duplicate and (duplicates := await possible_duplicates(session, data)):
        raise _duplicate_error(len(duplicates), "la création")
    candidate = Candidate(organisation_id=actor.organisation_id, created_by_id=actor.user_id)
    _apply(candidate, data)
    session.add(candidate)
    await session.flush()
    audit.record(session, actor, "candidate.create", [candidate.id])
    return candidate


async def update_candidate(
    session: AsyncSession,
    actor: Actor,
    candidate_id: uuid.UUID,
    data: CandidateData,
    *,
    expected_revision: int,
    today: dt.date,
    confirm_not_duplicate: bool = False,
) -> Candidate:
    """Correct a candidate's data with the checks of creation, from the revision the user saw.

    A stale revision, an anonymised candidate or any invalid field changes nothing. Changing
    the identity into another candidate's is flagged as at creation. The audit event names
    the candidate, never the values.
    """
    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None:
        raise candidate_not_found()
    if candidate.anonymised_at is not None:
        raise CandidateError(
            CandidateErrorCode.INVALID_STATE,
            "Ce candidat est anonymisé : ses données ne peuvent plus être modifiées.",
            field="id",
        )
    if expected_revision != candidate.revision:
        raise _stale_candidate()
    problems = candidate_problems(data, today)
    if problems:
        raise InvalidFormError(problems)
    before = _snapshot(candidate)
    # Another identity may be someone else's: the duplicate check of creation applies again.
    identity_changed = (
        search_text(candidate.birth_name) != search_text(data.birth_name)
        or search_text(candidate.first_names) != search_text(data.first_names)
        or candidate.birth_date != data.birth_date
    )
    if (
        identity_changed
        and not confirm_not_duplicate
        and (duplicates := await possible_duplicates(session, data, besides=candidate.id))
    ):
        raise _duplicate_error(len(duplicates), "la modification")
    _apply(candidate, data)
    if _snapshot(candidate) == before:
        return candidate  # nothing changed: same revision, nothing to audit
    # The revision moves only from the one the user saw: a concurrent correction that
    # committed first makes this one stale, even between the check above and now.
    bumped = await session.execute(
        update(Candidate)
        .where(Candidate.id == candidate.id, Candidate.revision == expected_revision)
        .values(revision=expected_revision + 1)
    )
    if bumped.rowcount != 1:  # type: ignore[attr-defined]
        raise _stale_candidate()
    await session.flush()
    audit.record(session, actor, "candidate.update", [candidate.id])
    return candidate


def _stale_candidate() -> CandidateError:
    return CandidateError(
        CandidateErrorCode.STALE_REVISION,
        "Le candidat a été modifié par quelqu'un d'autre entre-temps : rechargez sa fiche ; "
        "rien n'a été enregistré.",
        field="revision",
    )


def _snapshot(candidate: Candidate) -> dict[str, object]:
    return {
        column.key: getattr(candidate, column.key)
        for column in Candidate.__table__.columns
        if column.key not in ("revision", "search_text")
    }


async def get_candidate(session: AsyncSession, actor: Actor, candidate_id: uuid.UUID) -> Candidate:
    """Read one candidate of the active organisation (the read of personal data is audited)."""
    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None:
        raise candidate_not_found()
    audit.record(session, actor, "candidate.read", [candidate.id])
    return candidate


ANONYMOUS_TEXT = "anonymisé"


async def anonymise(session: AsyncSession, actor: Actor, candidate: Candidate) -> Candidate:
    """Erase the person's identifying data, keeping what statistics need (GDPR erasure)."""
    if candidate.anonymised_at is not None:
        raise CandidateError(CandidateErrorCode.INVALID_STATE, "Ce candidat est déjà anonymisé.")
    for field in ("birth_name", "usage_name", "first_names", "birth_city", "address_line", "city"):
        setattr(candidate, field, ANONYMOUS_TEXT if field != "usage_name" else "")
    candidate.email = ""
    candidate.phone = ""
    candidate.birth_postal_code = ""
    candidate.postal_code = ""
    candidate.professional_project = ""
    # Keep the year only: enough for age statistics, not enough to identify.
    candidate.birth_date = dt.date(candidate.birth_date.year, 1, 1)
    candidate.search_text = ""
    # No longer anyone: the link to the person (and the consent to share) goes too.
    candidate.person_id = None
    candidate.sharing_consent_at = None
    candidate.anonymised_at = utcnow()
    audit.record(session, actor, "candidate.anonymise", [candidate.id])
    return candidate
