"""A candidate's professional sector is a NAF section picked from the list; the free text stays."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.sectors import NAF_SECTIONS
from clea_platform.candidates.service import create_candidate
from clea_platform.candidates.validation import CandidateErrorCode, candidate_problems
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import LEA, TODAY


def test_the_list_holds_the_21_naf_sections_a_to_u() -> None:
    assert list(NAF_SECTIONS) == [chr(code) for code in range(ord("A"), ord("U") + 1)]
    assert NAF_SECTIONS["Q"] == "Santé humaine et action sociale"


def test_a_sector_outside_the_list_is_refused_in_french() -> None:
    problems = candidate_problems(dataclasses.replace(LEA, professional_sector="Z"), TODAY)
    (problem,) = problems
    assert problem.code == CandidateErrorCode.INVALID_CHOICE
    assert problem.field == "professionalSector"
    assert "section de la NAF" in problem.message


@pytest.mark.parametrize("given", [None, ""])
def test_no_sector_is_allowed(given: str | None) -> None:
    assert candidate_problems(dataclasses.replace(LEA, professional_sector=given), TODAY) == []


async def test_the_sector_is_stored_beside_the_free_text(
    db_session: AsyncSession, greta: Actor
) -> None:
    data = dataclasses.replace(
        LEA, professional_sector="Q", professional_project="Auxiliaire de puériculture"
    )
    candidate = await create_candidate(db_session, greta, data, today=TODAY)
    assert candidate.professional_sector == "Q"
    assert candidate.professional_project == "Auxiliaire de puériculture"
