"""Search before creating, the candidate list and the dossier list's sort, in Chromium.

The adviser registers nobody twice: the wizard finds the person already registered
(« Utiliser ce candidat ») and opens her dossier on that candidate; the dossier list sorted
by name keeps its sort through a visit to a dossier (Back); the candidate list shows her
with her dossier.
"""

from __future__ import annotations

import re
import secrets

import httpx
from playwright.async_api import Browser, expect

from tests.e2e.api_setup import ADVISER, act_for_greta, api_login, graphql
from tests.e2e.test_dossier_list import logged_in
from tests.e2e.test_pathway import CLEA
from tests.e2e.widgets import choose, no_accessibility_violations

BIRTH_DATE = "1979-11-23"
COUNT = (
    "query ($q: String!) { candidates(filter: {search: $q}) { totalCount "
    "edges { node { dossiers { id } } } } }"
)


async def registered_without_dossier(server_url: str, birth_name: str) -> None:
    """A person the Greta's adviser registered earlier, whose wizard stopped at step 1."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as adviser:
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        created = await graphql(
            adviser,
            "mutation ($name: String!, $born: Date!) { createCandidate(input: {"
            ' civility: MADAME, birthName: $name, firstNames: "Odile", birthDate: $born,'
            ' birthCountry: "France", birthCity: "Nantes", birthPostalCode: "44000",'
            ' email: "odile.e2e@exemple.fr",'
            " statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP})"
            " { candidate { id } errors { message } } }",
            name=birth_name,
            born=BIRTH_DATE,
        )
        assert created["createCandidate"]["errors"] == [], created


async def candidates_named(server_url: str, birth_name: str) -> list[dict[str, object]]:
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as adviser:
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        found = await graphql(adviser, COUNT, q=birth_name)
        return [edge["node"] for edge in found["candidates"]["edges"]]


async def test_the_wizard_finds_the_person_already_registered_and_uses_her(
    browser: Browser, server_url: str
) -> None:
    birth_name = f"Recherche-{secrets.token_hex(3)}"
    await registered_without_dossier(server_url, birth_name)

    async with logged_in(browser, server_url, ADVISER, "Karim Benali") as page:
        await page.goto(server_url + "/dossiers/nouveau")
        await expect(page.get_by_role("heading", name="Étape 1 sur 3 : Candidat")).to_be_visible()
        candidate = page.get_by_role("form", name="Candidat")
        await candidate.get_by_role("textbox", name="Nom de naissance", exact=True).fill(
            birth_name.upper()
        )
        await candidate.get_by_role("textbox", name="Prénom(s)", exact=True).fill("odile")
        await candidate.get_by_label("Date de naissance").fill(BIRTH_DATE)

        found = candidate.get_by_role("list", name="Candidats déjà enregistrés")
        await expect(found).to_contain_text(f"Odile {birth_name.upper()}")
        await expect(found).to_contain_text("Aucun dossier")
        await no_accessibility_violations(page, "assistant, candidat déjà enregistré")
        await found.get_by_role("button", name=re.compile("^Utiliser ce candidat")).click()

        await expect(page.get_by_role("heading", name="Étape 2 sur 3 : Dossier")).to_be_visible()
        dossier = page.get_by_role("form", name="Dossier")
        await choose(page, dossier, "Certification", CLEA)
        await choose(page, dossier, "Prescripteur", "France Travail")
        await choose(page, dossier, "Financement", "Compte personnel de formation (CPF)")
        await dossier.get_by_role(
            "checkbox", name="Le candidat a donné son accord lors de l’entretien d’information"
        ).check()
        await dossier.get_by_role("button", name="Suivant").click()
        summary = page.get_by_test_id("dossier-summary")
        await expect(summary).to_contain_text(f"Odile {birth_name.upper()}")
        await expect(summary).to_contain_text("23/11/1979")
        await page.get_by_role("button", name="Ouvrir le dossier").click()
        await expect(page).to_have_url(re.compile(r"/dossiers/[0-9a-f-]{36}$"))

    # One candidate, now with her dossier: nobody was registered twice
    (person,) = await candidates_named(server_url, birth_name)
    assert len(person["dossiers"]) == 1  # type: ignore[arg-type]


async def test_the_sorted_dossier_list_survives_back_and_the_candidate_list_shows_dossiers(
    browser: Browser, server_url: str
) -> None:
    async with logged_in(browser, server_url, ADVISER, "Karim Benali") as page:
        await page.goto(server_url + "/dossiers")
        await page.get_by_role("tab", name="En formation").click()
        filters = page.get_by_role("search", name="Filtres des dossiers")
        # Two of the demo's candidates in training are called « Rousse… »
        await filters.get_by_role("searchbox", name="Rechercher un candidat").fill("rousse")
        table = page.get_by_role("table", name="Liste des dossiers")
        links = table.get_by_role("link")
        await expect(links).to_have_text(["Chloé ROUSSEL", "Sophie ROUSSEAU"])  # newest first
        opened = table.get_by_role("columnheader", name=re.compile("^Ouvert le"))
        await expect(opened).to_have_attribute("aria-sort", "descending")

        await table.get_by_role("button", name="Candidat (trier)").click()
        await expect(page).to_have_url(re.compile(r"tri=NAME_ASC"))
        header = table.get_by_role("columnheader", name=re.compile("^Candidat"))
        await expect(header).to_have_attribute("aria-sort", "ascending")
        await expect(opened).to_have_attribute("aria-sort", "none")
        # By birth name: « Rousseau » before « Roussel »
        names = ["Sophie ROUSSEAU", "Chloé ROUSSEL"]
        await expect(links).to_have_text(names)
        await no_accessibility_violations(page, "liste des dossiers triée")

        await links.first.click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(names[0])
        await page.go_back()

        await expect(page).to_have_url(re.compile(r"tri=NAME_ASC"))
        await expect(header).to_have_attribute("aria-sort", "ascending")
        await expect(links).to_have_text(names)
        await expect(page.get_by_role("tab", name="En formation")).to_have_attribute(
            "aria-selected", "true"
        )

        # The candidate list, from the navigation
        await page.get_by_role("banner").get_by_role("link", name="Candidats", exact=True).click()
        await expect(page.get_by_role("heading", name="Candidats", level=1)).to_be_visible()
        search = page.get_by_role("search", name="Recherche de candidats")
        await search.get_by_role("searchbox", name="Rechercher un candidat").fill("rousseau")
        await expect(page).to_have_url(re.compile(r"q=rousseau"))
        candidates = page.get_by_role("table", name="Liste des candidats")
        await expect(candidates).to_contain_text("Sophie ROUSSEAU")
        await expect(candidates.get_by_role("link").first).to_have_attribute(
            "href", re.compile(r"^/dossiers/[0-9a-f-]{36}$")
        )
        await no_accessibility_violations(page, "liste des candidats")
        download = page.get_by_role("link", name="Exporter en CSV")
        await expect(download).to_have_attribute("href", "/exports/candidats.csv?q=rousseau")
