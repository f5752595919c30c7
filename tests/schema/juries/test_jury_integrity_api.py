"""Jury integrity over the API: convocations by e-mail with their calendar event, the
conflict error showing the earlier decision, minutes frozen at closing, the organisation's
view of its decisions (never the internal comment, never another organisation's)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

import httpx
import icalendar
from sqlalchemy import select

from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.jobs.conftest import run_queued_jobs
from tests.schema.identity.conftest import LoggedIn, SmtpInbox, create_user, delivered, post
from tests.schema.juries.test_jury_api import (
    AGENDA_ADD,
    ATTEND,
    CLOSE,
    CONVENE,
    OPEN,
    SESSION,
    data,
    greta_ready_dossier,
)

TODAY = dt.date.today()
GRETA_SIREN = "130025265"
ADD_MEMBER = """
mutation ($input: AddJuryMemberInput!) {
  addJuryMember(input: $input) { member { id } errors { code message } }
}
"""
UPDATE_MEMBER = """
mutation ($input: UpdateJuryMemberInput!) {
  updateJuryMember(input: $input) { member { affiliations } errors { code message } }
}
"""
DECISION_FIELDS = """
  id outcome revision recordedBy presidedBy { fullName } presentMembers { fullName }
  internalComment candidateComment
"""
DECIDE = f"""
mutation ($input: DecideJuryDossierInput!) {{
  decideJuryDossier(input: $input) {{
    decision {{ {DECISION_FIELDS} }}
    errors {{ code field message earlierDecision {{ {DECISION_FIELDS} }} }}
  }}
}}
"""
DOSSIER_DECISIONS = """
query ($id: ID!) { dossierJuryDecisions(dossierId: $id) {
  outcome candidateComment organisationComment obtainedAtFirstEvaluation } }
"""
INTERNAL = """
query ($id: ID!) { dossierJuryDecisions(dossierId: $id) { internalComment } }
"""
MINUTES = """
query ($id: ID!) { jurySession(id: $id) { ... on JurySession {
  minutesDocuments { kind number sha256 url } } } }
"""


async def add_members(
    certifpro: httpx.AsyncClient, settings: Settings, marker: str
) -> dict[str, str]:
    ids: dict[str, str] = {}
    for key, side in (("employeur", "EMPLOYER"), ("salarie", "EMPLOYEE")):
        address = f"{key}-{marker}@jury.example.fr"
        await create_user(settings, address, full_name=f"{key.capitalize()} {marker}")
        added = data(
            await post(
                certifpro,
                ADD_MEMBER,
                input={"email": address, "fullName": f"{key.capitalize()} {marker}", "side": side,
                       "body": "Fédération", "region": "Île-de-France",
                       "certificationCodes": ["CLEA"]},
            )
        )["addJuryMember"]  # fmt: skip
        assert added["errors"] == [], added
        ids[key] = added["member"]["id"]
    return ids


async def opened_session(
    certifpro: httpx.AsyncClient,
    settings: Settings,
    registry: CertificationRegistry,
    app: Any,
    marker: str,
) -> tuple[str, dict[str, str], str]:
    ids = await add_members(certifpro, settings, marker)
    convened = data(
        await post(
            certifpro,
            CONVENE,
            input={"title": f"Jury {marker}", "certificationCodes": ["CLEA"],
                   "region": "Île-de-France", "heldOn": str(TODAY), "place": "Paris",
                   "memberIds": list(ids.values())},
        )
    )["conveneJurySession"]  # fmt: skip
    assert convened["errors"] == [], convened
    session_id = convened["session"]["id"]
    await delivered(app)
    dossier_id = str(await greta_ready_dossier(settings, registry))
    added = data(
        await post(
            certifpro, AGENDA_ADD, input={"sessionId": session_id, "dossierIds": [dossier_id]}
        )
    )["addToJuryAgenda"]
    assert added["errors"] == [], added
    for member_id in ids.values():
        data(await post(certifpro, ATTEND, input={"sessionId": session_id, "memberId": member_id,
                                                  "present": True}))  # fmt: skip
    assert data(await post(certifpro, OPEN, id=session_id))["openJurySession"]["errors"] == []
    return session_id, ids, dossier_id


async def test_convening_without_members_is_refused_and_saves_nothing(
    logged_in: LoggedIn,
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    title = f"Jury vide {uuid.uuid4().hex[:8]}"
    refused = data(
        await post(
            certifpro,
            CONVENE,
            input={"title": title, "certificationCodes": ["CLEA"], "region": "Île-de-France",
                   "heldOn": str(TODAY), "place": "Paris", "memberIds": []},
        )
    )["conveneJurySession"]  # fmt: skip
    assert refused["session"] is None
    assert [e["code"] for e in refused["errors"]] == ["NO_MEMBERS"]
    listed = data(await post(certifpro, "{ jurySessions { title } }"))["jurySessions"]
    assert title not in {s["title"] for s in listed}


async def test_the_convocation_reaches_the_smtp_server_with_its_calendar_event(
    logged_in: LoggedIn, settings: Settings, smtp: SmtpInbox, app: Any
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    marker = uuid.uuid4().hex[:8]
    ids = await add_members(certifpro, settings, marker)
    convened = data(
        await post(
            certifpro,
            CONVENE,
            input={"title": f"Jury {marker}", "certificationCodes": ["CLEA"],
                   "region": "Île-de-France", "heldOn": str(TODAY + dt.timedelta(days=7)),
                   "place": "Lille, salle 2", "startsAt": "14:00:00", "endsAt": "17:30:00",
                   "memberIds": [ids["salarie"]]},
        )
    )["conveneJurySession"]  # fmt: skip
    assert convened["errors"] == []
    await delivered(app)
    (message,) = [
        m
        for m in smtp.to(f"salarie-{marker}@jury.example.fr")
        if str(m["Subject"]).startswith("Convocation")
    ]
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    calendar = icalendar.Calendar.from_ical(payload)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"jury-session-{convened['session']['id']}@clea.invalid"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART").time() == dt.time(14, 0)
    assert event.decoded("DTEND").time() == dt.time(17, 30)
    assert str(event["LOCATION"]) == "Lille, salle 2"
    assert str(event["ORGANIZER"]) == "mailto:admin@certifpro.demo"


async def test_a_second_recording_shows_the_earlier_decision_and_keeps_it(
    logged_in: LoggedIn, settings: Settings, registry: CertificationRegistry, app: Any
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    marker = uuid.uuid4().hex[:8]
    session_id, _ids, dossier_id = await opened_session(certifpro, settings, registry, app, marker)
    employer = await logged_in(f"employeur-{marker}@jury.example.fr")
    employee = await logged_in(f"salarie-{marker}@jury.example.fr")
    first = data(
        await post(employer, DECIDE, input={"sessionId": session_id, "dossierId": dossier_id,
                                            "outcome": "CERTIFIED",
                                            "internalComment": "Très bon dossier."})
    )["decideJuryDossier"]  # fmt: skip
    assert first["errors"] == [], first
    assert first["decision"]["recordedBy"] == f"Employeur {marker}"
    assert first["decision"]["presidedBy"] == {"fullName": f"Employeur {marker}"}
    second = data(
        await post(employee, DECIDE, input={"sessionId": session_id, "dossierId": dossier_id,
                                            "outcome": "POSTPONED", "reason": "Pièce manquante."})
    )["decideJuryDossier"]  # fmt: skip
    assert second["decision"] is None
    (problem,) = second["errors"]
    assert problem["code"] == "STALE_REVISION"
    assert problem["earlierDecision"]["outcome"] == "CERTIFIED"
    assert problem["earlierDecision"]["recordedBy"] == f"Employeur {marker}"
    assert problem["earlierDecision"]["revision"] == first["decision"]["revision"]


async def test_the_minutes_downloaded_before_and_after_an_affiliation_change_are_identical(
    logged_in: LoggedIn, settings: Settings, registry: CertificationRegistry, app: Any
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    marker = uuid.uuid4().hex[:8]
    session_id, ids, dossier_id = await opened_session(certifpro, settings, registry, app, marker)
    employer = await logged_in(f"employeur-{marker}@jury.example.fr")
    decided = data(
        await post(employer, DECIDE, input={"sessionId": session_id, "dossierId": dossier_id,
                                            "outcome": "CERTIFIED",
                                            "candidateComment": "Félicitations.",
                                            "internalComment": "Très bon dossier."})
    )["decideJuryDossier"]  # fmt: skip
    assert decided["errors"] == []
    closed = data(await post(certifpro, CLOSE, id=session_id))["closeJurySession"]
    assert closed["errors"] == []
    url = closed["session"]["minutesUrl"]
    before = await certifpro.get(url)
    assert before.status_code == 200
    # The employee's representative declares an affiliation with the Greta afterwards: live,
    # they would now be recused from the dossier
    changed = data(
        await post(
            certifpro,
            UPDATE_MEMBER,
            input={"id": ids["salarie"], "email": f"salarie-{marker}@jury.example.fr",
                   "fullName": f"Salarie {marker}", "side": "EMPLOYEE", "body": "Fédération",
                   "region": "Île-de-France", "certificationCodes": ["CLEA"],
                   "affiliations": [GRETA_SIREN]},
        )
    )["updateJuryMember"]  # fmt: skip
    assert changed["errors"] == [], changed
    after = await certifpro.get(url)
    assert after.status_code == 200
    assert after.content == before.content
    (minutes,) = data(await post(certifpro, MINUTES, id=session_id))["jurySession"][
        "minutesDocuments"
    ]
    assert minutes["kind"] == "MINUTES"
    assert minutes["sha256"] == hashlib.sha256(after.content).hexdigest()

    # The organisation reads its decision, never the internal comment; another cannot
    greta = await logged_in("admin@greta-demo.fr")
    (seen,) = data(await post(greta, DOSSIER_DECISIONS, id=dossier_id))["dossierJuryDecisions"]
    assert seen == {
        "outcome": "CERTIFIED",
        "candidateComment": "Félicitations.",
        "organisationComment": "",
        "obtainedAtFirstEvaluation": True,
    }
    hidden = await post(greta, INTERNAL, id=dossier_id)
    assert "internalComment" in hidden["errors"][0]["message"]
    afpa = await logged_in("admin@afpa-demo.fr")
    assert data(await post(afpa, DOSSIER_DECISIONS, id=dossier_id))["dossierJuryDecisions"] == []
    current = data(await post(certifpro, SESSION, id=session_id))["jurySession"]
    assert current["status"] == "CLOSED"


AMEND = """
mutation ($input: AmendJuryDecisionInput!) {
  amendJuryDecision(input: $input) { decision { outcome } errors { code message } }
}
"""


async def verification_code_of(settings: Settings, dossier_id: str) -> str:
    engine = create_engine_for(settings)
    try:
        async with (
            session_factory(engine).begin() as session,
            cross_tenant_reads(session, "tests"),
        ):
            code = await session.scalar(
                select(Certificate.verification_code).where(
                    Certificate.dossier_id == uuid.UUID(dossier_id)
                )
            )
    finally:
        await engine.dispose()
    assert code is not None, "no certificate issued"
    return code


async def test_an_amendment_revokes_the_certificate_and_the_verification_page_says_so(
    logged_in: LoggedIn, settings: Settings, registry: CertificationRegistry, app: Any
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    marker = uuid.uuid4().hex[:8]
    session_id, _ids, dossier_id = await opened_session(certifpro, settings, registry, app, marker)
    employer = await logged_in(f"employeur-{marker}@jury.example.fr")
    decided = data(
        await post(employer, DECIDE, input={"sessionId": session_id, "dossierId": dossier_id,
                                            "outcome": "CERTIFIED"})
    )["decideJuryDossier"]  # fmt: skip
    assert decided["errors"] == [], decided
    assert data(await post(certifpro, CLOSE, id=session_id))["closeJurySession"]["errors"] == []
    await run_queued_jobs(settings, registry)
    code = await verification_code_of(settings, dossier_id)
    valid = await certifpro.get(f"/verify/{code}")
    assert valid.status_code == 200
    assert "Certificat valide" in valid.text

    reason = f"Fraude établie lors de l’évaluation {marker}."
    amended = data(
        await post(certifpro, AMEND, input={"decisionId": decided["decision"]["id"],
                                            "outcome": "NOT_CERTIFIED", "reason": reason,
                                            "criteriaAtIssue": ["1"]})
    )["amendJuryDecision"]  # fmt: skip
    assert amended["errors"] == [], amended
    assert amended["decision"]["outcome"] == "NOT_CERTIFIED"

    revoked = await certifpro.get(f"/verify/{code}")
    assert revoked.status_code == 200
    assert "Certificat retiré" in revoked.text
    assert reason in revoked.text
