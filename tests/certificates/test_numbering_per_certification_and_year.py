"""Certificate numbers run per certification and per year (DOMAIN.md): each certification
starts its own sequence, and every certification starts again at 1 on the first of January.

Far-future years keep these sequences apart from anything else the suite numbers.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.codes import certificate_number
from clea_platform.certificates.numbering import next_sequence


async def test_each_certification_has_its_own_sequence_within_a_year(
    db_session: AsyncSession,
) -> None:
    year = 2091
    assert [await next_sequence(db_session, "CLEA", year) for _ in range(3)] == [1, 2, 3]
    assert await next_sequence(db_session, "CLEA_NUMERIQUE", year) == 1
    assert await next_sequence(db_session, "CLEA_MANAGEMENT", year) == 1
    assert await next_sequence(db_session, "CLEA", year) == 4
    assert await next_sequence(db_session, "CLEA_NUMERIQUE", year) == 2


async def test_every_certification_starts_again_at_one_each_year(
    db_session: AsyncSession,
) -> None:
    assert [await next_sequence(db_session, "CLEA", 2092) for _ in range(2)] == [1, 2]
    assert await next_sequence(db_session, "CLEA", 2093) == 1
    assert await next_sequence(db_session, "CLEA", 2092) == 3
    assert await next_sequence(db_session, "CLEA", 2093) == 2
    assert await next_sequence(db_session, "CLEA_NUMERIQUE", 2093) == 1


def test_the_number_names_its_certification_and_its_year() -> None:
    first = certificate_number("CLEA", 2092, 1)
    assert first != certificate_number("CLEA", 2093, 1)
    assert first != certificate_number("CLEA_NUMERIQUE", 2092, 1)
    assert "2092" in first
