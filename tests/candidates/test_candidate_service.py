"""Registering a candidate (service layer, no HTTP)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.service import create_candidate
from clea_platform.candidates.validation import CandidateError
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import LEA, TODAY


async def test_a_possible_duplicate_is_flagged_before_creation(
    db_session: AsyncSession, greta: Actor
) -> None:
    await create_candidate(db_session, greta, LEA, today=TODAY)

    with pytest.raises(CandidateError) as flagged:
        await create_candidate(db_session, greta, LEA, today=TODAY)
    confirmed = await create_candidate(
        db_session, greta, LEA, today=TODAY, confirm_not_duplicate=True
    )

    assert flagged.value.code.name == "POSSIBLE_DUPLICATE"
    assert confirmed.id
