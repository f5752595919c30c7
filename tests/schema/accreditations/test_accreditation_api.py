"""A campaign from creation to a new organisation's accreditation, over GraphQL and HTTP."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx

from tests.accreditations.conftest import MINIMAL_PDF
from tests.conftest import new_client
from tests.isolation.helpers import random_siren, random_siret
from tests.schema.identity.conftest import LoggedIn, SmtpInbox, delivered, post

TODAY = dt.date.today()
UPLOAD_HEADERS = {"X-Requested-With": "tests", "Content-Type": "application/pdf"}

CREATE_CAMPAIGN = """
mutation ($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign { id title isOpen requiredDocuments { key mandatory } }
    errors { code field message }
  }
}
"""
REQUEST = """
mutation ($input: RequestAccreditationInput!) {
  requestAccreditation(input: $input) { organisationName errors { code field message } }
}
"""
ACCEPT_INVITATION = """
mutation ($t: String!) {
  acceptInvitation(input: {token: $t, fullName: "Inès Morel", password: "Habilitation-2026-ok"}) {
    viewer { activeOrganisation { status } activeRoles } errors { code message }
  }
}
"""
APPLICATION_FIELDS = """
  id status revision sites { siret evaluators { email } }
  documents { requirementKey filename size downloadUrl }
  missing { field message } timeline { toStatus message }
"""
START = f"""
mutation ($id: ID!) {{
  startApplication(input: {{campaignId: $id}}) {{
    application {{ {APPLICATION_FIELDS} }} errors {{ code field message }}
  }}
}}
"""
SAVE = f"""
mutation ($input: SaveApplicationInput!) {{
  saveApplication(input: $input) {{
    application {{ {APPLICATION_FIELDS} }} errors {{ code field message }}
  }}
}}
"""
SUBMIT = f"""
mutation ($id: ID!, $revision: Int!) {{
  submitApplication(input: {{applicationId: $id, revision: $revision}}) {{
    application {{ {APPLICATION_FIELDS} }} errors {{ code field message }}
  }}
}}
"""
APPLICATION = f"""
query ($id: ID!) {{ application(id: $id) {{
  __typename ... on Application {{ {APPLICATION_FIELDS} }} ... on NotFound {{ message }}
}} }}
"""
REVIEW = """
mutation ($id: ID!) {
  startApplicationReview(input: {applicationId: $id}) {
    application { status } errors { code message }
  }
}
"""
COMPLEMENT = """
mutation ($id: ID!) {
  requestApplicationComplement(input: {applicationId: $id, message: "Joindre un Qualiopi lisible."})
  { application { status } errors { code message } }
}
"""
ACCEPT = """
mutation ($id: ID!) {
  acceptApplication(input: {applicationId: $id, message: "Bienvenue."})
  { application { status } errors { code message } }
}
"""
ACCREDITATIONS = "{ accreditations { certificationCode siret isValid evaluators { email } } }"
CREATE_SITE = """
mutation ($input: CreateSiteInput!) { createSite(input: $input) { errors { code field message } } }
"""
DIRECTORY = """
query ($postalCode: String!) {
  evaluatorDirectory(postalCode: $postalCode, certificationCode: "CLEA") {
    totalCount edges { node { organisationName siteName contactEmail certificationCodes } }
  }
}
"""


def campaign_input(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "certificationCodes": ["CLEA", "CLEA_NUMERIQUE"],
        "opensOn": str(TODAY - dt.timedelta(days=1)),
        "closesOn": str(TODAY + dt.timedelta(days=30)),
        "accreditationStartsOn": str(TODAY),
        "accreditationEndsOn": str(TODAY + dt.timedelta(days=3 * 365)),
        "requiredDocuments": [
            {"label": "Certificat Qualiopi"},
            {"label": "Annexe", "mandatory": False},
        ],
        "applicationFeeCents": 30000,
        "siteFeeCents": 15000,
    }


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


async def test_a_new_organisation_is_accredited_through_a_campaign(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox
) -> None:
    # Certif'Pro opens a campaign
    certifpro = await logged_in("admin@certifpro.demo")
    created = data(await post(certifpro, CREATE_CAMPAIGN, input=campaign_input("Campagne API")))
    campaign = created["createCampaign"]["campaign"]
    assert campaign["isOpen"] is True

    # A new organisation asks for accreditation on the public form, and its admin joins
    siren = random_siren()
    siret = random_siret(siren)
    async with new_client(app) as anonymous:
        wrong = data(
            await post(
                anonymous,
                REQUEST,
                input={
                    "organisationName": "",
                    "siren": "123",
                    "adminFullName": "Inès Morel",
                    "adminEmail": "ines@formations-rhone.fr",
                },
            )
        )["requestAccreditation"]
        assert {e["field"] for e in wrong["errors"]} == {"organisationName", "siren"}
        asked = data(
            await post(
                anonymous,
                REQUEST,
                input={
                    "organisationName": "Formations du Rhône",
                    "siren": siren,
                    "adminFullName": "Inès Morel",
                    "adminEmail": f"ines-{siren}@exemple.fr",
                },
            )
        )["requestAccreditation"]
        assert asked == {"organisationName": "Formations du Rhône", "errors": []}
    await delivered(app)
    (message,) = smtp.to(f"ines-{siren}@exemple.fr")
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    token = re.search(r"/invitation\?token=([\w-]+)", body).group(1)  # type: ignore[union-attr]
    applicant = new_client(app)
    try:
        joined = data(await post(applicant, ACCEPT_INVITATION, t=token))["acceptInvitation"]
        assert joined["viewer"]["activeOrganisation"]["status"] == "PENDING"

        # It starts its application, saves a draft, uploads the PDF, submits
        started = data(await post(applicant, START, id=campaign["id"]))["startApplication"]
        application = started["application"]
        assert application["status"] == "DRAFT"
        site = {
            "siret": siret, "name": "Formations du Rhône", "addressLine": "10 cours Gambetta",
            "postalCode": "69003", "city": "Lyon", "region": "Auvergne-Rhône-Alpes",
            "contactEmail": "contact@formations-rhone.fr",
            "evaluators": [{"fullName": "Paul Girard", "email": f"paul-{siren}@exemple.fr",
                            "qualifications": "Évaluateur CléA"}],
        }  # fmt: skip
        declarations = ["accuracy", "quality", "independence", "referentiel"]
        save_input = {"applicationId": application["id"], "revision": application["revision"],
                      "sites": [site], "declarations": declarations,
                      "idempotencyKey": f"save-{siren}"}  # fmt: skip
        saved = data(await post(applicant, SAVE, input=save_input))["saveApplication"]
        assert saved["errors"] == []
        revision = saved["application"]["revision"]
        # The same request again (its answer was lost): the first answer, not a conflict
        retried = data(await post(applicant, SAVE, input=save_input))["saveApplication"]
        assert retried["errors"] == []
        assert retried["application"]["revision"] == revision
        too_long = data(
            await post(applicant, SAVE, input={**save_input, "idempotencyKey": "k" * 101})
        )["saveApplication"]
        assert [(e["code"], e["field"]) for e in too_long["errors"]] == [
            ("INVALID", "idempotencyKey")
        ]
        assert [m["field"] for m in saved["application"]["missing"]] == [
            "documents.certificat-qualiopi"
        ]
        stale = data(
            await post(applicant, SAVE, input={"applicationId": application["id"],
                                               "revision": revision - 1, "sites": []})
        )["saveApplication"]  # fmt: skip
        assert stale["errors"][0]["code"] == "STALE_REVISION"
        url = f"/accreditation-applications/{application['id']}/documents/certificat-qualiopi"
        refused = await applicant.put(url, content=b"not a pdf", headers=UPLOAD_HEADERS)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["code"] == "NOT_A_PDF"
        no_csrf = await applicant.put(url, content=MINIMAL_PDF)
        assert no_csrf.status_code == 403
        uploaded = await applicant.put(
            url, content=MINIMAL_PDF, headers={**UPLOAD_HEADERS, "X-Filename": "qualiopi%20v2.pdf"}
        )
        assert uploaded.status_code == 201
        assert uploaded.json()["filename"] == "qualiopi v2.pdf"
        submitted = data(await post(applicant, SUBMIT, id=application["id"], revision=revision))[
            "submitApplication"
        ]
        assert submitted["errors"] == []
        assert submitted["application"]["status"] == "SUBMITTED"
        await delivered(app)

        # Another organisation sees nothing of it
        greta = await logged_in("admin@greta-demo.fr")
        assert data(await post(greta, APPLICATION, id=application["id"]))["application"] == {
            "__typename": "NotFound",
            "message": "Candidature introuvable.",
        }
        assert (await greta.get(url)).status_code == 404
        assert "FORBIDDEN" in str(await post(greta, REVIEW, id=application["id"]))

        # Certif'Pro reviews, asks for a complement, and accepts the resubmission
        downloaded = await certifpro.get(url)
        assert downloaded.status_code == 200
        assert downloaded.content == MINIMAL_PDF
        for step in (REVIEW, COMPLEMENT):
            answer = data(await post(certifpro, step, id=application["id"]))
            assert next(iter(answer.values()))["errors"] == []
        # Each step that mails is delivered before the next write: SQLite has one writer
        await delivered(app)
        current = data(await post(applicant, APPLICATION, id=application["id"]))["application"]
        assert current["status"] == "COMPLEMENT_REQUESTED"
        assert current["timeline"][-1]["message"] == "Joindre un Qualiopi lisible."
        resubmitted = data(
            await post(applicant, SUBMIT, id=application["id"], revision=current["revision"])
        )["submitApplication"]
        assert resubmitted["errors"] == []
        await delivered(app)
        data(await post(certifpro, REVIEW, id=application["id"]))
        accepted = data(await post(certifpro, ACCEPT, id=application["id"]))["acceptApplication"]
        assert accepted == {"application": {"status": "ACCEPTED"}, "errors": []}
        await delivered(app)

        # Its admin, whose session was resolved (and cached) while pending, acts at once as
        # the admin of an active organisation.
        viewer = data(await post(applicant, "{ viewer { activeOrganisation { status } } }"))
        assert viewer["viewer"]["activeOrganisation"]["status"] == "ACTIVE"
        other_siret = next(s for s in iter(lambda: random_siret(siren), None) if s != siret)
        site_created = await post(
            applicant,
            CREATE_SITE,
            input={"name": "Formations du Rhône — Gerland", "siret": other_siret,
                   "addressLine": "5 rue de Gerland", "postalCode": "69007", "city": "Lyon",
                   "region": "Auvergne-Rhône-Alpes"},
        )  # fmt: skip
        assert data(site_created)["createSite"]["errors"] == []

        # The organisation now holds its accreditations, and the directory lists the site
        mine = data(await post(applicant, ACCREDITATIONS))["accreditations"]
        assert {(a["certificationCode"], a["siret"], a["isValid"]) for a in mine} == {
            ("CLEA", siret, True),
            ("CLEA_NUMERIQUE", siret, True),
        }
        async with new_client(app) as anonymous:
            found = data(await post(anonymous, DIRECTORY, postalCode="69003"))
        names = [e["node"]["organisationName"] for e in found["evaluatorDirectory"]["edges"]]
        assert "Formations du Rhône" in names

        # Certif'Pro's registry export lists it; the organisation may not export
        registry = await certifpro.get("/exports/accreditations.csv")
        assert registry.status_code == 200
        assert siret in registry.text
        assert (await applicant.get("/exports/accreditations.csv")).status_code == 403
        fees = await certifpro.get(f"/exports/fees.csv?du={TODAY}&au={TODAY}")
        assert "Formations du Rhône" in fees.text
        assert (await certifpro.get("/exports/fees.csv?du=demain")).status_code == 400
    finally:
        await applicant.aclose()


async def test_a_tenant_cannot_create_campaigns_or_review(logged_in: LoggedIn) -> None:
    greta = await logged_in("admin@greta-demo.fr")
    body = await post(greta, CREATE_CAMPAIGN, input=campaign_input("Pirate"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_invalid_campaign_names_its_fields(logged_in: LoggedIn) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    wrong = {**campaign_input(""), "closesOn": str(TODAY - dt.timedelta(days=10))}
    errors = data(await post(certifpro, CREATE_CAMPAIGN, input=wrong))["createCampaign"]["errors"]
    assert {e["field"] for e in errors} == {"title", "closesOn"}


async def test_the_public_directory_needs_no_login(app: Any, demo: None) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as anonymous:
        found = data(await post(anonymous, DIRECTORY, postalCode="75"))
    # Other tests accredit organisations in Paris too: the demo's Greta among them.
    emails = {
        edge["node"]["organisationName"]: edge["node"]["contactEmail"]
        for edge in found["evaluatorDirectory"]["edges"]
    }
    assert emails["Greta démo Paris Centre"] == "accueil@greta-demo.fr"
