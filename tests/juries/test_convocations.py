"""Sessions are convened with members, each receiving a convocation with its calendar event."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import icalendar
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.errors import InvalidFormError
from clea_platform.juries import sessions
from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.models import JuryMember
from clea_platform.mail.service import build_message
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.juries.conftest import TODAY, as_actor
from tests.juries.helpers import mail_to


def session_input(**changes: object) -> sessions.SessionInput:
    values: dict[str, object] = {
        "title": "Jury CléA Île-de-France",
        "certification_codes": ["CLEA"],
        "region": "Île-de-France",
        "held_on": TODAY,
        "place": "Paris, Tour Certif'Pro, salle 4",
    }
    return sessions.SessionInput(**{**values, **changes})  # type: ignore[arg-type]


async def test_a_session_cannot_be_convened_without_a_member(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    async with as_actor(db_session, platform_admin):
        with pytest.raises(InvalidFormError) as refused:
            await sessions.convene(
                db_session, platform_admin, registry, session_input(), today=TODAY
            )
        titles = {s.title for s in await sessions.list_sessions(db_session)}
    assert "Jury CléA Île-de-France" not in titles
    (problem,) = refused.value.errors
    assert problem.code == JuryErrorCode.NO_MEMBERS
    assert problem.field == "memberIds"


async def test_a_session_ends_after_it_starts(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    async with as_actor(db_session, platform_admin):
        with pytest.raises(InvalidFormError) as refused:
            await sessions.convene(
                db_session, platform_admin, registry,
                session_input(member_ids=[members["employeur1"].id], starts_at=dt.time(14),
                              ends_at=dt.time(10)),
                today=TODAY,
            )  # fmt: skip
    assert [p.field for p in refused.value.errors] == ["endsAt"]


async def test_each_member_is_convened_by_an_email_with_an_icalendar_invitation(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    held_on = TODAY + dt.timedelta(days=30)
    async with as_actor(db_session, platform_admin):
        jury = await sessions.convene(
            db_session, platform_admin, registry,
            session_input(member_ids=[m.id for m in members.values()], held_on=held_on,
                          starts_at=dt.time(9, 30), ends_at=dt.time(12, 45)),
            today=TODAY,
        )  # fmt: skip
    (outbox,) = [
        m
        for m in await mail_to(db_session, "employeur1@jury.example.fr")
        if m.subject.startswith("Convocation")
    ]
    message = email.message_from_bytes(
        build_message(outbox).as_bytes(), policy=email.policy.default
    )
    assert "09:30" in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    (attachment,) = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "convocation.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"jury-session-{jury.id}@clea.invalid"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Paris"
    assert (start.date(), start.time(), end.time()) == (held_on, dt.time(9, 30), dt.time(12, 45))
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(event["LOCATION"]) == "Paris, Tour Certif'Pro, salle 4"
    assert str(event["ORGANIZER"]) == "mailto:admin@certifpro.demo"
    assert str(event["ATTENDEE"]) == "mailto:employeur1@jury.example.fr"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Paris"
