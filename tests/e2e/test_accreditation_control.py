"""Control of an accredited organisation, from signalement to suspension, in Chromium (#19).

Setup over the GraphQL API: Certif'Pro opens a CléA campaign accepting evaluation; a new
organisation asks for access, applies with one site and a named evaluator, is accepted and
opens a dossier (it may). Then, in the browser:

- Certif'Pro finds the organisation (« Organismes » → « Contrôle »), records a complaint
  against its site and opens a procedure with the grievances; the organisation's admin is
  mailed the deadline;
- the organisation's admin reads the procedure on « Habilitations » with its deadline
  (15 days, the campaign's default), joins a PDF and sends the reply;
- Certif'Pro reads the reply and its document and suspends CléA at the site for a month,
  with its reasons;
- the suspended organisation is refused a new dossier (``NOT_ACCREDITED``, « suspendue
  jusqu'au … »), as docs/accreditations.md, « Suspension », says.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import time
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.e2e.accreditation_setup import PASSWORD, NewOrganisation, accredited_organisation
from tests.e2e.api_setup import DEMO_PASSWORD, graphql, interviewed
from tests.e2e.test_accreditation_campaign import (
    browser_context,
    log_in,
    minimal_pdf,
)
from tests.e2e.widgets import choose, no_accessibility_violations

pytestmark = pytest.mark.e2e

ORGANISATION = "Évaluations du Contrôle E2E"
ADMIN = ("Rémi Caron", "remi.caron@controle-e2e.fr")
CERTIFPRO_ADMIN = "admin@certifpro.demo"
SITE_NAME = "Évaluations du Contrôle — Nanterre"


def mail_to(data_dir: Path, recipient: str, subject_start: str, timeout_s: float = 20) -> str:
    """The body of the last e-mail to ``recipient`` whose subject starts so."""
    deadline = time.monotonic() + timeout_s
    while True:
        for path in sorted((data_dir / "mail").glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == recipient and str(message["Subject"]).startswith(subject_start):
                body = message.get_body(preferencelist=("plain",))
                assert body is not None
                return str(body.get_content())
        assert time.monotonic() < deadline, f"no « {subject_start} » mail to {recipient}"
        time.sleep(0.5)


async def evaluating_organisation(server_url: str, data_dir: Path) -> None:
    """The new organisation, accredited for CléA evaluation at one site."""
    accredited = await accredited_organisation(
        server_url,
        data_dir,
        NewOrganisation(
            name=ORGANISATION,
            admin=ADMIN,
            scope="EVALUATION",
            campaign_title="Évaluateurs CléA contrôle E2E",
            site={
                "name": SITE_NAME,
                "addressLine": "12 rue des Écoles",
                "postalCode": "92000",
                "city": "Nanterre",
                "region": "Île-de-France",
                "contactEmail": "contact@controle-e2e.fr",
                "evaluators": [
                    {"fullName": ADMIN[0], "email": ADMIN[1], "qualifications": "Évaluateur CléA"}
                ],
            },
        ),
    )
    await accredited.admin.aclose()
    # The campaign's reply delay, the procedure's deadline below.
    assert accredited.campaign["replyDays"] == 15


async def open_a_dossier(server_url: str, birth_name: str) -> dict[str, object]:
    """The organisation's admin opens a CléA dossier for a new candidate (the payload)."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as admin:
        logged = await graphql(
            admin,
            "mutation ($e: String!, $p: String!) { login(input: {email: $e, password: $p})"
            " { errors { message } } }",
            e=ADMIN[1],
            p=PASSWORD,
        )
        assert logged["login"]["errors"] == [], logged
        site = (await graphql(admin, "{ sites { id } }"))["sites"][0]["id"]
        created = await graphql(
            admin,
            "mutation ($n: String!) { createCandidate(input: { civility: MONSIEUR,"
            ' birthName: $n, firstNames: "Yanis", birthDate: "1990-04-05",'
            ' birthCountry: "France", birthCity: "Nanterre", statusAtRegistration: JOBSEEKER,'
            " educationLevel: CAP_BEP, confirmNotDuplicate: true})"
            " { candidate { id } errors { message } } }",
            n=birth_name,
        )
        assert created["createCandidate"]["errors"] == [], created
        candidate = created["createCandidate"]["candidate"]["id"]
        await interviewed(admin, candidate, "CLEA")
        opened = await graphql(
            admin,
            "mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,"
            ' certificationCode: "CLEA", siteId: $s, prescriberType: SELF,'
            " financing: CPF, consent: true}) { dossier { id } errors { code message } } }",
            c=candidate,
            s=site,
        )
    result: dict[str, object] = opened["openDossier"]
    return result


async def test_a_control_procedure_runs_from_signalement_to_suspension(
    browser: Browser, server_url: str, server_data_dir: Path, tmp_path: Path
) -> None:
    await evaluating_organisation(server_url, server_data_dir)
    before = await open_a_dossier(server_url, "Avant")
    assert before["errors"] == [], before
    today = dt.date.today()
    due = today + dt.timedelta(days=15)
    until = today + dt.timedelta(days=30)

    # --- 1. Certif'Pro records a complaint and opens a procedure
    async with browser_context(browser) as (_, certifpro):
        await log_in(certifpro, server_url, CERTIFPRO_ADMIN, DEMO_PASSWORD, "Camille Certif")
        await certifpro.goto(f"{server_url}/plateforme/organismes")
        await certifpro.get_by_role("searchbox", name="Rechercher").fill(ORGANISATION)
        await certifpro.get_by_role("link", name=f"Contrôle de {ORGANISATION}").click()
        await expect(
            certifpro.get_by_role("heading", name=f"Contrôle — {ORGANISATION}")
        ).to_be_visible()
        # The quality indicators, beside the national median
        quality = certifpro.get_by_role("table", name="Indicateurs qualité")
        await expect(quality.get_by_role("columnheader", name="Médiane nationale")).to_be_visible()
        await expect(quality.get_by_role("rowheader", name="Taux d'abandon")).to_be_visible()
        form = certifpro.get_by_role("region", name="Enregistrer un signalement")
        await choose(certifpro, form, "Origine", "Réclamation")
        await form.get_by_role("textbox", name="Description du signalement").fill(
            "Un candidat signale une évaluation sans mise en situation professionnelle."
        )
        await form.get_by_role("button", name="Enregistrer le signalement").click()
        signalement = certifpro.get_by_test_id("signalement").filter(
            has_text="sans mise en situation"
        )
        await signalement.get_by_role("button", name="Ouvrir une procédure").click()
        await signalement.get_by_role("textbox", name="Griefs notifiés à l’organisme").fill(
            "Évaluation menée sans mise en situation professionnelle."
        )
        await signalement.get_by_role(
            "button", name="Ouvrir la procédure et notifier l’organisme"
        ).click()
        procedure = certifpro.get_by_test_id("control-procedure")
        await expect(procedure).to_contain_text("En attente de réponse")
        await expect(procedure).to_contain_text(f"jusqu’au {due:%d/%m/%Y} inclus")
        await no_accessibility_violations(certifpro, "Contrôle d’un organisme")
    notice = mail_to(server_data_dir, ADMIN[1], "Ouverture d'une procédure de contrôle")
    assert f"{due:%d/%m/%Y}" in notice

    # --- 2. The organisation replies within the deadline, with a PDF
    reply_pdf = tmp_path / "grilles-signees.pdf"
    reply_pdf.write_bytes(minimal_pdf("Grilles signees"))
    async with browser_context(browser) as (_, admin):
        await log_in(admin, server_url, ADMIN[1], PASSWORD, ADMIN[0])
        await admin.goto(f"{server_url}/organisation/habilitations")
        card = admin.get_by_test_id("control-procedure")
        await expect(admin.get_by_test_id("reply-deadline")).to_contain_text(
            f"jusqu’au {due:%d/%m/%Y} inclus"
        )
        await card.get_by_label("Joindre une pièce (PDF, 10 Mo au plus)").set_input_files(reply_pdf)
        await expect(card.get_by_role("link", name="grilles-signees.pdf")).to_be_visible()
        await card.get_by_role("textbox", name="Votre réponse").fill(
            "Les grilles signées par les candidats montrent les mises en situation."
        )
        await no_accessibility_violations(admin, "Procédure de contrôle (organisme)")
        await card.get_by_role("button", name="Envoyer la réponse").click()
        await expect(card).to_contain_text("Réponse transmise")
        await expect(card).to_contain_text("Votre réponse du")

    # --- 3. Certif'Pro reads the reply and suspends CléA at the site for a month
    async with browser_context(browser) as (_, certifpro):
        await log_in(certifpro, server_url, CERTIFPRO_ADMIN, DEMO_PASSWORD, "Camille Certif")
        await certifpro.goto(f"{server_url}/plateforme/organismes")
        await certifpro.get_by_role("searchbox", name="Rechercher").fill(ORGANISATION)
        await certifpro.get_by_role("link", name=f"Contrôle de {ORGANISATION}").click()
        procedure = certifpro.get_by_test_id("control-procedure")
        await expect(procedure.get_by_test_id("control-reply")).to_contain_text("grilles signées")
        await expect(procedure.get_by_role("link", name="grilles-signees.pdf")).to_be_visible()
        await choose(certifpro, procedure, "Issue de la procédure", "Suspension")
        await procedure.get_by_role("textbox", name="Motifs de la décision").fill(
            "Mises en situation absentes sur trois dossiers contrôlés."
        )
        # Without its last day, the form refuses the suspension before sending it
        await procedure.get_by_role("button", name="Enregistrer la décision").click()
        await expect(procedure).to_contain_text("Indiquez la date de fin de la suspension.")
        await procedure.get_by_label("Fin de la suspension (incluse)").fill(
            until.strftime("%d/%m/%Y")
        )
        await procedure.get_by_role("checkbox", name="CLEA").check()
        await procedure.get_by_role("button", name="Enregistrer la décision").click()
        await expect(procedure.get_by_test_id("control-outcome")).to_contain_text(
            "Décision : suspension"
        )
        await expect(procedure.get_by_test_id("control-outcome")).to_contain_text(
            f"jusqu’au {until:%d/%m/%Y}"
        )
    decision = mail_to(server_data_dir, ADMIN[1], "Décision de contrôle")
    assert "Mises en situation absentes" in decision

    # --- 4. The suspended organisation is refused a new dossier
    refused = await open_a_dossier(server_url, "Pendant")
    assert refused["dossier"] is None
    (problem,) = refused["errors"]  # type: ignore[misc]
    assert problem["code"] == "NOT_ACCREDITED"
    assert f"suspendue jusqu'au {until:%d/%m/%Y}" in problem["message"]
