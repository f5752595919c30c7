"""Small cells are masked, and the masking cannot be undone by subtracting totals."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.validation import RegistrationStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import export, service
from clea_platform.statistics.filters import Dimension, StatisticsFilter
from clea_platform.statistics.masking import THRESHOLD, mask_column
from clea_platform.tenants.context import Actor, acting_as
from tests.statistics.seeding import History, Person, add_dossiers, new_organisation

D = dt.date


def test_a_cell_of_fewer_than_five_people_is_hidden_with_the_next_smallest() -> None:
    # Given 3, 7 and 12 people (22 in all)
    masked = mask_column([3, 7, 12], 22)
    # Then 3 is hidden, and 7 too: 22 − 12 = 10 says nothing of either
    assert masked.cells == [None, None, 12]
    assert masked.total == 22


def test_a_table_of_fewer_than_five_people_is_hidden_whole() -> None:
    assert mask_column([3, 1], 4).cells == [None, None]
    assert mask_column([3, 1], 4).total is None


def test_hidden_cells_always_hide_at_least_five_people_together() -> None:
    # Given two small cells (1 and 2) and large ones
    masked = mask_column([1, 2, 40, 50], 93)
    # Then a third cell is hidden: the hidden ones together count at least five
    hidden = [
        value for value, cell in zip([1, 2, 40, 50], masked.cells, strict=True) if cell is None
    ]
    assert len(hidden) >= 2
    assert sum(hidden) >= THRESHOLD
    assert masked.cells[3] == 50


def test_with_nothing_else_to_hide_the_total_is_hidden() -> None:
    # Given one small cell and zeros only
    masked = mask_column([3, 0, 0], 3 + 0)
    assert masked.total is None


async def test_a_three_person_cell_is_hidden_and_cannot_be_recovered_by_subtraction(
    db_session: AsyncSession, registry: CertificationRegistry, certifpro_admin: Actor
) -> None:
    # Given 2013's dossiers: 12 jobseekers, 7 young people of a mission locale, 3 employees
    _, site = await new_organisation(db_session, region="Corse", departement="2A")
    people = (
        [RegistrationStatus.JOBSEEKER] * 12
        + [RegistrationStatus.YOUNG_MISSION_LOCALE] * 7
        + [RegistrationStatus.EMPLOYEE] * 3
    )
    await add_dossiers(
        db_session,
        registry,
        site,
        [History(D(2013, 3, 1), person=Person(status=status)) for status in people],
    )
    chosen = StatisticsFilter(
        D(2013, 1, 1),
        D(2013, 12, 31),
        region="Corse",
        breakdowns=(Dimension.STATUS_AT_REGISTRATION,),
    )

    # When Certif'Pro reads the breakdown by status at registration
    with acting_as(certifpro_admin):
        report = await service.statistics(
            db_session, certifpro_admin, registry, chosen, today=D(2014, 1, 1)
        )

    # Then the 3 employees are hidden
    (breakdown,) = report.breakdowns
    opened = {row.key: row.opened for row in breakdown.rows}
    assert opened["employee"] is None
    # And the total minus what is shown leaves two hidden cells together, never the 3
    assert breakdown.total_opened == 22
    shown = sum(value for value in opened.values() if value is not None)
    hidden = [key for key, value in opened.items() if value is None]
    assert len(hidden) >= 2
    assert breakdown.total_opened - shown != 3
    assert opened == {"employee": None, "young_mission_locale": None, "jobseeker": 12}
    # And the CSV export writes « masqué », not the figure
    lines = list(export.csv_lines(breakdown))
    employee = next(line for line in lines if ";employee;" in line)
    assert employee.split(";")[3] == "masqué"
    assert lines[0].startswith("\ufeffdimension;")
