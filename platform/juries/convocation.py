"""A member's convocation: the e-mail and its calendar event (iCalendar, RFC 5545).

The event is a ``METHOD:REQUEST`` invitation: one ``UID`` per session (a calendar that
receives the convocation again updates the same event), the sitting's local times in
``Europe/Paris`` (with its ``VTIMEZONE``, the EU summer-time rule), the place (or « à
distance »), Certif'Pro's convener as ``ORGANIZER`` and the member as ``ATTENDEE``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import icalendar

from clea_platform.db.base import utcnow
from clea_platform.juries.models import JurySession
from clea_platform.mail.service import SENDER, Attachment

TIMEZONE = "Europe/Paris"
PRODUCT = "-//Certif'Pro//Plateforme CleA//FR"
CALENDAR_TYPE = "text/calendar; method=REQUEST; charset=UTF-8"


@dataclass(frozen=True, slots=True)
class Convocation:
    subject: str
    body: str
    attachment: Attachment


def event_uid(jury_session: JurySession) -> str:
    return f"jury-session-{jury_session.id}@clea.invalid"


def where(jury_session: JurySession) -> str:
    return "à distance" if jury_session.remote else jury_session.place


def _paris_timezone() -> icalendar.Timezone:
    """Europe/Paris as RFC 5545 describes it: CET, CEST from the last Sunday of March to
    the last Sunday of October."""
    timezone = icalendar.Timezone()
    timezone.add("tzid", TIMEZONE)
    for kind, name, start, offsets, month in (
        (icalendar.TimezoneDaylight, "CEST", dt.datetime(1970, 3, 29, 2), (1, 2), 3),
        (icalendar.TimezoneStandard, "CET", dt.datetime(1970, 10, 25, 3), (2, 1), 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", dt.timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone.add_component(part)
    return timezone


def calendar_event(
    jury_session: JurySession,
    *,
    attendee_email: str,
    attendee_name: str,
    organizer_email: str | None,
    organizer_name: str,
) -> bytes:
    """The session as an iCalendar invitation for one member."""
    paris = zoneinfo.ZoneInfo(TIMEZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    calendar.add_component(_paris_timezone())
    event = icalendar.Event()
    event.add("uid", event_uid(jury_session))
    event.add("sequence", 0)
    event.add("dtstamp", utcnow())
    event.add("dtstart", dt.datetime.combine(jury_session.held_on, jury_session.starts_at, paris))
    event.add("dtend", dt.datetime.combine(jury_session.held_on, jury_session.ends_at, paris))
    event.add("summary", f"Jury paritaire : {jury_session.title}")
    event.add("location", "À distance" if jury_session.remote else jury_session.place)
    event.add(
        "description",
        "Les dossiers à examiner sont consultables sur la plateforme CléA, rubrique « Mes "
        "sessions de jury ».",
    )
    organizer = icalendar.vCalAddress(f"mailto:{organizer_email or SENDER.addr_spec}")
    organizer.params["cn"] = icalendar.vText(organizer_name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = icalendar.vText(attendee_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content


def convocation(
    jury_session: JurySession,
    *,
    attendee_email: str,
    attendee_name: str,
    organizer_email: str | None,
    organizer_name: str,
) -> Convocation:
    day = f"{jury_session.held_on:%d/%m/%Y}"
    hours = f"de {jury_session.starts_at:%H:%M} à {jury_session.ends_at:%H:%M}"
    return Convocation(
        subject=f"Convocation : {jury_session.title} le {day}",
        body=(
            f"Bonjour,\n\nVous êtes convoqué(e) au jury « {jury_session.title} » le {day} "
            f"{hours} (heure de Paris, {where(jury_session)}). Les dossiers à examiner sont "
            "consultables sur la plateforme CléA, rubrique « Mes sessions de jury ».\n\n"
            "L'invitation jointe (convocation.ics) ajoute la séance à votre agenda.\n"
        ),
        attachment=Attachment(
            filename="convocation.ics",
            content_type=CALENDAR_TYPE,
            content=calendar_event(
                jury_session,
                attendee_email=attendee_email,
                attendee_name=attendee_name,
                organizer_email=organizer_email,
                organizer_name=organizer_name,
            ),
        ),
    )
