"""The evaluator completes a whole CléA grid of the living demo in a few gestures: a
criterion not acquired, then each domain « tout acquis » (one undone and done again),
then closing — fewer than 30 interactions for the 107 criteria."""

from __future__ import annotations

import re
from collections.abc import Awaitable

from playwright.async_api import Browser, expect

from clea_platform.demo.data import DEMO_PASSWORD
from tests.e2e.test_pathway import CLEA_CRITERIA, GRETA, SAVE_TIMEOUT_MS, TRAINING
from tests.e2e.widgets import no_accessibility_violations

# A candidate of the living demo whose évaluation préalable is planned, grid empty.
CANDIDATE = "Aurélie ARNAUD"
DOMAINS = ("1", "2", "3", "4", "5", "6", "7")
NOT_ACQUIRED = "1.1.1"
LANDMARK_RULES = """async () => (await axe.run(document, {runOnly: [
  "landmark-unique", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
  "landmark-no-duplicate-main", "landmark-banner-is-top-level",
  "landmark-contentinfo-is-top-level", "landmark-main-is-top-level",
]})).violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html.slice(0, 160))}))"""


async def test_a_full_clea_grid_in_under_30_interactions(browser: Browser, server_url: str) -> None:
    interactions = 0

    async def act(gesture: Awaitable[None]) -> None:
        nonlocal interactions
        interactions += 1
        await gesture

    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        page = await context.new_page()
        # The evaluator logs in and works for the Greta
        await page.goto(server_url + "/connexion")
        form = page.get_by_role("form", name="Connexion par mot de passe")
        await act(
            form.get_by_role("textbox", name="Adresse e-mail").fill("evaluatrice@greta-demo.fr")
        )
        await act(form.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD))
        await act(form.get_by_role("button", name="Se connecter").click())
        switcher = page.get_by_role("combobox", name="Organisation active")
        await expect(page.get_by_test_id("user-menu")).to_have_text("Sophie Leroy")
        if await switcher.input_value() != GRETA:
            await act(switcher.click())
            await act(page.get_by_role("option", name=GRETA, exact=True).click())
        await expect(switcher).to_have_value(GRETA)

        # She finds the candidate's dossier and opens the grid
        await act(
            page.get_by_role("banner").get_by_role("link", name="Dossiers", exact=True).click()
        )
        search = page.get_by_role("search", name="Filtres des dossiers")
        await act(search.get_by_role("searchbox", name="Rechercher un candidat").fill("Arnaud"))
        await act(
            page.get_by_role("table", name="Liste des dossiers")
            .get_by_role("link", name=CANDIDATE)
            .click()
        )
        await expect(page.get_by_role("heading", level=1)).to_have_text(CANDIDATE)
        dossier_url = page.url
        await act(page.get_by_role("link", name=re.compile("^Ouvrir la grille")).first.click())
        await expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation préalable")
        grid = page.get_by_test_id("evaluation-grid")
        progress = page.get_by_test_id("grid-progress")
        await expect(progress).to_have_text(f"0/{CLEA_CRITERIA} critères renseignés")

        # The jump links are named after the domains
        nav = page.get_by_role("navigation", name="Domaines de la grille")
        await expect(
            nav.get_by_role("link", name=re.compile(r"^1 La communication en français"))
        ).to_be_visible()

        # One criterion not acquired, then each domain « tout acquis »
        item = grid.locator(f'li[data-item="{NOT_ACQUIRED}"]')
        await act(item.get_by_role("radio", name="Non acquis").check())
        for domain in DOMAINS:
            await act(
                grid.get_by_role(
                    "button", name=re.compile(rf"^Tout acquis : .* du domaine {domain}$")
                ).click()
            )
        await expect(progress).to_have_text(f"{CLEA_CRITERIA}/{CLEA_CRITERIA} critères renseignés")
        await expect(item.get_by_role("radio", name="Non acquis")).to_be_checked()

        # The last one undone, then done again
        marked = page.get_by_test_id("marked-acquired")
        await expect(marked).to_contain_text("du domaine 7 marqués « acquis »")
        await act(marked.get_by_role("button", name="Annuler").click())
        await expect(progress).not_to_have_text(
            f"{CLEA_CRITERIA}/{CLEA_CRITERIA} critères renseignés"
        )
        await act(
            grid.get_by_role("button", name=re.compile(r"^Tout acquis : .* du domaine 7$")).click()
        )
        await expect(progress).to_have_text(f"{CLEA_CRITERIA}/{CLEA_CRITERIA} critères renseignés")
        status = page.get_by_test_id("save-status")
        await expect(status).to_have_attribute("data-status", "saved", timeout=SAVE_TIMEOUT_MS)
        await expect(grid.locator('li[data-item][data-value="acquis"]')).to_have_count(
            CLEA_CRITERIA - 1
        )

        # What was saved is what the server gives back
        await page.reload()
        await expect(progress).to_have_text(f"{CLEA_CRITERIA}/{CLEA_CRITERIA} critères renseignés")
        await expect(item).to_have_attribute("data-value", "non_acquis")

        # She closes the evaluation: one criterion missing, the dossier goes to training
        await act(
            page.get_by_test_id("grid-toolbar")
            .get_by_role("button", name="Clore l’évaluation")
            .click()
        )
        dialog = page.get_by_role("dialog", name="Clore l’évaluation")
        await no_accessibility_violations(page, "dialogue de clôture")
        # Landmarks stay unique with the dialog open (axe's moderate landmark rules).
        landmarks = await page.evaluate(LANDMARK_RULES)
        assert landmarks == [], landmarks
        await act(dialog.get_by_role("button", name="Confirmer la clôture").click())
        await expect(page).to_have_url(dossier_url)
        await expect(page.get_by_test_id("dossier-status")).to_have_text(TRAINING)
    finally:
        await context.close()

    assert interactions < 30, interactions
