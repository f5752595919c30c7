"""The age band at the opening of a dossier: whole years of civil age on the opening day.

Someone turns N on their birthday; born on 29 February, on 1 March of a common year (on
28 February they are still N − 1). The expected bands are computed here from that rule,
not from the statistics' SQL, for birth dates on each side of the 25th, 30th and 45th
birthdays, and for 29 February births.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.statistics import queries


def _civil_age(on: dt.date, born: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _band(age: int) -> str:
    if age < 25:
        return "under_25"
    if age < 30:
        return "25_29"
    if age < 45:
        return "30_44"
    return "45_plus"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February → 28 February of a common year
        return day.replace(year=day.year - years, day=28)


def _cases() -> list[tuple[dt.date, dt.date]]:
    openings = [
        dt.date(2025, 2, 28),
        dt.date(2025, 3, 1),
        dt.date(2024, 2, 29),
        dt.date(2024, 2, 28),
        dt.date(2023, 12, 31),
        dt.date(2022, 1, 1),
    ]
    cases = []
    for opened in openings:
        for years in (25, 30, 45):
            anniversary = _years_before(opened, years)
            for shift in (-1, 0, 1):
                cases.append((opened, anniversary + dt.timedelta(days=shift)))
        for leap_year in (1980, 1996, 2000):  # born on 29 February
            cases.append((opened, dt.date(leap_year, 2, 29)))
    return cases


async def test_the_age_band_at_opening_follows_the_civil_age(db_session: AsyncSession) -> None:
    dialect = db_session.get_bind().dialect.name
    found = {}
    for opened, born in _cases():
        moment = dt.datetime.combine(opened, dt.time(10, 30), tzinfo=dt.UTC)
        band = queries._age_band_at(
            dialect,
            literal(moment, DateTime(timezone=True)),
            literal(born, Date()),
        )
        found[(opened, born)] = await db_session.scalar(select(band))
    expected = {(opened, born): _band(_civil_age(opened, born)) for opened, born in _cases()}
    assert found == expected
