"""A paritaire jury session in Chromium, from the roster to the public verification page.

Setup (over the GraphQL API, as the Greta demo's adviser and evaluator would through the
screens that ``test_pathway.py`` covers): a CléA dossier whose évaluation préalable found
everything acquired, so « prêt pour le jury ». Then through the screens only: Certif'Pro
puts four people on the roster (two per side, one working with the Greta), convenes a
session, records attendance (the session refuses to open until it is paritaire), puts
the dossier on the agenda; the member affiliated with the Greta is recused and sees no
decision form; another member decides « certifié »; Certif'Pro closes the session and the
certificate is issued; the Greta's adviser finds the decision and the certificate (PDF and
Open Badge) on the dossier and on « Certificats »; the public verification page says it is
valid, with the holder's name. Certif'Pro then posts the paper copy the Greta asked for and
revokes the certificate, which the verification page reports with the reason.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, Page, expect

from tests.e2e.api_setup import (
    ADVISER,
    CANDIDATE,
    DEMO_PASSWORD,
    GRETA,
    ready_for_jury_dossier,
)
from tests.e2e.widgets import choose, no_accessibility_violations

CERTIFPRO_ADMIN = ("admin@certifpro.demo", "Camille Certif")
ADVISER_NAME = "Karim Benali"
GRETA_SIREN = "130025265"
CLEA = "CléA — certificat de connaissances et de compétences professionnelles"
REGION = "Île-de-France"
HOLDER = "Inès MARCHETTI"  # as the jury reads it
CERTIFICATE_HOLDER = "Inès Marchetti"  # as the certificate prints it
MEMBER_PASSWORD = "Jury-E2E-mot-de-passe-2026"
REVOCATION_REASON = "Fraude établie à l’évaluation : décision du 12 mai."

# (name, e-mail, side label, body, affiliations)
AFFILIATED = (
    "Hélène Garnier",
    "helene.garnier@jury-e2e.fr",
    "employeurs",
    "MEDEF Paris",
    GRETA_SIREN,
)
EMPLOYER = ("Marc Duval", "marc.duval@jury-e2e.fr", "employeurs", "CPME Île-de-France", "")
EMPLOYEE = ("Sonia Haddad", "sonia.haddad@jury-e2e.fr", "salariés", "CFDT", "")
LAST = ("Thierry Roux", "thierry.roux@jury-e2e.fr", "salariés", "CGT", "")
MEMBERS = (AFFILIATED, EMPLOYER, EMPLOYEE, LAST)

MAIL_TIMEOUT_S = 20
ISSUANCE_TIMEOUT_MS = 30_000


def password_link(data_dir: Path, recipient: str) -> str:
    """The link to choose a password, from the last e-mail to ``recipient`` (.eml files)."""
    deadline = time.monotonic() + MAIL_TIMEOUT_S
    while True:
        for path in sorted((data_dir / "mail").glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] != recipient:
                continue
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            content = body.get_content()  # type: ignore[attr-defined]
            if match := re.search(r"https?://\S+/reinitialiser\?token=[\w.~%-]+", content):
                return match.group(0)
        if time.monotonic() > deadline:
            raise AssertionError(f"aucun lien de mot de passe envoyé à {recipient}")
        time.sleep(0.2)


# ---------------------------------------------------------------- browser helpers


@asynccontextmanager
async def new_page(browser: Browser) -> AsyncIterator[Page]:
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids.
    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def log_in(page: Page, server_url: str, address: str, password: str, name: str) -> None:
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill(address)
    await form.get_by_label("Mot de passe", exact=True).fill(password)
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_have_text(name)


async def choose_password(page: Page, link: str) -> None:
    """A new member follows the e-mailed link and chooses a password."""
    await page.goto(link)
    form = page.get_by_role("form", name="Choix du nouveau mot de passe")
    # (required password inputs: their labels end with a visual asterisk)
    await form.locator('input[name="newPassword"]').fill(MEMBER_PASSWORD)
    await form.locator('input[name="confirmation"]').fill(MEMBER_PASSWORD)
    await form.get_by_role("button", name="Enregistrer le mot de passe").click()
    await expect(page.get_by_role("status").filter(has_text="Mot de passe modifié")).to_be_visible()


# ---------------------------------------------------------------- the steps


async def add_to_roster(page: Page, member: tuple[str, str, str, str, str]) -> None:
    name, address, side, body, affiliations = member
    form = page.get_by_role("form", name="Ajouter un membre du jury")
    await form.get_by_role("textbox", name="Adresse e-mail").fill(address)
    await form.get_by_role("textbox", name="Nom complet").fill(name)
    await form.get_by_role("radio", name=f"Représentant des {side}").check()
    await form.get_by_role("textbox", name="Organisation représentée").fill(body)
    await choose(page, form, "Région", REGION)
    await form.get_by_role("checkbox", name=CLEA, exact=True).check()
    if affiliations:
        await form.get_by_role("textbox", name="SIREN des organismes liés").fill(affiliations)
    await form.get_by_role("button", name="Ajouter au vivier").click()
    await expect(form.get_by_role("status")).to_contain_text(
        f"{name} ({address}) figure dans le vivier"
    )
    await expect(page.locator(f'tr[data-member="{address}"]')).to_contain_text(body)


async def convene(page: Page, title: str, today: dt.date) -> str:
    """Returns the new session's URL."""
    await (
        page.get_by_role("navigation", name="Administration")
        .get_by_role("link", name="Sessions de jury")
        .click()
    )
    await page.get_by_role("link", name="Convoquer une session").click()
    form = page.get_by_role("form", name="Convocation d’une session de jury")
    await form.get_by_role("textbox", name="Intitulé").fill(title)
    await form.get_by_role("checkbox", name=CLEA, exact=True).check()
    await choose(page, form, "Région", REGION)
    await form.get_by_label("Date de la session").fill(today.strftime("%d/%m/%Y"))
    await form.get_by_role("textbox", name="Lieu").fill("Paris, Tour Certif'Pro, salle 4")
    members = form.get_by_role("group", name="Membres convoqués")
    for name, *_ in MEMBERS:
        await members.get_by_role("checkbox", name=name, exact=True).check()
    await no_accessibility_violations(page, "convocation d’une session")
    await form.get_by_role("button", name="Convoquer la session").click()
    await expect(page).to_have_url(re.compile(r"/plateforme/jury/sessions/[0-9a-f-]{36}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return page.url


async def set_presence(page: Page, name: str, present: bool) -> None:
    switch = page.get_by_role("switch", name=f"Présence de {name}")
    if present:
        await switch.check()
    else:
        await switch.uncheck()
    await expect(switch).to_be_checked(checked=present)
    await expect(switch).to_be_enabled()


async def open_dossier_as_member(page: Page, session_title: str) -> None:
    """From the header: « Jury » → the session → the dossier on the agenda."""
    await page.get_by_role("banner").get_by_role("link", name="Jury", exact=True).click()
    await expect(page.get_by_role("heading", name="Mes sessions de jury")).to_be_visible()
    await page.get_by_role("link", name=session_title).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(session_title)
    await expect(page.get_by_test_id("agenda-table")).to_be_visible()
    await no_accessibility_violations(page, "session de jury, vue du membre")
    await page.get_by_test_id("agenda-table").get_by_role("link", name=HOLDER).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(HOLDER)


async def test_a_paritaire_jury_certifies_a_candidate_whose_certificate_is_then_verified(
    browser: Browser, server_url: str, server_data_dir: Path
) -> None:
    today = dt.date.today()
    title = f"Jury CléA Île-de-France {uuid.uuid4().hex[:6]}"
    dossier_id = await ready_for_jury_dossier(server_url)

    async with new_page(browser) as admin:
        # --- 1. Certif'Pro builds the roster: two members per side ---------------------
        admin_email, admin_name = CERTIFPRO_ADMIN
        await log_in(admin, server_url, admin_email, DEMO_PASSWORD, admin_name)
        await (
            admin.get_by_role("navigation", name="Administration")
            .get_by_role("link", name="Vivier du jury")
            .click()
        )
        await expect(admin.get_by_role("heading", name="Vivier du jury", level=1)).to_be_visible()
        for member in MEMBERS:
            await add_to_roster(admin, member)
        affiliated_row = admin.locator(f'tr[data-member="{AFFILIATED[1]}"]')
        await expect(affiliated_row).to_contain_text(GRETA_SIREN)
        await expect(affiliated_row).to_contain_text("Employeurs")
        await no_accessibility_violations(admin, "vivier du jury")

        # --- 2. A session is convened with the four of them --------------------------
        session_url = await convene(admin, title, today)
        await expect(admin.get_by_test_id("session-status")).to_have_text("Convoquée")
        attendance = admin.get_by_test_id("attendance-table")
        await expect(attendance.get_by_role("row")).to_have_count(1 + len(MEMBERS))

        # --- 3. Attendance: not paritaire, the session refuses to open; then it opens --
        parity = admin.get_by_test_id("parity")
        await expect(parity).to_have_attribute("data-paritaire", "false")
        for name in (AFFILIATED[0], EMPLOYER[0], EMPLOYEE[0]):
            await set_presence(admin, name, True)
        await expect(parity).to_have_attribute("data-paritaire", "false")
        await expect(parity).to_contain_text(
            "Présents : 2 représentants des employeurs, 1 représentant des salariés."
        )
        # Not paritaire: « Ouvrir » is disabled, its reason on screen (the API refuses too)
        open_button = admin.get_by_role("button", name="Ouvrir la session")
        await expect(open_button).to_be_disabled()
        await expect(admin.get_by_test_id("open-blocked")).to_contain_text("Jury non paritaire")
        refusal = admin.get_by_test_id("session-error")
        await expect(admin.get_by_test_id("session-status")).to_have_text("Convoquée")
        await set_presence(admin, LAST[0], True)
        await expect(parity).to_have_attribute("data-paritaire", "true")
        await expect(parity).to_contain_text("Le jury est paritaire.")
        await admin.get_by_role("button", name="Ouvrir la session").click()
        await expect(admin.get_by_test_id("session-status")).to_have_text("Ouverte")
        await expect(refusal).to_be_hidden()

        # --- 4. The ready dossier goes on the agenda; the Greta's partner is recused --
        pool = admin.get_by_test_id("ready-pool")
        await expect(pool.get_by_role("combobox", name="Région")).to_have_value(REGION)
        row = pool.locator(f'tr[data-dossier="{dossier_id}"]')
        await expect(row).to_contain_text(GRETA)
        await row.get_by_role("checkbox", name=f"Sélectionner {HOLDER}").check()
        await pool.get_by_role("button", name="Inscrire à l’ordre du jour (1)").click()
        await expect(pool.get_by_role("status")).to_contain_text(
            "1 dossier inscrit à l’ordre du jour."
        )
        await expect(row).to_be_hidden()
        agenda_row = admin.get_by_test_id("agenda-table").locator(
            f'tr[data-dossier="{dossier_id}"]'
        )
        await expect(agenda_row.get_by_role("link", name=HOLDER)).to_be_visible()
        await expect(agenda_row.get_by_test_id("recusals")).to_contain_text(AFFILIATED[0])
        await expect(agenda_row.get_by_test_id("decision")).to_have_text("En attente")
        await no_accessibility_violations(admin, "session de jury ouverte")

        # --- 5. The affiliated member sees the recusal, and no decision form ---------
        async with new_page(browser) as affiliated:
            await choose_password(affiliated, password_link(server_data_dir, AFFILIATED[1]))
            await log_in(affiliated, server_url, AFFILIATED[1], MEMBER_PASSWORD, AFFILIATED[0])
            await expect(affiliated).to_have_url(server_url + "/jury")
            await open_dossier_as_member(affiliated, title)
            recusal = affiliated.get_by_test_id("recusal")
            await expect(recusal).to_contain_text("Vous êtes récusé(e) pour ce dossier")
            await expect(recusal).to_contain_text(GRETA)
            await expect(affiliated.get_by_test_id("decision-form")).to_have_count(0)
            await expect(affiliated.get_by_test_id("jury-evaluation")).to_have_count(0)
            await no_accessibility_violations(affiliated, "dossier, membre récusé")

        # --- 5b. Hélène's recusal leaves 1 employer for 2 employees: the dossier cannot be
        # decided until an employee withdraws from it; Thierry declares a conflict ---------
        await admin.goto(session_url)
        await expect(agenda_row.get_by_test_id("dossier-parity")).to_contain_text(
            "Jury non paritaire pour ce dossier"
        )
        async with new_page(browser) as withdrawing:
            await choose_password(withdrawing, password_link(server_data_dir, LAST[1]))
            await log_in(withdrawing, server_url, LAST[1], MEMBER_PASSWORD, LAST[0])
            await open_dossier_as_member(withdrawing, title)
            await expect(withdrawing.get_by_test_id("dossier-parity")).to_contain_text(
                "Jury non paritaire pour ce dossier"
            )
            await expect(withdrawing.get_by_test_id("decision-form")).to_have_count(0)
            await withdrawing.get_by_role("button", name="Déclarer un conflit d’intérêts").click()
            declaring = withdrawing.get_by_role("form", name="Déclaration de conflit d’intérêts")
            await declaring.get_by_role("textbox", name="Nature du conflit").fill(
                "Déport pour rétablir la parité"
            )
            await declaring.get_by_role("button", name="Déclarer le conflit").click()
            await expect(withdrawing.get_by_test_id("recusal")).to_contain_text(
                "Vous êtes récusé(e) pour ce dossier"
            )

        # --- 6. Another member reads the results and decides « certifié » -------------
        async with new_page(browser) as member:
            await choose_password(member, password_link(server_data_dir, EMPLOYEE[1]))
            await log_in(member, server_url, EMPLOYEE[1], MEMBER_PASSWORD, EMPLOYEE[0])
            await open_dossier_as_member(member, title)
            evaluation = member.get_by_test_id("jury-evaluation")
            await expect(evaluation.get_by_role("heading")).to_have_text("Évaluation préalable")
            await expect(evaluation).to_contain_text("107 items évalués")
            await expect(evaluation.locator("details[data-domain]")).to_have_count(7)
            await expect(member.get_by_test_id("training-summary")).to_contain_text(
                "tout était acquis"
            )
            form = member.get_by_role("form", name="Décision du jury")
            # « Non certifié » needs a reason
            await form.get_by_role("radio", name="Non certifié", exact=True).check()
            await form.get_by_role("button", name="Enregistrer la décision").click()
            await expect(form).to_contain_text("Motivez la décision")
            await form.get_by_role("radio", name="Certifié", exact=True).check()
            await no_accessibility_violations(member, "dossier, formulaire de décision")
            await form.get_by_role("button", name="Enregistrer la décision").click()
            await expect(form.get_by_role("status")).to_contain_text(
                "Décision enregistrée : Certifié."
            )

        # --- 7. Certif'Pro closes the session; the certificate is issued ---------------
        await admin.goto(session_url)
        await expect(agenda_row.get_by_test_id("decision")).to_contain_text("Certifié")
        await admin.get_by_role("button", name="Clore la session").click()
        closing = admin.get_by_role("dialog", name="Clore la session")
        await closing.get_by_role("button", name="Clore définitivement").click()
        await expect(admin.get_by_test_id("session-status")).to_have_text("Close")
        progress = admin.get_by_test_id("issuance-progress")
        await expect(progress).to_have_attribute("data-done", "true", timeout=ISSUANCE_TIMEOUT_MS)
        await expect(progress).to_have_text("1 certificat émis sur 1.")
        await expect(agenda_row.get_by_test_id("decision")).to_contain_text("(définitive)")
        minutes = admin.get_by_test_id("minutes-link")
        href = await minutes.get_attribute("href")
        assert href is not None
        pdf = await admin.request.get(server_url + href)
        assert pdf.status == 200, await pdf.text()
        assert (await pdf.body()).startswith(b"%PDF-")
        await no_accessibility_violations(admin, "session close, certificats émis")

        # The certificate, as Certif'Pro finds it
        await admin.get_by_role("link", name="Voir les certificats").click()
        search = admin.get_by_role("search", name="Recherche de certificats")
        await search.get_by_role("searchbox", name="Rechercher").fill(CANDIDATE[1])
        certificate = admin.get_by_test_id("certificates-table").locator(
            f'tr[data-dossier="{dossier_id}"]'
        )
        await expect(certificate).to_contain_text(CERTIFICATE_HOLDER)
        await expect(certificate.get_by_test_id("certificate-status")).to_have_text("Valide")
        code = await certificate.get_attribute("data-code")
        assert code is not None
        assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code), code
        certificate_id = await certificate.get_attribute("data-certificate")
        numbered = re.match(
            r"CLEA-\d{4}-\d{6}", await certificate.locator("td").nth(0).inner_text()
        )
        assert numbered is not None
        number = numbered.group(0)
        await no_accessibility_violations(admin, "recherche de certificats")

    # --- 8. The Greta sees the decision and downloads the certificate and its badge ----
    async with new_page(browser) as adviser:
        await log_in(adviser, server_url, ADVISER, DEMO_PASSWORD, ADVISER_NAME)
        await adviser.goto(f"{server_url}/dossiers/{dossier_id}")
        outcome = adviser.get_by_role("region", name="Décision du jury")
        await expect(outcome.get_by_test_id("jury-decision")).to_contain_text(": certifié.")
        await expect(outcome.get_by_test_id("dossier-certificate")).to_contain_text(
            code, timeout=ISSUANCE_TIMEOUT_MS
        )
        await (
            adviser.get_by_role("banner")
            .get_by_role("link", name="Certificats", exact=True)
            .click()
        )
        await expect(adviser.get_by_role("heading", name="Certificats", level=1)).to_be_visible()
        row = adviser.get_by_test_id("certificates-table").locator(f'tr[data-code="{code}"]')
        await expect(row).to_contain_text(CERTIFICATE_HOLDER)
        await expect(row.get_by_test_id("certificate-status")).to_have_text("Valide")
        await no_accessibility_violations(adviser, "certificats de l’organisme")
        pdf_link = row.get_by_role("link", name=f"Certificat {number} en PDF")
        badge_link = row.get_by_role("link", name=f"Badge numérique {number} (Open Badges)")
        for link, media_type, start in (
            (pdf_link, "application/pdf", b"%PDF-"),
            (badge_link, "jwt", b"eyJ"),
        ):
            href = await link.get_attribute("href")
            assert href is not None
            download = await adviser.request.get(server_url + href)
            assert download.status == 200, await download.text()
            assert media_type in download.headers["content-type"]
            assert (await download.body()).startswith(start)
        # The candidate wants it on paper too
        await row.get_by_role(
            "button", name=f"Demander une copie papier du certificat {number}"
        ).click()
        await expect(row).to_contain_text("Demandée le")

    # --- 9. Anyone checks the certificate on the public verification page -------------
    async with new_page(browser) as visitor:
        await visitor.goto(server_url + "/")
        await (
            visitor.get_by_role("banner").get_by_role("link", name="Vérifier un certificat").click()
        )
        check = visitor.get_by_role("search", name="Vérification d’un certificat")
        await check.get_by_role("textbox", name="Code de vérification").fill(code.lower())
        await check.get_by_role("button", name="Vérifier").click()
        result = visitor.get_by_test_id("verification-result")
        await expect(result).to_have_attribute("data-status", "valid")
        await expect(result.get_by_role("status")).to_contain_text("Ce certificat est valide")
        await expect(visitor.get_by_test_id("verification-holder")).to_have_text(CERTIFICATE_HOLDER)
        await no_accessibility_violations(visitor, "vérification d’un certificat")

        # The platform's own page, linked from the result
        await result.get_by_role("link", name="Page de vérification officielle").click()
        await expect(visitor).to_have_url(f"{server_url}/verify/{code}")
        await expect(visitor.get_by_role("status")).to_contain_text("Ce certificat est valide")
        await expect(visitor.get_by_role("main")).to_contain_text(CERTIFICATE_HOLDER)

    # --- 10. Certif'Pro posts the paper copy, then revokes the certificate -----------
    async with new_page(browser) as admin:
        await log_in(admin, server_url, admin_email, DEMO_PASSWORD, admin_name)
        await (
            admin.get_by_role("navigation", name="Administration")
            .get_by_role("link", name="Copies papier")
            .click()
        )
        queue = admin.get_by_test_id("paper-queue")
        copy = queue.locator(f'tr[data-certificate="{certificate_id}"]')
        await expect(copy).to_contain_text("12 rue Oberkampf")
        await no_accessibility_violations(admin, "copies papier")
        batch = admin.get_by_role("link", name=re.compile(r"^Imprimer le lot \(PDF, \d+ pages?\)$"))
        href = await batch.get_attribute("href")
        assert href is not None
        printed = await admin.request.get(server_url + href)
        assert printed.status == 200, await printed.text()
        assert (await printed.body()).startswith(b"%PDF-")
        await copy.get_by_role(
            "checkbox", name=f"Sélectionner la copie de {CERTIFICATE_HOLDER} ({number})"
        ).check()
        await admin.get_by_role("button", name="Marquer comme envoyées (1)").click()
        await expect(
            admin.get_by_role("status").filter(has_text="Envoi enregistré")
        ).to_contain_text("1 copie marquée comme envoyée.")
        await expect(copy).to_be_hidden()

        await (
            admin.get_by_role("navigation", name="Administration")
            .get_by_role("link", name="Certificats")
            .click()
        )
        search = admin.get_by_role("search", name="Recherche de certificats")
        await search.get_by_role("searchbox", name="Rechercher").fill(number)
        certificate = admin.get_by_test_id("certificates-table").locator(
            f'tr[data-certificate="{certificate_id}"]'
        )
        await certificate.get_by_role("button", name=f"Retirer le certificat {number}").click()
        revoking = admin.get_by_role("dialog", name="Retirer le certificat")
        await revoking.get_by_role("textbox", name="Motif du retrait").fill(REVOCATION_REASON)
        await no_accessibility_violations(admin, "retrait d’un certificat")
        await revoking.get_by_role("button", name="Retirer le certificat").click()
        await expect(revoking).to_be_hidden()
        await expect(certificate.get_by_test_id("certificate-status")).to_have_text("Retiré")
        await expect(certificate).to_contain_text(REVOCATION_REASON)

    # --- 11. The verification page now says it is revoked, and why ------------------
    async with new_page(browser) as visitor:
        await visitor.goto(f"{server_url}/verifier/{code}")
        result = visitor.get_by_test_id("verification-result")
        await expect(result).to_have_attribute("data-status", "revoked")
        await expect(result.get_by_role("status")).to_contain_text(REVOCATION_REASON)
        await no_accessibility_violations(visitor, "vérification d’un certificat retiré")
