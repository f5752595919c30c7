"""Rules for candidates: creation with duplicate detection, reading, anonymisation."""

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
        raise CandidateError(CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field="id")
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
        raise CandidateError(CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field="id")
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
    candidate.anonymised_at = utcnow()
    audit.record(session, actor, "candidate.anonymise", [candidate.id])
    return candidate


def export_data(candidate: Candidate) -> dict[str, object]:
    """Every stored field of the candidate, for a GDPR access request."""
    return {
        column.key: _jsonable(getattr(candidate, column.key))
        for column in Candidate.__table__.columns
        if column.key != "search_text"
    }


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


async def erase(session: AsyncSession, actor: Actor, candidate_id: uuid.UUID) -> Candidate:
    """GDPR erasure on request: allowed once every dossier of the candidate is closed."""
    from clea_platform.dossiers.models import Dossier
    from clea_platform.dossiers.states import OPEN_STATUSES

    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None:
        raise CandidateError(CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field="id")
    open_dossiers = await session.scalar(
        select(func.count())
        .select_from(Dossier)
        .where(Dossier.candidate_id == candidate.id, Dossier.status.in_(OPEN_STATUSES))
    )
    if open_dossiers:
        raise CandidateError(
            CandidateErrorCode.INVALID_STATE,
            f"{open_dossiers} dossier(s) en cours : clôturez-les (abandon ou certification) "
            "avant d'effacer les données du candidat.",
            field="id",
        )
    return await anonymise(session, actor, candidate)


async def full_export(
    session: AsyncSession, actor: Actor, candidate_id: uuid.UUID
) -> dict[str, object]:
    """Everything stored about a candidate (GDPR access request), and the read is audited."""
    from clea_platform.dossiers.models import Dossier, DossierEvent
    from clea_platform.evaluations.models import Evaluation, ItemResult

    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None:
        raise CandidateError(CandidateErrorCode.NOT_FOUND, "Candidat introuvable.", field="id")
    dossiers = list(
        await session.scalars(select(Dossier).where(Dossier.candidate_id == candidate.id))
    )
    exported_dossiers = []
    for dossier in dossiers:
        events = await session.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id == dossier.id)
            .order_by(DossierEvent.occurred_at)
        )
        evaluations = list(
            await session.scalars(select(Evaluation).where(Evaluation.dossier_id == dossier.id))
        )
        exported_evaluations = []
        for evaluation in evaluations:
            results = await session.scalars(
                select(ItemResult).where(ItemResult.evaluation_id == evaluation.id)
            )
            exported_evaluations.append(
                {
                    **_row(evaluation),
                    "results": [_row(result) for result in results],
                }
            )
        exported_dossiers.append(
            {
                **_row(dossier),
                "timeline": [_row(event) for event in events],
                "evaluations": exported_evaluations,
            }
        )
    audit.record(session, actor, "candidate.export", [candidate.id])
    return {"candidate": export_data(candidate), "dossiers": exported_dossiers}


def _row(model: object) -> dict[str, object]:
    table = model.__table__  # type: ignore[attr-defined]
    return {column.key: _jsonable(getattr(model, column.key)) for column in table.columns}
