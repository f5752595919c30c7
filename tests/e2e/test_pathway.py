"""The whole CléA pathway in Chromium, as the Greta demo's people do it.

The adviser opens a dossier for a new candidate; the evaluator plans a sitting, records
the évaluation préalable (three criteria not acquired) and closes it; the partial
attestation is issued and downloaded; the adviser builds the training plan from the gaps;
the evaluator runs the évaluation finale on the plan's criteria only, and the dossier is
ready for the jury. Everything goes through the screens; only the PDF is fetched with the
browser's own session (as the link does).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Browser, Page, expect

from tests.e2e.widgets import choose, no_accessibility_violations

DEMO_PASSWORD = "Plateforme-CleA-demo"
ADVISER = ("conseiller@greta-demo.fr", "Karim Benali")
EVALUATOR = ("evaluatrice@greta-demo.fr", "Sophie Leroy")
GRETA = "Greta démo Paris Centre"
CLEA = "CléA — certificat de connaissances et de compétences professionnelles"
CLEA_CRITERIA = 107

# The criteria the candidate does not master at the évaluation préalable.
GAPS = {
    "1.4.4": "Récupérer l'essentiel d'un message en prise de notes",
    "2.2.2": "Comprendre et utiliser les pourcentages",
    "7.2.4": "Connaître et appliquer les règles de déplacement de charges",
}
DOMAINS = {
    "1": "La communication en français",
    "2": "L'utilisation des règles de base de calcul et du raisonnement mathématique",
    "7": (
        "La maîtrise des gestes et postures, et le respect des règles d'hygiène, "
        "de sécurité et environnementales élémentaires"
    ),
}

# Status badges as users read them (frontend/src/pathway/labels.ts, capitalised).
OPENED = "Ouvert"
INITIAL_EVALUATION = "Évaluation préalable"
TRAINING = "En formation"
FINAL_EVALUATION = "Évaluation finale"
READY_FOR_JURY = "Prêt pour le jury"

SAVE_TIMEOUT_MS = 15_000


@asynccontextmanager
async def logged_in(
    browser: Browser, server_url: str, person: tuple[str, str]
) -> AsyncIterator[Page]:
    """A browser of their own for ``person``, logged in and working for the Greta demo."""
    email, full_name = person
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids.
    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        page = await context.new_page()
        await page.goto(server_url + "/connexion")
        form = page.get_by_role("form", name="Connexion par mot de passe")
        await form.get_by_role("textbox", name="Adresse e-mail").fill(email)
        await form.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
        await form.get_by_role("button", name="Se connecter").click()
        await expect(page.get_by_test_id("user-menu")).to_have_text(full_name)
        switcher = page.get_by_role("combobox", name="Organisation active")
        # The evaluator also works for the Afpa demo: she picks the Greta when needed.
        if await switcher.input_value() != GRETA:
            await switcher.click()
            await page.get_by_role("option", name=GRETA, exact=True).click()
        await expect(switcher).to_have_value(GRETA)
        yield page
    finally:
        await context.close()


async def expect_status(page: Page, label: str) -> None:
    await expect(page.get_by_test_id("dossier-status")).to_have_text(label)


async def expect_timeline(page: Page, *entries: str) -> None:
    """The dossier's history shows ``entries``, oldest first."""
    timeline = page.get_by_test_id("dossier-timeline")
    for entry in entries:
        await expect(timeline.get_by_text(entry, exact=True)).to_be_visible()
    text = await timeline.inner_text()
    positions = [text.index(entry) for entry in entries]
    assert positions == sorted(positions), text


async def expect_saved(page: Page) -> None:
    """The grid's autosave has acknowledged every edit."""
    status = page.get_by_test_id("save-status")
    await expect(status).to_have_attribute("data-status", "saved", timeout=SAVE_TIMEOUT_MS)
    await expect(status).to_have_text("Enregistré")
    await expect(page.locator("li[data-item][data-pending]")).to_have_count(0)


async def close_evaluation(page: Page, dossier_url: str) -> None:
    await (
        page.get_by_test_id("grid-toolbar").get_by_role("button", name="Clore l’évaluation").click()
    )
    dialog = page.get_by_role("dialog", name="Clore l’évaluation")
    await expect(dialog).to_contain_text("ne peut plus être modifiée")
    await expect(dialog).not_to_contain_text("pas de résultat")
    await dialog.get_by_role("button", name="Confirmer la clôture").click()
    await expect(page).to_have_url(dossier_url)
    await expect(page.get_by_role("status").filter(has_text="Évaluation close")).to_be_visible()


async def open_new_dossier(page: Page, birth_name: str) -> str:
    """The adviser's wizard; returns the new dossier's URL."""
    await page.get_by_role("banner").get_by_role("link", name="Dossiers", exact=True).click()
    await expect(page.get_by_role("heading", name="Dossiers", exact=True)).to_be_visible()
    await page.get_by_role("link", name="Nouveau dossier").click()
    await expect(page.get_by_role("heading", name="Étape 1 sur 3 : Candidat")).to_be_visible()

    candidate = page.get_by_role("form", name="Candidat")
    await candidate.get_by_role("radio", name="Madame", exact=True).check()
    await candidate.get_by_role("textbox", name="Nom de naissance", exact=True).fill(birth_name)
    await candidate.get_by_role("textbox", name="Prénom(s)", exact=True).fill("Nadia")
    await candidate.get_by_label("Date de naissance").fill("17/05/1984")
    await expect(candidate.get_by_role("textbox", name="Pays de naissance")).to_have_value("France")
    await candidate.get_by_role("textbox", name="Commune de naissance").fill("Lyon")
    await candidate.get_by_role("textbox", name="Code postal de naissance").fill("69003")
    await candidate.get_by_role("textbox", name="Adresse e-mail").fill("nadia.e2e@exemple.fr")
    await candidate.get_by_role("textbox", name="Téléphone").fill("06 12 34 56 78")
    await choose(page, candidate, "Situation à l’inscription", "Demandeur d’emploi")
    await choose(page, candidate, "Niveau de diplôme", "CAP, BEP (niveau 3)")
    await candidate.get_by_role("textbox", name="Projet professionnel").fill(
        "Agent logistique en entrepôt"
    )
    await no_accessibility_violations(page, "assistant, étape 1")
    await candidate.get_by_role("button", name="Suivant").click()

    await expect(page.get_by_role("heading", name="Étape 2 sur 3 : Dossier")).to_be_visible()
    dossier = page.get_by_role("form", name="Dossier")
    await choose(page, dossier, "Certification", CLEA)
    # The Greta demo has a single site: it is chosen for the adviser.
    await expect(dossier.get_by_role("combobox", name="Site", exact=True)).to_have_value(
        "Greta démo — site République"
    )
    await choose(page, dossier, "Prescripteur", "France Travail")
    await choose(page, dossier, "Financement", "Compte personnel de formation (CPF)")
    # Without the candidate's consent the dossier cannot be opened.
    await dossier.get_by_role("button", name="Suivant").click()
    await expect(dossier).to_contain_text("Le consentement du candidat")
    await dossier.get_by_role(
        "checkbox", name="Le candidat a donné son accord lors de l’entretien d’information"
    ).check()
    await dossier.get_by_role("button", name="Suivant").click()

    await expect(page.get_by_role("heading", name="Étape 3 sur 3 : Récapitulatif")).to_be_visible()
    summary = page.get_by_test_id("dossier-summary")
    await expect(summary).to_contain_text(f"Nadia {birth_name.upper()}")
    await expect(summary).to_contain_text(CLEA)
    await expect(summary).to_contain_text("Donné lors de l’entretien d’information")
    await page.get_by_role("button", name="Ouvrir le dossier").click()
    await expect(page).to_have_url(re.compile(r"/dossiers/[0-9a-f-]{36}$"))
    return page.url


async def test_a_candidate_goes_from_the_first_interview_to_the_jury(
    browser: Browser, server_url: str
) -> None:
    today = dt.date.today()
    birth_name = "Parcours-Bout-En-Bout"
    candidate = f"Nadia {birth_name.upper()}"

    async with (
        logged_in(browser, server_url, ADVISER) as adviser,
        logged_in(browser, server_url, EVALUATOR) as evaluator,
    ):
        # --- 1. The adviser opens a CléA dossier for a new candidate -------------------
        dossier_url = await open_new_dossier(adviser, birth_name)
        await expect(adviser.get_by_role("heading", level=1)).to_have_text(candidate)
        await expect_status(adviser, OPENED)
        await expect(adviser.get_by_test_id("dossier-certification")).to_have_text(CLEA)
        await expect_timeline(adviser, "Dossier ouvert")
        await no_accessibility_violations(adviser, "dossier ouvert")

        # --- 2. The evaluator finds it and starts the évaluation préalable -----------
        await evaluator.goto(server_url + "/dossiers")
        search = evaluator.get_by_role("search", name="Filtres des dossiers")
        await search.get_by_role("searchbox", name="Rechercher un candidat").fill(birth_name)
        dossiers = evaluator.get_by_role("table", name="Liste des dossiers")
        await expect(dossiers.get_by_role("row")).to_have_count(2)  # header + the dossier
        await dossiers.get_by_role("link", name=candidate).click()
        await expect(evaluator).to_have_url(dossier_url)
        actions = evaluator.get_by_test_id("dossier-actions")
        await actions.get_by_role("button", name="Commencer l’évaluation préalable").click()
        await expect(evaluator).to_have_url(re.compile(r"/evaluations/[0-9a-f-]{36}\?dossier="))
        await expect(evaluator.get_by_role("heading", level=1)).to_have_text("Évaluation préalable")

        # The adviser sees it under way
        await adviser.reload()
        await expect_status(adviser, INITIAL_EVALUATION)
        await expect(
            adviser.get_by_test_id("dossier-actions").get_by_role(
                "link", name="Ouvrir la grille d’évaluation"
            )
        ).to_be_visible()

        # The evaluator plans the sitting (tomorrow morning, at the dossier's site, herself)
        toolbar = evaluator.get_by_test_id("grid-toolbar")
        await toolbar.get_by_role("button", name="Planifier une séance").click()
        planning = evaluator.get_by_role("dialog", name="Planifier une séance d’évaluation")
        await planning.get_by_label("Date de la séance").fill(
            (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
        )
        await planning.get_by_label("Heure de début").fill("09:00")
        await planning.get_by_label("Heure de fin").fill("12:30")
        await expect(planning.get_by_role("combobox", name="Site")).to_have_value(
            "Greta démo — site République"
        )
        await expect(planning.get_by_role("combobox", name="Évaluateur")).to_have_value(
            "Sophie Leroy (vous)"
        )
        await planning.get_by_role("button", name="Planifier la séance").click()
        await expect(planning).to_be_hidden()
        sessions = evaluator.get_by_test_id("sessions-table")
        await expect(sessions).to_contain_text("09:00 – 12:30")
        await expect(sessions).to_contain_text("3 h 30")
        await expect(sessions).to_contain_text("Vous")

        # The grid holds every criterion of the référentiel, none recorded yet
        grid = evaluator.get_by_test_id("evaluation-grid")
        progress = evaluator.get_by_test_id("grid-progress")
        await expect(grid.get_by_role("radiogroup")).to_have_count(CLEA_CRITERIA)
        await expect(progress).to_have_text(f"0/{CLEA_CRITERIA} critères renseignés")
        await expect(
            grid.get_by_role("radiogroup", name="1.1.1 Porter attention aux propos tenus")
        ).to_be_visible()

        # She records the results with the keyboard, item after item: Space marks the
        # focused « Acquis », → moves to « Non acquis » for the gaps, Tab goes past the
        # « Effacer » button (shown once a result is recorded), the comment button and, at
        # a new domain or sub-domain, its « Tout acquis » button, to the next item.
        codes = await grid.locator("li[data-item]").evaluate_all(
            "items => items.map(item => item.dataset.item)"
        )
        assert len(codes) == CLEA_CRITERIA
        assert set(GAPS) <= set(codes)
        await grid.get_by_role("radio", name="Acquis", exact=True).first.focus()
        for code in codes:
            await evaluator.keyboard.press("Space")
            if code in GAPS:
                await evaluator.keyboard.press("ArrowRight")
            for _ in range(6):
                await evaluator.keyboard.press("Tab")
                if await evaluator.evaluate("document.activeElement?.type === 'radio'"):
                    break
        for code in GAPS:
            await expect(
                grid.locator(f'li[data-item="{code}"]').get_by_role("radio", name="Non acquis")
            ).to_be_checked()
        await expect(grid.locator('li[data-item][data-value="acquis"]')).to_have_count(
            CLEA_CRITERIA - len(GAPS)
        )
        await grid.get_by_role("button", name="Commentaire sur 1.4.4").click()
        await grid.get_by_role("textbox", name="Commentaire sur 1.4.4").fill(
            "Notes incomplètes lors de la mise en situation."
        )
        await expect(progress).to_have_text(f"{CLEA_CRITERIA}/{CLEA_CRITERIA} critères renseignés")
        await expect_saved(evaluator)

        # What was saved is what the server gives back after a reload
        await evaluator.reload()
        await expect(progress).to_have_text(f"{CLEA_CRITERIA}/{CLEA_CRITERIA} critères renseignés")
        for code in GAPS:
            await expect(grid.locator(f'li[data-item="{code}"]')).to_have_attribute(
                "data-value", "non_acquis"
            )
        await expect(grid.locator('li[data-item][data-value="acquis"]')).to_have_count(
            CLEA_CRITERIA - len(GAPS)
        )
        await expect(grid.get_by_role("textbox", name="Commentaire sur 1.4.4")).to_have_value(
            "Notes incomplètes lors de la mise en situation."
        )

        # And closes the evaluation
        await close_evaluation(evaluator, dossier_url)

        # --- 3. The dossier shows the gaps; the partial attestation is a real PDF ---
        await expect_status(evaluator, TRAINING)
        initial = evaluator.get_by_role("region", name="Évaluation préalable", exact=True)
        await expect(initial.get_by_test_id("evaluation-outcome")).to_contain_text(
            "Résultat : 3 items non acquis"
        )
        await expect(
            initial.get_by_test_id("evaluation-gaps").get_by_role("listitem")
        ).to_have_text([f"{code} {title}" for code, title in GAPS.items()])
        await expect_timeline(
            evaluator,
            "Dossier ouvert",
            "Évaluation préalable commencée",
            "Évaluation préalable close : formation à suivre",
        )
        await initial.get_by_role(
            "button", name="Délivrer l’attestation des compétences acquises"
        ).click()
        attestation = initial.get_by_test_id("partial-attestation")
        await expect(attestation).to_contain_text(f"délivrée le {today.strftime('%d/%m/%Y')}")
        reference = re.search(r"ATT-\d{4}-[0-9A-Z-]+", await attestation.inner_text())
        assert reference is not None, await attestation.inner_text()
        link = attestation.get_by_role("link", name="Télécharger l’attestation (PDF)")
        href = await link.get_attribute("href")
        assert href is not None
        assert href.endswith(".pdf"), href
        # The link's URL fetched with the evaluator's session cookie, as Chromium does.
        pdf = await evaluator.request.get(server_url + href)
        assert pdf.status == 200, await pdf.text()
        assert pdf.headers["content-type"] == "application/pdf"
        assert reference.group(0) in pdf.headers["content-disposition"]
        body = await pdf.body()
        assert body.startswith(b"%PDF-")
        assert len(body) > 1000
        await no_accessibility_violations(evaluator, "dossier après l’évaluation préalable")

        # --- 4. The adviser builds the training plan from the gaps ---------------------
        await adviser.reload()
        await expect_status(adviser, TRAINING)
        await (
            adviser.get_by_test_id("dossier-actions")
            .get_by_role("button", name="Construire le plan de formation")
            .click()
        )
        await expect(adviser).to_have_url(dossier_url + "/plan")
        plan = adviser.get_by_role("form", name="Plan de formation")
        await expect(plan.locator("[data-objective]")).to_have_count(len(GAPS))
        for code, title in GAPS.items():
            await expect(
                plan.get_by_role("textbox", name=f"{code} {title}", exact=True)
            ).to_have_value(f"Acquérir : {title}")
        await plan.get_by_role("textbox", name=f"1.4.4 {GAPS['1.4.4']}", exact=True).fill(
            "Prendre des notes structurées lors d'un briefing d'équipe"
        )
        for code, hours in (("1", "12"), ("2", "10"), ("7", "6")):
            await plan.get_by_role(
                "textbox", name=f"Heures — {code} {DOMAINS[code]}", exact=True
            ).fill(hours)
        await expect(plan.get_by_test_id("planned-hours")).to_have_text("Total prévu : 28 h")
        await plan.get_by_role("textbox", name="Nom du formateur").fill("Claire Dubois")
        await plan.get_by_label("Début de la formation").fill(
            (today + dt.timedelta(days=7)).strftime("%d/%m/%Y")
        )
        await plan.get_by_label("Fin de la formation").fill(
            (today + dt.timedelta(days=60)).strftime("%d/%m/%Y")
        )
        await expect(
            plan.get_by_role("combobox", name="Financement de la formation")
        ).to_have_value("Compte personnel de formation (CPF)")
        await plan.get_by_role("button", name="Enregistrer le plan").click()
        await expect(
            adviser.get_by_role("status").filter(has_text="Le plan de formation a été enregistré.")
        ).to_be_visible()
        await expect_status(adviser, TRAINING)

        # He records a first training session on one of the criteria
        sitting = adviser.get_by_role("form", name="Enregistrer une séance de formation")
        await sitting.get_by_role("textbox", name="Durée (heures)").fill("3,5")
        await sitting.get_by_role("combobox", name="Items travaillés").click()
        await adviser.get_by_role("option", name=f"1.4.4 {GAPS['1.4.4']}").click()
        await adviser.keyboard.press("Escape")
        await sitting.get_by_role("button", name="Enregistrer la séance").click()
        await expect(adviser.get_by_test_id("hours-done")).to_have_text(
            "Heures réalisées : 3,5 h sur 28 h prévues"
        )
        await no_accessibility_violations(adviser, "plan de formation")

        # The plan kept what he wrote
        await adviser.reload()
        await expect(
            plan.get_by_role("textbox", name=f"1.4.4 {GAPS['1.4.4']}", exact=True)
        ).to_have_value("Prendre des notes structurées lors d'un briefing d'équipe")
        await expect(plan.get_by_role("textbox", name="Nom du formateur")).to_have_value(
            "Claire Dubois"
        )

        # --- 5. The évaluation finale, on the plan's criteria only -----------------------
        await evaluator.reload()
        await expect_status(evaluator, TRAINING)
        await (
            evaluator.get_by_test_id("dossier-actions")
            .get_by_role("button", name="Commencer l’évaluation finale")
            .click()
        )
        await expect(evaluator).to_have_url(re.compile(r"/evaluations/[0-9a-f-]{36}\?dossier="))
        await expect(evaluator.get_by_role("heading", level=1)).to_have_text("Évaluation finale")
        await adviser.goto(dossier_url)
        await expect_status(adviser, FINAL_EVALUATION)
        await expect(grid.get_by_role("radiogroup")).to_have_count(len(GAPS))

        # Closing waits for every criterion: the toolbar counts them, the dialog links them
        await expect(toolbar.get_by_test_id("missing-count")).to_have_text(
            f"{len(GAPS)} critères sans résultat"
        )
        await toolbar.get_by_role("button", name="Clore l’évaluation").click()
        closing = evaluator.get_by_role("dialog", name="Clore l’évaluation")
        await expect(closing).to_contain_text(f"{len(GAPS)} critères n’ont pas de résultat")
        await expect(closing.get_by_role("button", name="Confirmer la clôture")).to_be_disabled()
        await expect(
            closing.get_by_test_id("missing-on-screen").get_by_role("listitem")
        ).to_have_text([f"{code} {title}" for code, title in GAPS.items()])
        await closing.get_by_role("button", name="Annuler").click()
        await expect(closing).to_be_hidden()

        # The evaluator records the final results with the mouse, and closes the evaluation
        for code, title in GAPS.items():
            group = grid.get_by_role("radiogroup", name=f"{code} {title}", exact=True)
            await group.get_by_role("radio", name="Acquis", exact=True).check()
        await expect(progress).to_have_text(f"{len(GAPS)}/{len(GAPS)} critères renseignés")
        await expect_saved(evaluator)
        # (axe takes half a minute on the 107 criteria of the préalable: the same grid
        # components are checked here, on three criteria.)
        await no_accessibility_violations(evaluator, "grille de l’évaluation finale")
        await close_evaluation(evaluator, dossier_url)

        # --- 6. Ready for the jury ----------------------------------------------------
        await expect_status(evaluator, READY_FOR_JURY)
        await expect(evaluator.get_by_test_id("dossier-status")).to_have_attribute(
            "data-status", "READY_FOR_JURY"
        )
        final = evaluator.get_by_role("region", name="Évaluation finale", exact=True)
        await expect(final.get_by_test_id("evaluation-outcome")).to_have_text(
            "Résultat : tout est acquis, le dossier peut aller au jury."
        )
        await expect(
            evaluator.get_by_text("Le dossier est prêt à être présenté au jury.")
        ).to_be_visible()
        await expect_timeline(
            evaluator,
            "Dossier ouvert",
            "Évaluation préalable commencée",
            "Évaluation préalable close : formation à suivre",
            "Évaluation finale commencée",
            "Évaluation finale close : prêt pour le jury",
        )
        await no_accessibility_violations(evaluator, "dossier prêt pour le jury")

        # The adviser's list shows it too
        await adviser.goto(server_url + "/dossiers")
        filters = adviser.get_by_role("search", name="Filtres des dossiers")
        await filters.get_by_role("searchbox", name="Rechercher un candidat").fill(birth_name)
        row = adviser.get_by_role("table", name="Liste des dossiers").get_by_role(
            "row", name=re.compile(candidate)
        )
        await expect(row.get_by_test_id("dossier-status")).to_have_text(READY_FOR_JURY)
