"""An accreditation campaign from start to finish, in Chromium, through the screens only.

Certif'Pro opens a campaign; a new training organisation asks for access on the public
form, its administrator follows the e-mailed invitation, fills the application (one site
in Lyon, one evaluator, two PDFs), submits it; Certif'Pro takes it under review and asks
for a complement; the applicant completes and resubmits; Certif'Pro accepts. The
organisation, now accredited, opens a CléA dossier at its accredited site, and is refused
at a site created without accreditation; the public directory finds the new site.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, FilePayload, Locator, Page, expect

from clea_platform.tenants.identifiers import luhn_valid
from tests.e2e.widgets import choose, no_accessibility_violations

DEMO_PASSWORD = "Plateforme-CleA-demo"
CERTIFPRO_ADMIN = ("admin@certifpro.demo", "Camille Certif")
CLEA = "CléA — certificat de connaissances et de compétences professionnelles"

ORGANISATION = "Formation Rhône E2E"
ADMIN_NAME = "Inès Morel"
ADMIN_EMAIL = "ines.morel@rhone-e2e.fr"
ADMIN_PASSWORD = "Rhone-E2E-mot-de-passe-2025"
SITE_NAME = "Rhône E2E — site Lyon 3e"
OTHER_SITE_NAME = "Rhône E2E — site Lyon 7e (sans habilitation)"
EVALUATOR = ("Paul Girard", "paul.girard@rhone-e2e.fr")
COMPLEMENT = "Précisez l'expérience d'évaluation de Paul Girard (nombre d'évaluations CléA)."

SAVE_TIMEOUT_MS = 20_000
MAIL_TIMEOUT_S = 20


# ---------------------------------------------------------------- test data


def with_check_digit(digits: str) -> str:
    """``digits`` followed by the digit that makes the whole number Luhn-valid."""
    return next(digits + d for d in "0123456789" if luhn_valid(digits + d))


def new_siren() -> str:
    while True:
        siren = with_check_digit(f"{10_000_000 + secrets.randbelow(90_000_000)}")
        if not siren.startswith("356"):  # La Poste's SIREN follows another rule
            return siren


def minimal_pdf(text: str) -> bytes:
    """A small but well-formed one-page PDF (objects, cross-reference table, trailer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def invitation_link(data_dir: Path, recipient: str) -> str:
    """The invitation link of the last e-mail to ``recipient`` (the server writes .eml files)."""
    deadline = time.monotonic() + MAIL_TIMEOUT_S
    while True:
        for path in sorted((data_dir / "mail").glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] != recipient:
                continue
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            content = body.get_content()
            if match := re.search(r"https?://\S+/invitation\?token=[\w.~%-]+", content):
                return match.group(0)
        if time.monotonic() > deadline:
            raise AssertionError(f"aucune invitation envoyée à {recipient}")
        time.sleep(0.2)


# ---------------------------------------------------------------- browser helpers


@asynccontextmanager
async def browser_context(browser: Browser) -> AsyncIterator[tuple[BrowserContext, Page]]:
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids.
    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        yield context, await context.new_page()
    finally:
        await context.close()


async def log_in(page: Page, server_url: str, email_address: str, password: str, name: str) -> None:
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill(email_address)
    await form.get_by_label("Mot de passe", exact=True).fill(password)
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_have_text(name)


async def expect_saved(page: Page) -> None:
    """The application form's autosave has acknowledged every change."""
    status = page.get_by_test_id("application-save-status")
    await expect(status).to_have_attribute("data-status", "saved", timeout=SAVE_TIMEOUT_MS)


async def expect_application_status(page: Page, label: str) -> None:
    await expect(page.get_by_test_id("application-status").first).to_have_text(label)


# ---------------------------------------------------------------- the steps


async def create_campaign(page: Page, server_url: str, title: str, today: dt.date) -> None:
    await page.goto(server_url + "/plateforme/campagnes")
    await page.get_by_role("link", name="Nouvelle campagne").click()
    form = page.get_by_role("form", name="Nouvelle campagne")
    await form.get_by_role("textbox", name="Titre de la campagne").fill(title)
    await form.get_by_role("checkbox", name=CLEA, exact=True).check()
    await form.get_by_label("Ouverture des candidatures").fill(today.strftime("%d/%m/%Y"))
    await form.get_by_label("Clôture des candidatures").fill(
        (today + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    )
    # The accreditation starts today: the organisation may open dossiers once accepted.
    await form.get_by_label("Début de l’habilitation").fill(today.strftime("%d/%m/%Y"))
    await form.get_by_label("Fin de l’habilitation").fill(
        (today + dt.timedelta(days=3 * 365)).strftime("%d/%m/%Y")
    )
    await form.get_by_role("textbox", name="Frais de dossier (€)").fill("300")
    await form.get_by_role("textbox", name="Frais par établissement habilité (€)").fill("150,50")
    # The two usual documents are proposed; a third, optional one is added.
    documents = form.get_by_role("group", name="Pièces demandées")
    await expect(documents.get_by_role("textbox", name="Intitulé")).to_have_count(2)
    await documents.get_by_role("button", name="Ajouter une pièce").click()
    third = documents.get_by_role("group", name="Pièce n° 3")
    await third.get_by_role("textbox", name="Intitulé", exact=True).fill("Organigramme")
    await third.get_by_role("checkbox", name="Obligatoire").uncheck()
    # The viewer is the first reviewer, picked by name among Certif'Pro's administrators.
    reviewers = form.get_by_role("group", name="Instruction")
    await expect(reviewers.get_by_role("combobox", name="Instructeurs")).to_be_visible()
    await expect(reviewers).to_contain_text(CERTIFPRO_ADMIN[1])
    await no_accessibility_violations(page, "formulaire de campagne")
    await form.get_by_role("button", name="Créer la campagne").click()

    await expect(page).to_have_url(server_url + "/plateforme/campagnes")
    await expect(page.get_by_role("status").filter(has_text=title)).to_contain_text("a été créée")
    row = page.get_by_test_id("campaigns-table").get_by_role("row").filter(has_text=title)
    await expect(row).to_contain_text("Ouverte")
    await expect(row).to_contain_text("300,00 € + 150,50 € / établissement")
    await expect(row.get_by_test_id("campaign-reviewers")).to_have_text(CERTIFPRO_ADMIN[1])


async def request_access(page: Page, server_url: str, siren: str) -> None:
    await page.goto(server_url + "/")
    await page.get_by_role("banner").get_by_role("link", name="Organismes évaluateurs").click()
    await expect(
        page.get_by_role("heading", name="Trouver un organisme évaluateur")
    ).to_be_visible()
    await page.get_by_role("main").get_by_role("link", name="Demander une habilitation").click()

    form = page.get_by_role("form", name="Demander une habilitation")
    await form.get_by_role("textbox", name="Nom de l’organisme").fill(ORGANISATION)
    # A wrong SIREN comes back on its field.
    await form.get_by_role("textbox", name="SIREN").fill(
        siren[:-1] + str((int(siren[-1]) + 1) % 10)
    )
    await form.get_by_role("textbox", name="Forme juridique").fill("Association loi 1901")
    await form.get_by_role("textbox", name="Prénom et nom de l’administrateur").fill(ADMIN_NAME)
    await form.get_by_role("textbox", name="Adresse e-mail de l’administrateur").fill(ADMIN_EMAIL)
    await form.get_by_role("button", name="Envoyer la demande").click()
    await expect(form.get_by_role("textbox", name="SIREN")).to_have_accessible_description(
        re.compile("clé de contrôle")
    )
    await no_accessibility_violations(page, "demande d'habilitation (erreur)")

    await form.get_by_role("textbox", name="SIREN").fill(siren)
    await form.get_by_role("button", name="Envoyer la demande").click()
    sent = page.get_by_test_id("request-sent")
    await expect(sent).to_contain_text(f"Une invitation a été envoyée par e-mail à {ADMIN_EMAIL}")


async def accept_invitation(page: Page, server_url: str, link: str) -> None:
    assert link.startswith(server_url), link
    await page.goto(link)
    await expect(page.get_by_test_id("invitation-organisation")).to_have_text(ORGANISATION)
    form = page.get_by_role("form", name="Accepter l’invitation")
    await form.get_by_role("textbox", name="Nom complet").fill(ADMIN_NAME)
    # Required password inputs: their labels carry an asterisk, their names do not.
    await form.locator('input[name="password"]').fill(ADMIN_PASSWORD)
    await form.locator('input[name="confirmation"]').fill(ADMIN_PASSWORD)
    await form.get_by_role("button", name="Accepter l’invitation").click()
    await expect(page.get_by_test_id("user-menu")).to_have_text(ADMIN_NAME)


async def fill_application(page: Page, siret: str) -> None:
    form = page.get_by_role("form", name="Formulaire de candidature")
    await form.get_by_role("button", name="Ajouter un établissement").click()
    site = form.get_by_role("group", name="Établissement n° 1")
    await site.get_by_role("textbox", name="SIRET", exact=True).fill(siret)
    await site.get_by_role("textbox", name="Nom de l’établissement").fill(SITE_NAME)
    await site.get_by_role("textbox", name="Adresse", exact=True).fill("12 rue Paul Bert")
    await site.get_by_role("textbox", name="Code postal").fill("69003")
    await site.get_by_role("textbox", name="Commune").fill("Lyon")
    await choose(page, site, "Région", "Auvergne-Rhône-Alpes")
    await site.get_by_role("textbox", name="Adresse e-mail de contact").fill("lyon3@rhone-e2e.fr")
    await site.get_by_role("textbox", name="Téléphone de contact").fill("04 72 00 00 00")
    evaluator = site.get_by_role("group", name="Évaluateur n° 1")
    await evaluator.get_by_role("textbox", name="Prénom et nom").fill(EVALUATOR[0])
    await evaluator.get_by_role("textbox", name="Adresse e-mail", exact=True).fill(EVALUATOR[1])
    await evaluator.get_by_role("textbox", name="Qualifications et expérience").fill(
        "Formateur d'adultes, 10 ans ; habilité CléA depuis 2021."
    )
    await expect_saved(page)

    # The documents are uploaded at once (PDF only); the checklist follows.
    for label, filename in (
        ("Avis de situation SIRENE", "avis-sirene.pdf"),
        ("Certificat Qualiopi", "qualiopi.pdf"),
    ):
        pdf = FilePayload(name=filename, mimeType="application/pdf", buffer=minimal_pdf(label))
        await form.get_by_label(label).set_input_files(files=[pdf])
        uploaded = form.locator("[data-document]").filter(has=page.get_by_label(label))
        await expect(uploaded.get_by_test_id("document-current")).to_contain_text(filename)

    checklist = page.get_by_test_id("missing-checklist")
    await expect(checklist).to_contain_text("Déclaration sur l'honneur à cocher")
    declarations = form.get_by_role("region", name="Déclarations sur l’honneur")
    for checkbox in await declarations.get_by_role("checkbox").all():
        await checkbox.check()
    await expect_saved(page)
    await expect(checklist).to_have_attribute("data-count", "0", timeout=SAVE_TIMEOUT_MS)
    await expect(page.get_by_test_id("missing-none")).to_be_visible()


async def review(page: Page, server_url: str) -> None:
    """Certif'Pro opens the application from the list of those to review."""
    await page.goto(server_url + "/plateforme/candidatures")
    await page.get_by_role("link", name=f"Instruire la candidature de {ORGANISATION}").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Candidature de {ORGANISATION}"
    )


async def open_dossier_wizard(page: Page, birth_name: str) -> Locator:
    """The adviser's wizard, up to the dossier step; returns the « Dossier » form."""
    await page.get_by_role("banner").get_by_role("link", name="Dossiers", exact=True).click()
    await page.get_by_role("link", name="Nouveau dossier").click()
    candidate = page.get_by_role("form", name="Candidat")
    await candidate.get_by_role("radio", name="Monsieur", exact=True).check()
    await candidate.get_by_role("textbox", name="Nom de naissance", exact=True).fill(birth_name)
    await candidate.get_by_role("textbox", name="Prénom(s)", exact=True).fill("Karim")
    await candidate.get_by_label("Date de naissance").fill("1990-02-11")
    await candidate.get_by_role("textbox", name="Commune de naissance").fill("Villeurbanne")
    await candidate.get_by_role("textbox", name="Code postal de naissance").fill("69100")
    await choose(page, candidate, "Situation à l’inscription", "Demandeur d’emploi")
    await choose(page, candidate, "Niveau de diplôme", "CAP, BEP (niveau 3)")
    await candidate.get_by_role("button", name="Suivant").click()
    await expect(page.get_by_role("heading", name="Étape 2 sur 3 : Dossier")).to_be_visible()
    dossier = page.get_by_role("form", name="Dossier")
    await choose(page, dossier, "Certification", CLEA)
    await choose(page, dossier, "Prescripteur", "France Travail")
    await choose(page, dossier, "Financement", "Compte personnel de formation (CPF)")
    await dossier.get_by_role(
        "checkbox", name="Le candidat a donné son accord lors de l’entretien d’information"
    ).check()
    return dossier


async def test_an_organisation_is_accredited_through_a_campaign(
    browser: Browser, server_url: str, server_data_dir: Path
) -> None:
    today = dt.date.today()
    campaign = f"Campagne de bout en bout {1000 + secrets.randbelow(9000)}"
    siren = new_siren()
    siret = with_check_digit(siren + "0001")
    other_siret = with_check_digit(siren + "0002")

    async with (
        browser_context(browser) as (_, admin),
        browser_context(browser) as (_, applicant),
    ):
        # --- 1. Certif'Pro opens a campaign --------------------------------------------
        admin_email, admin_name = CERTIFPRO_ADMIN
        await log_in(admin, server_url, admin_email, DEMO_PASSWORD, admin_name)
        await create_campaign(admin, server_url, campaign, today)

        # --- 2. A new organisation asks for access, its admin accepts the invitation ----
        await request_access(applicant, server_url, siren)
        await no_accessibility_violations(applicant, "demande d'habilitation envoyée")
        await accept_invitation(
            applicant, server_url, invitation_link(server_data_dir, ADMIN_EMAIL)
        )
        # Pending, the organisation is shown where to apply.
        banner = applicant.get_by_test_id("pending-banner")
        await banner.get_by_role("link", name="Candidater à une campagne d’habilitation").click()
        await expect(
            applicant.get_by_role("heading", name="Habilitations", level=1)
        ).to_be_visible()
        await expect(applicant.get_by_test_id("pending-notice")).to_be_visible()
        await applicant.get_by_role("button", name=f"Candidater à « {campaign} »").click()
        await expect(applicant).to_have_url(
            re.compile(r"/organisation/habilitations/candidatures/[0-9a-f-]{36}$")
        )
        application_url = applicant.url
        await expect_application_status(applicant, "Brouillon")

        # --- 3. The application is filled as it is saved, then submitted ---------------
        await fill_application(applicant, siret)
        await no_accessibility_violations(applicant, "formulaire de candidature")
        await applicant.get_by_role("button", name="Déposer la candidature").click()
        await expect(applicant.get_by_test_id("application-submitted")).to_be_visible()
        await expect_application_status(applicant, "Déposée")

        # --- 4. Certif'Pro takes it under review and asks for a complement -------------
        await review(admin, server_url)
        await expect_application_status(admin, "Déposée")
        documents = admin.get_by_test_id("application-documents")
        link = documents.get_by_role("link", name="qualiopi.pdf (PDF, nouvel onglet)")
        href = await link.get_attribute("href")
        assert href is not None
        assert await link.get_attribute("target") == "_blank"
        pdf = await admin.request.get(server_url + href)
        assert pdf.status == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert (await pdf.body()) == minimal_pdf("Certificat Qualiopi")
        await expect(admin.get_by_test_id("missing-none")).to_be_visible()
        await admin.get_by_role("button", name="Prendre en charge").click()
        await expect_application_status(admin, "En instruction")
        await admin.get_by_role("button", name="Demander un complément").click()
        dialog = admin.get_by_role("dialog", name="Demander un complément")
        await dialog.get_by_role("button", name="Envoyer la demande").click()
        await expect(dialog).to_contain_text("Précisez les compléments attendus.")
        await dialog.get_by_role("textbox", name="Compléments attendus").fill(COMPLEMENT)
        await dialog.get_by_role("button", name="Envoyer la demande").click()
        await expect_application_status(admin, "Complément demandé")

        # --- 5. The applicant completes and resubmits ---------------------------------
        await applicant.goto(application_url)
        await expect(applicant.get_by_test_id("reviewer-message")).to_have_text(COMPLEMENT)
        qualifications = applicant.get_by_role("group", name="Évaluateur n° 1").get_by_role(
            "textbox", name="Qualifications et expérience"
        )
        await qualifications.fill(
            "Formateur d'adultes, 10 ans ; habilité CléA depuis 2021 ; 120 évaluations CléA."
        )
        await expect_saved(applicant)
        await applicant.get_by_role("button", name="Déposer la candidature").click()
        await expect_application_status(applicant, "Déposée")
        timeline = applicant.get_by_test_id("application-timeline")
        await expect(timeline).to_contain_text("Complément demandé")
        await expect(timeline).to_contain_text(COMPLEMENT)
        await expect(timeline).to_contain_text("Candidature complétée et déposée à nouveau")

        # --- 6. Certif'Pro accepts (every site and evaluator) --------------------------
        await admin.reload()
        await expect(
            admin.get_by_role("region", name="Établissements et évaluateurs")
        ).to_contain_text("120 évaluations CléA")
        await admin.get_by_role("button", name="Prendre en charge").click()
        await expect_application_status(admin, "En instruction")
        await admin.get_by_role("button", name="Accepter", exact=True).click()
        decision = admin.get_by_role("dialog", name="Accepter la candidature")
        await expect(
            decision.get_by_role("checkbox", name=f"Retenir l’établissement {SITE_NAME} ({siret})")
        ).to_be_checked()
        await expect(
            decision.get_by_role("checkbox", name=f"{EVALUATOR[0]} ({EVALUATOR[1]})")
        ).to_be_checked()
        await no_accessibility_violations(admin, "décision d'acceptation")
        await decision.get_by_role("button", name="Accepter la candidature").click()
        await expect_application_status(admin, "Acceptée")
        await expect(admin.get_by_test_id("application-timeline")).to_contain_text(
            "Candidature acceptée"
        )
        await admin.goto(server_url + "/plateforme/habilitations")
        registry = admin.get_by_test_id("accreditations-table")
        accredited = registry.locator(f'tr[data-siret="{siret}"]')
        await expect(accredited).to_contain_text(ORGANISATION)
        await expect(accredited).to_contain_text("Valide")
        await expect(accredited).to_contain_text(EVALUATOR[0])
        await expect(
            admin.get_by_role("link", name="Télécharger le registre des habilitations (CSV)")
        ).to_have_attribute("href", "/exports/accreditations.csv")

        # --- 7. The organisation, now accredited, opens a CléA dossier at its site -----
        await applicant.goto(server_url + "/organisation/habilitations")
        await expect(applicant.get_by_test_id("pending-notice")).to_have_count(0)
        own = applicant.get_by_test_id("accreditations-table").locator(f'tr[data-siret="{siret}"]')
        await expect(own).to_contain_text("Valide")
        # Its administrator also takes the adviser role, and declares a second site.
        await applicant.goto(server_url + "/organisation/membres")
        await applicant.get_by_role("button", name=f"Modifier les rôles de {ADMIN_NAME}").click()
        roles = applicant.get_by_role("dialog", name=f"Rôles de {ADMIN_NAME}")
        # The pill « Administrateur » covers the input: the keyboard opens the list.
        await roles.get_by_role("combobox", name="Rôles").focus()
        await applicant.keyboard.press("ArrowDown")
        await roles.get_by_role("option", name="Conseiller").click()
        await applicant.keyboard.press("Tab")  # leaves the list (closes it) inside the dialog
        await roles.get_by_role("button", name="Enregistrer les rôles").click()
        await expect(roles).to_have_count(0)
        await applicant.goto(server_url + "/organisation/sites")
        await applicant.get_by_role("button", name="Ajouter un site").click()
        site_form = applicant.get_by_role("form", name="Nouveau site")
        await site_form.get_by_role("textbox", name="Nom du site").fill(OTHER_SITE_NAME)
        await site_form.get_by_role("textbox", name="SIRET").fill(other_siret)
        await site_form.get_by_role("textbox", name="Adresse", exact=True).fill("5 rue de Gerland")
        await site_form.get_by_role("textbox", name="Code postal").fill("69007")
        await site_form.get_by_role("textbox", name="Ville").fill("Lyon")
        await choose(applicant, site_form, "Région", "Auvergne-Rhône-Alpes")
        await site_form.get_by_role("button", name="Créer le site").click()
        await expect(applicant.get_by_test_id("sites-table")).to_contain_text(OTHER_SITE_NAME)

        await applicant.reload()  # the viewer's new role
        dossier = await open_dossier_wizard(applicant, "Habilitation-E2E")
        # At the site without accreditation the dossier is refused, in French.
        await choose(applicant, dossier, "Site", OTHER_SITE_NAME)
        await dossier.get_by_role("button", name="Suivant").click()
        await applicant.get_by_role("button", name="Ouvrir le dossier").click()
        await expect(dossier).to_contain_text("n'est pas habilité pour CLEA sur le site")
        # At the accredited site it opens.
        await choose(applicant, dossier, "Site", SITE_NAME)
        await dossier.get_by_role("button", name="Suivant").click()
        await applicant.get_by_role("button", name="Ouvrir le dossier").click()
        await expect(applicant).to_have_url(re.compile(r"/dossiers/[0-9a-f-]{36}$"))
        await expect(applicant.get_by_test_id("dossier-status")).to_have_text("Ouvert")

    # --- 8. The public directory finds the new site by its postal code -----------------
    async with browser_context(browser) as (_, visitor):
        await visitor.goto(server_url + "/organismes-evaluateurs")
        filters = visitor.get_by_role("search", name="Filtres de l’annuaire")
        await filters.get_by_role("textbox", name="Code postal").fill("69001")
        await expect(visitor.get_by_test_id("directory-count")).to_have_text("Aucun site trouvé.")
        await filters.get_by_role("textbox", name="Code postal").fill("69003")
        entry = visitor.get_by_role("article", name=f"{ORGANISATION} — {SITE_NAME}")
        await expect(entry).to_contain_text("12 rue Paul Bert")
        await expect(entry).to_contain_text("lyon3@rhone-e2e.fr")
        await expect(entry).to_contain_text(CLEA)
        await expect(visitor).to_have_url(re.compile(r"codePostal=69003"))
        await filters.get_by_role("textbox", name="Code postal").fill("690")
        await expect(visitor.get_by_test_id("directory-count")).to_have_text("1 site trouvé.")
        await expect(visitor.get_by_text(OTHER_SITE_NAME)).to_have_count(0)
        await no_accessibility_violations(visitor, "annuaire des organismes évaluateurs")
