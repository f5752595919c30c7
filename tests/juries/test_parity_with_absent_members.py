"""Parity counts the members present, never the ones convened (DOMAIN.md: a jury is
paritaire when as many employers' as employees' representatives attend, at least one each).

A convened member marked absent — on either side — does not count towards parity.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.juries import attendance, panel
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import JuryMember, SessionStatus, Side
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.juries.conftest import as_actor
from tests.juries.test_jury_sessions import convened


def attendee(side: Side, present: bool) -> attendance.Attendee:
    member = JuryMember(id=uuid.uuid4(), user_id=uuid.uuid4(), side=side)
    return attendance.Attendee(member, f"{side.value} {present}", present)


def test_an_absent_employers_representative_does_not_count_towards_parity() -> None:
    present_employer = attendee(Side.EMPLOYER, True)
    absent_employer = attendee(Side.EMPLOYER, False)
    present_employee = attendee(Side.EMPLOYEE, True)

    # one of each side present, one employer absent: paritaire
    assert attendance.parity_problem([present_employer, absent_employer, present_employee]) is None
    # two employers convened but absent, one employee present: not paritaire
    problem = attendance.parity_problem(
        [absent_employer, attendee(Side.EMPLOYER, False), present_employee]
    )
    assert problem is not None
    assert "0 représentant(s) des employeurs et 1 des salariés" in problem


def test_an_absent_employees_representative_does_not_count_towards_parity() -> None:
    present_employer = attendee(Side.EMPLOYER, True)
    present_employee = attendee(Side.EMPLOYEE, True)
    absent_employee = attendee(Side.EMPLOYEE, False)

    assert attendance.parity_problem([present_employer, present_employee, absent_employee]) is None
    problem = attendance.parity_problem([present_employer, absent_employee])
    assert problem is not None
    assert "1 représentant(s) des employeurs et 0 des salariés" in problem


def test_nobody_present_is_not_paritaire() -> None:
    problem = attendance.parity_problem(
        [attendee(Side.EMPLOYER, False), attendee(Side.EMPLOYEE, False)]
    )
    assert problem is not None


def test_a_dossiers_panel_leaves_out_the_absent_and_counts_the_present_after_recusal() -> None:
    dossier_id = uuid.uuid4()
    employer, absent_employer = attendee(Side.EMPLOYER, True), attendee(Side.EMPLOYER, False)
    employee, recused_employee = attendee(Side.EMPLOYEE, True), attendee(Side.EMPLOYEE, True)
    attendees = [employer, absent_employer, employee, recused_employee]

    # The absent employer is not on the panel; one of each side remains after the recusal
    built = panel.build_panel(
        dossier_id, attendees, {(recused_employee.member.id, dossier_id): "organisme"}
    )
    assert built.member_ids == {employer.member.id, employee.member.id}
    assert built.problem is None

    # Recusing the only present employer leaves no employer: the absent one does not stand in
    broken = panel.build_panel(dossier_id, attendees, {(employer.member.id, dossier_id): "voisin"})
    assert employer.member.id not in broken.member_ids
    assert absent_employer.member.id not in broken.member_ids
    assert broken.problem is not None
    assert "restent 0 représentant(s) des employeurs et 2 des salariés" in broken.problem


async def mark(
    session: AsyncSession, admin: Actor, jury_id: uuid.UUID, member: JuryMember, present: bool
) -> None:
    async with as_actor(session, admin):
        await attendance.record_attendance(session, admin, jury_id, member.id, present)


async def test_a_session_with_an_employers_representative_marked_absent_opens_one_to_one(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    # Given a session convening two of each side
    jury = await convened(db_session, platform_admin, registry, members)
    # When one employer and one employee attend, the other employer is marked absent
    await mark(db_session, platform_admin, jury.id, members["employeur1"], True)
    await mark(db_session, platform_admin, jury.id, members["employeur2"], False)
    await mark(db_session, platform_admin, jury.id, members["salarie2"], True)
    # Then it opens: one present on each side
    async with as_actor(db_session, platform_admin):
        await attendance.open_session(db_session, platform_admin, jury.id)
    assert jury.status == SessionStatus.OPEN


async def test_a_session_whose_employers_representatives_are_all_absent_does_not_open(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    # Given a session convening two of each side
    jury = await convened(db_session, platform_admin, registry, members)
    # When both employers are marked absent (one had first been marked present)
    await mark(db_session, platform_admin, jury.id, members["employeur1"], True)
    await mark(db_session, platform_admin, jury.id, members["employeur1"], False)
    await mark(db_session, platform_admin, jury.id, members["employeur2"], False)
    await mark(db_session, platform_admin, jury.id, members["salarie1"], True)
    await mark(db_session, platform_admin, jury.id, members["salarie2"], False)
    # Then it does not open: no employer present against one employee
    async with as_actor(db_session, platform_admin):
        with pytest.raises(JuryError) as refused:
            await attendance.open_session(db_session, platform_admin, jury.id)
    assert refused.value.code == JuryErrorCode.NOT_PARITAIRE
    assert "0 représentant(s) des employeurs et 1 des salariés" in refused.value.message
    assert jury.status == SessionStatus.CONVENED
