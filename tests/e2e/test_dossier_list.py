"""The dossier list of the living demo: its view survives a visit to a dossier (Back),
the trainer finds « the dossiers I train », and a phone shows cards, not a wide table."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from playwright.async_api import Browser, Page, expect

from clea_platform.demo.data import DEMO_PASSWORD
from tests.e2e.test_pathway import GRETA, TRAINING
from tests.e2e.widgets import no_accessibility_violations


@asynccontextmanager
async def logged_in(
    browser: Browser, server_url: str, email: str, name: str, **context: Any
) -> AsyncIterator[Page]:
    browser_context = await browser.new_context(locale="fr-FR", bypass_csp=True, **context)
    try:
        page = await browser_context.new_page()
        await page.goto(server_url + "/connexion")
        form = page.get_by_role("form", name="Connexion par mot de passe")
        await form.get_by_role("textbox", name="Adresse e-mail").fill(email)
        await form.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
        await form.get_by_role("button", name="Se connecter").click()
        await expect(page.get_by_test_id("user-menu")).to_have_text(name)
        await expect(page.get_by_role("combobox", name="Organisation active")).to_have_value(GRETA)
        yield page
    finally:
        await browser_context.close()


async def test_the_list_view_survives_back(browser: Browser, server_url: str) -> None:
    async with logged_in(browser, server_url, "conseiller@greta-demo.fr", "Karim Benali") as page:
        await page.goto(server_url + "/dossiers")
        # The user menu, open, passes axe (its label's contrast, its children)
        await page.get_by_test_id("user-menu").click()
        await expect(page.get_by_role("menuitem", name="Se déconnecter")).to_be_visible()
        await no_accessibility_violations(page, "menu de l’utilisateur ouvert")
        await page.keyboard.press("Escape")
        await expect(page.get_by_role("menu")).to_have_count(0)
        await page.get_by_role("tab", name="En formation").click()
        search = page.get_by_role("search", name="Filtres des dossiers")
        # Two of the demo's candidates in training are called « Rousse… »
        await search.get_by_role("searchbox", name="Rechercher un candidat").fill("rousse")
        table = page.get_by_role("table", name="Liste des dossiers")
        names = ["Chloé ROUSSEL", "Sophie ROUSSEAU"]  # newest first
        await expect(table.get_by_role("link")).to_have_text(names)
        await expect(page).to_have_url(re.compile(r"statut=TRAINING.*q=rousse"))

        await table.get_by_role("link", name=names[1]).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(names[1])
        await page.go_back()

        # The same view: tab, search and rows
        await expect(page.get_by_role("tab", name="En formation")).to_have_attribute(
            "aria-selected", "true"
        )
        await expect(search.get_by_role("searchbox", name="Rechercher un candidat")).to_have_value(
            "rousse"
        )
        await expect(table.get_by_role("link")).to_have_text(names)
        await expect(table.get_by_test_id("dossier-status")).to_have_text([TRAINING, TRAINING])


async def test_the_trainer_finds_the_dossiers_he_trains(browser: Browser, server_url: str) -> None:
    async with logged_in(browser, server_url, "formateur@greta-demo.fr", "Julien Moreau") as page:
        await page.goto(server_url + "/dossiers")
        table = page.get_by_role("table", name="Liste des dossiers")
        await expect(table).to_be_visible()
        everything = await table.get_by_role("row").count()
        mine = page.get_by_role("checkbox", name="Uniquement les dossiers que je forme")
        await mine.click()
        await expect(mine).to_be_checked()
        await expect(page).to_have_url(re.compile(r"formateur=moi"))
        # The Greta's demo dossiers whose plan names him: in training, at the finale,
        # ready after it, on the agenda, decided, abandoned after training, expired.
        await expect(table.get_by_role("row")).not_to_have_count(everything)
        await expect(table.get_by_role("row").nth(1)).to_be_visible()
        # Plans naming him: five in training, three at the finale, one ready for the jury,
        # three on a jury's agenda, six decided, one abandoned, two expired.
        await expect(page.get_by_role("tab", name="Tous (21)")).to_be_visible()
        await expect(page.get_by_role("tab", name="En formation (5)")).to_be_visible()


async def test_a_phone_shows_cards(browser: Browser, server_url: str) -> None:
    async with logged_in(
        browser,
        server_url,
        "conseiller@greta-demo.fr",
        "Karim Benali",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    ) as page:
        await page.goto(server_url + "/dossiers")
        cards = page.get_by_role("list", name="Liste des dossiers")
        await expect(cards.get_by_role("listitem").first).to_be_visible()
        await expect(page.get_by_role("table", name="Liste des dossiers")).to_have_count(0)
        wide = await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide
        await no_accessibility_violations(page, "liste des dossiers sur un téléphone")
