"""A paritaire session over GraphQL: convened, attended, decided with a recusal, closed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.dossiers.conftest import LEA
from tests.jobs.conftest import letters, run_queued_jobs
from tests.juries.conftest import ready_dossier
from tests.schema.identity.conftest import LoggedIn, create_user, delivered, post
from tests.schema.pathway.operations import ACCREDITED_DEMO_SITES

TODAY = dt.date.today()
ADD_MEMBER = """
mutation ($input: AddJuryMemberInput!) {
  addJuryMember(input: $input) { member { id fullName side } errors { code field message } }
}
"""
SESSION_FIELDS = """
  id status parityProblem certificatesTotal certificatesIssued issuanceError minutesUrl
  issuanceStatus issuanceFailures { dossierId message } issuanceRuns
  attendees { memberId fullName present }
"""
CONVENE = f"""
mutation ($input: ConveneJurySessionInput!) {{
  conveneJurySession(input: $input) {{ session {{ {SESSION_FIELDS} }} errors {{ code message }} }}
}}
"""
ATTEND = f"""
mutation ($input: RecordJuryAttendanceInput!) {{
  recordJuryAttendance(input: $input) {{ session {{ {SESSION_FIELDS} }} errors {{ code }} }}
}}
"""
OPEN = f"""
mutation ($id: ID!) {{
  openJurySession(input: {{id: $id}}) {{ session {{ {SESSION_FIELDS} }} errors {{ code message }} }}
}}
"""
AGENDA_ADD = """
mutation ($input: AddToJuryAgendaInput!) {
  addToJuryAgenda(input: $input) { session { id } errors { code field message } }
}
"""
AGENDA = """
query ($id: ID!) { juryAgenda(sessionId: $id) {
  dossierId holderName organisationName myRecusal recusals { reason } decision { outcome } } }
"""
DOSSIER = """
query ($s: ID!, $d: ID!) { juryDossier(sessionId: $s, dossierId: $d) {
  __typename
  ... on JuryDossier { holderName recusal evaluations { kind results } trainingHoursDone }
} }
"""
DECIDE = """
mutation ($input: DecideJuryDossierInput!) {
  decideJuryDossier(input: $input) { decision { outcome frozen } errors { code message } }
}
"""
CONFLICT = """
mutation ($input: DeclareJuryConflictInput!) {
  declareJuryConflict(input: $input) { session { id } errors { code message } }
}
"""
CLOSE = f"""
mutation ($id: ID!) {{
  closeJurySession(input: {{id: $id}}) {{
    session {{ {SESSION_FIELDS} }} errors {{ code message }}
  }}
}}
"""
SESSION = f"""
query ($id: ID!) {{ jurySession(id: $id) {{
  __typename ... on JurySession {{ {SESSION_FIELDS} }} ... on NotFound {{ message }}
}} }}
"""
RETRY = f"""
mutation ($id: ID!) {{
  retryCertificateIssuance(input: {{id: $id}}) {{
    session {{ {SESSION_FIELDS} }} errors {{ code message }}
  }}
}}
"""


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


async def greta_ready_dossier(settings: Settings, registry: CertificationRegistry) -> uuid.UUID:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            async with cross_tenant_reads(session, "tests"):
                greta = await session.scalar(
                    select(Organisation).where(Organisation.slug == "greta-demo-paris")
                )
                assert greta is not None
                site = await session.scalar(
                    select(Site)
                    .where(Site.siret.in_(ACCREDITED_DEMO_SITES))
                    .where(Site.organisation_id == greta.id)
                )
                users = {
                    u.email: u.id
                    for u in await session.scalars(
                        select(User).where(User.email.like("%@greta-demo.fr"))
                    )
                }
            assert site is not None
            adviser = Actor(
                label="conseiller",
                user_id=users["conseiller@greta-demo.fr"],
                organisation_id=greta.id,
                roles=frozenset({"adviser"}),
            )
            evaluator = Actor(
                label="evaluatrice",
                user_id=users["evaluatrice@greta-demo.fr"],
                organisation_id=greta.id,
                roles=frozenset({"evaluator"}),
            )
            # committed: a candidate of its own, not Léa Durand (see tests/jobs/conftest.py)
            dossier = await ready_dossier(
                session,
                adviser,
                evaluator,
                site,
                registry,
                person=dataclasses.replace(LEA, birth_name=f"Durand-{letters()}"),
            )
            return dossier.id
    finally:
        await engine.dispose()


async def test_a_paritaire_session_decides_with_a_recusal_and_closes(
    logged_in: LoggedIn, settings: Settings, registry: CertificationRegistry, app: Any
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    marker = uuid.uuid4().hex[:8]
    people = {
        "employeur": ("EMPLOYER", "MEDEF", []),
        "salarie": ("EMPLOYEE", "CFDT", []),
        "lie": ("EMPLOYEE", "FO", ["130025265"]),  # works with the Greta
        "employeur2": ("EMPLOYER", "U2P", []),
    }
    ids: dict[str, str] = {}
    for key, (side, body, affiliations) in people.items():
        email = f"{key}-{marker}@jury.example.fr"
        await create_user(settings, email, full_name=key.capitalize())
        added = data(
            await post(
                certifpro,
                ADD_MEMBER,
                input={"email": email, "fullName": key, "side": side, "body": body,
                       "region": "Île-de-France", "certificationCodes": ["CLEA"],
                       "affiliations": affiliations},
            )
        )["addJuryMember"]  # fmt: skip
        assert added["errors"] == []
        ids[key] = added["member"]["id"]
    convened = data(
        await post(
            certifpro,
            CONVENE,
            input={"title": f"Jury {marker}", "certificationCodes": ["CLEA"],
                   "region": "Île-de-France", "heldOn": str(TODAY), "place": "Paris",
                   "memberIds": list(ids.values())},
        )
    )["conveneJurySession"]["session"]  # fmt: skip
    session_id = convened["id"]
    assert convened["parityProblem"] is not None

    # The invitations' delivery writes too: SQLite takes one writer at a time
    await delivered(app)
    dossier_id = str(await greta_ready_dossier(settings, registry))
    assert (
        data(
            await post(
                certifpro, AGENDA_ADD, input={"sessionId": session_id, "dossierIds": [dossier_id]}
            )
        )["addToJuryAgenda"]["errors"]
        == []
    )

    # Not paritaire yet: one employer present only
    data(await post(certifpro, ATTEND, input={"sessionId": session_id, "memberId": ids["employeur"],
                                              "present": True}))  # fmt: skip
    refused = data(await post(certifpro, OPEN, id=session_id))["openJurySession"]
    assert refused["errors"][0]["code"] == "NOT_PARITAIRE"
    for key in ("salarie", "lie", "employeur2"):
        data(await post(certifpro, ATTEND, input={"sessionId": session_id, "memberId": ids[key],
                                                  "present": True}))  # fmt: skip
    opened = data(await post(certifpro, OPEN, id=session_id))["openJurySession"]
    assert opened["session"]["status"] == "OPEN"

    # The affiliated member is recused: name only, no vote
    linked = await logged_in(f"lie-{marker}@jury.example.fr")
    (entry,) = data(await post(linked, AGENDA, id=session_id))["juryAgenda"]
    assert "organisme évaluateur" in entry["myRecusal"]
    seen = data(await post(linked, DOSSIER, s=session_id, d=dossier_id))["juryDossier"]
    assert seen["evaluations"] == []
    vote = data(await post(linked, DECIDE, input={"sessionId": session_id, "dossierId": dossier_id,
                                                  "outcome": "CERTIFIED"}))  # fmt: skip
    assert vote["decideJuryDossier"]["errors"][0]["code"] == "RECUSED"

    # Another member reads the results; the recusal leaves two employers for one employee:
    # the dossier cannot be decided until an employer withdraws from it
    member = await logged_in(f"salarie-{marker}@jury.example.fr")
    seen = data(await post(member, DOSSIER, s=session_id, d=dossier_id))["juryDossier"]
    assert len(seen["evaluations"][0]["results"]) == 107
    unbalanced = data(await post(member, DECIDE, input={"sessionId": session_id,
                                                        "dossierId": dossier_id,
                                                        "outcome": "CERTIFIED"}))  # fmt: skip
    (problem,) = unbalanced["decideJuryDossier"]["errors"]
    assert problem["code"] == "NOT_PARITAIRE_FOR_DOSSIER"
    assert "Jury non paritaire pour ce dossier" in problem["message"]
    withdrawing = await logged_in(f"employeur2-{marker}@jury.example.fr")
    withdrawal = {"sessionId": session_id, "dossierId": dossier_id, "reason": "Déport"}
    withdrawn = data(await post(withdrawing, CONFLICT, input=withdrawal))
    assert withdrawn["declareJuryConflict"]["errors"] == []
    decided = data(await post(member, DECIDE, input={"sessionId": session_id,
                                                     "dossierId": dossier_id,
                                                     "outcome": "CERTIFIED"}))  # fmt: skip
    assert decided["decideJuryDossier"] == {
        "decision": {"outcome": "CERTIFIED", "frozen": False},
        "errors": [],
    }

    # An organisation reads nothing of the session
    greta = await logged_in("admin@greta-demo.fr")
    assert data(await post(greta, SESSION, id=session_id))["jurySession"] == {
        "__typename": "NotFound",
        "message": "Session de jury introuvable.",
    }
    assert data(await post(greta, AGENDA, id=session_id))["juryAgenda"] == []

    # Closing freezes it; the certificate is issued by a background job
    closed = data(await post(certifpro, CLOSE, id=session_id))["closeJurySession"]["session"]
    assert closed["status"] == "CLOSED"
    assert closed["certificatesTotal"] == 1
    assert closed["issuanceStatus"] == "PENDING"
    await run_queued_jobs(settings, registry)
    current = data(await post(certifpro, SESSION, id=session_id))["jurySession"]
    assert current["issuanceError"] == ""
    assert current["issuanceStatus"] == "DONE"
    assert current["issuanceFailures"] == []
    assert current["certificatesIssued"] == 1
    # Nothing is missing: a retry leaves the session as it is
    retried = data(await post(certifpro, RETRY, id=session_id))["retryCertificateIssuance"]
    assert retried["session"]["issuanceStatus"] == "DONE"
    minutes = await certifpro.get(current["minutesUrl"])
    assert minutes.status_code == 200
    assert minutes.content.startswith(b"%PDF")
    assert (await greta.get(current["minutesUrl"])).status_code == 404
    late = data(
        await post(
            member,
            DECIDE,
            input={
                "sessionId": session_id,
                "dossierId": dossier_id,
                "outcome": "NOT_CERTIFIED",
                "reason": "x",
            },
        )
    )
    assert late["decideJuryDossier"]["errors"][0]["code"] == "INVALID_STATE"
