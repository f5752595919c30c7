"""Correcting a candidate's data: the checks of creation, the revision the user saw, audited."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.candidates.service import anonymise, create_candidate, update_candidate
from clea_platform.candidates.validation import CandidateError, CandidateErrorCode
from clea_platform.core.errors import InvalidFormError
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import LEA, TODAY


async def test_an_adviser_corrects_a_candidate_from_the_revision_they_saw(
    db_session: AsyncSession, greta: Actor
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    assert candidate.revision == 1

    # When the adviser corrects the usage name, the phone and the email
    corrected = dataclasses.replace(
        LEA, usage_name=" Martin ", phone="06 12 34 56 78", email="Lea.Martin@Exemple.fr"
    )
    updated = await update_candidate(
        db_session, greta, candidate.id, corrected, expected_revision=1, today=TODAY
    )
    await db_session.commit()  # the audit events are saved with the work (rolled back after)

    # Then the values are stored normalised, the revision moves, and the audit names the
    # candidate without copying any personal data
    assert updated.usage_name == "Martin"
    assert updated.phone == "0612345678"
    assert updated.email == "lea.martin@exemple.fr"
    assert updated.search_text == "durand martin lea"
    assert updated.revision == 2
    # (other tests may have committed updates of their own candidates)
    events = [
        event
        for event in await db_session.scalars(
            select(AuditEvent).where(AuditEvent.operation == "candidate.update")
        )
        if str(candidate.id) in event.object_ids
    ]
    assert [event.object_ids for event in events] == [[str(candidate.id)]]


async def test_saving_the_same_values_changes_nothing_not_even_the_revision(
    db_session: AsyncSession, greta: Actor
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)

    same = await update_candidate(
        db_session, greta, candidate.id, LEA, expected_revision=1, today=TODAY
    )

    assert same.revision == 1


async def test_a_stale_revision_is_refused_and_nothing_changes(
    db_session: AsyncSession, greta: Actor
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    await update_candidate(
        db_session,
        greta,
        candidate.id,
        dataclasses.replace(LEA, city="Lille"),
        expected_revision=1,
        today=TODAY,
    )

    # When someone who still saw revision 1 saves another change
    with pytest.raises(CandidateError) as stale:
        await update_candidate(
            db_session,
            greta,
            candidate.id,
            dataclasses.replace(LEA, city="Roubaix"),
            expected_revision=1,
            today=TODAY,
        )

    # Then it is refused on the revision, and the first change stays
    assert stale.value.code == CandidateErrorCode.STALE_REVISION
    assert stale.value.field == "revision"
    assert candidate.city == "Lille"
    assert candidate.revision == 2


async def test_the_checks_of_creation_apply_field_by_field(
    db_session: AsyncSession, greta: Actor
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    wrong = dataclasses.replace(
        LEA, first_names=" ", birth_date=dt.date(2020, 1, 1), phone="12", postal_code="00000"
    )

    with pytest.raises(InvalidFormError) as refused:
        await update_candidate(
            db_session, greta, candidate.id, wrong, expected_revision=1, today=TODAY
        )

    assert {error.field for error in refused.value.errors} == {
        "firstNames",
        "birthDate",
        "phone",
        "postalCode",
    }
    assert candidate.first_names == "Léa"
    assert candidate.revision == 1


async def test_taking_another_candidates_identity_must_be_confirmed(
    db_session: AsyncSession, greta: Actor
) -> None:
    lea = await create_candidate(db_session, greta, LEA, today=TODAY)
    other = await create_candidate(
        db_session, greta, dataclasses.replace(LEA, first_names="Lena"), today=TODAY
    )

    # When Lena's first name is corrected into Léa's (same birth name and date)
    with pytest.raises(CandidateError) as flagged:
        await update_candidate(db_session, greta, other.id, LEA, expected_revision=1, today=TODAY)
    confirmed = await update_candidate(
        db_session,
        greta,
        other.id,
        LEA,
        expected_revision=1,
        today=TODAY,
        confirm_not_duplicate=True,
    )
    # And Léa's own fiche is saved again: she is no duplicate of herself
    itself = await update_candidate(
        db_session,
        greta,
        lea.id,
        dataclasses.replace(LEA, city="Lille"),
        expected_revision=1,
        today=TODAY,
    )

    assert flagged.value.code == CandidateErrorCode.POSSIBLE_DUPLICATE
    assert "confirmez la modification" in flagged.value.message
    assert confirmed.first_names == "Léa"
    assert itself.revision == 2


async def test_an_anonymised_candidate_cannot_be_corrected(
    db_session: AsyncSession, greta: Actor
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    await anonymise(db_session, greta, candidate)

    with pytest.raises(CandidateError) as refused:
        await update_candidate(
            db_session, greta, candidate.id, LEA, expected_revision=1, today=TODAY
        )

    assert refused.value.code == CandidateErrorCode.INVALID_STATE
    assert candidate.birth_name == "anonymisé"
