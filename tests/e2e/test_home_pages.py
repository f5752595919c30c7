"""Each role lands on its home page after login, with figures that follow the data.

The test reads the Greta's and the national figures, then opens two dossiers over the
API (one left « ouvert », one whose évaluation préalable finds nothing missing, so it
goes straight to the jury pool), and reads the figures again: they moved by exactly what
was set up. The adviser finds the dossier waiting on him, with its reason.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from playwright.async_api import Browser, Page, expect

from tests.e2e.api_setup import (
    act_for_greta,
    api_login,
    graphql,
    interviewed,
    recorded_and_closed,
)
from tests.e2e.test_pathway import DEMO_PASSWORD, GRETA
from tests.e2e.widgets import no_accessibility_violations

GRETA_ADMIN = ("admin@greta-demo.fr", "Alice Martin")
CERTIFPRO_ADMIN = ("admin@certifpro.demo", "Camille Certif")
ADVISER = ("conseiller@greta-demo.fr", "Karim Benali")
EVALUATOR = ("evaluatrice@greta-demo.fr", "Sophie Leroy")
GRETA_REGION = "Île-de-France"


@asynccontextmanager
async def home_of(
    browser: Browser, server_url: str, person: tuple[str, str]
) -> AsyncIterator[Page]:
    """A browser of ``person``'s own, logged in: where the login leads is their home."""
    email, full_name = person
    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        page = await context.new_page()
        await page.goto(server_url + "/connexion")
        form = page.get_by_role("form", name="Connexion par mot de passe")
        await form.get_by_role("textbox", name="Adresse e-mail").fill(email)
        await form.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
        await form.get_by_role("button", name="Se connecter").click()
        await expect(page.get_by_test_id("user-menu")).to_have_text(full_name)
        await expect(page).to_have_url(server_url + "/accueil")
        await expect(page.get_by_role("heading", level=1, name="Accueil")).to_be_visible()
        yield page
    finally:
        await context.close()


async def figure(page: Page, test_id: str) -> int:
    """A key figure as shown (French grouping: « 1 234 »)."""
    box = page.get_by_test_id(test_id)
    await expect(box).to_be_visible()
    text = await box.locator("p").last.inner_text()
    return int("".join(ch for ch in text if ch.isdigit()))


async def table_value(page: Page, table_id: str, label: str) -> int:
    """A row of the data table beside a chart (0 when the row is absent)."""
    cell = page.get_by_test_id(table_id).locator(f'tr[data-label="{label}"] td')
    if await cell.count() == 0:
        return 0
    return int(await cell.get_attribute("data-value") or "0")


def euros(text: str) -> float:
    """« 1 234,00 € HT pour … » → 1234.0."""
    amount = text.split("€")[0]
    return float("".join(ch for ch in amount if ch.isdigit() or ch == ",").replace(",", "."))


async def open_dossier(adviser: httpx.AsyncClient, birth_name: str) -> str:
    """A CléA dossier of the Greta for a new candidate, opened today."""
    site = (await graphql(adviser, "{ sites { id } }"))["sites"][0]["id"]
    created = await graphql(
        adviser,
        "mutation ($name: String!) { createCandidate(input: {"
        ' civility: MONSIEUR, birthName: $name, firstNames: "Théo", birthDate: "2001-04-05",'
        ' birthCountry: "France", birthCity: "Paris", statusAtRegistration: JOBSEEKER,'
        ' educationLevel: CAP_BEP, professionalSector: "Q", confirmNotDuplicate: true})'
        " { candidate { id } errors { message } } }",
        name=birth_name,
    )
    assert created["createCandidate"]["errors"] == [], created
    candidate_id = created["createCandidate"]["candidate"]["id"]
    await interviewed(adviser, candidate_id, "CLEA")
    opened = await graphql(
        adviser,
        "mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,"
        ' certificationCode: "CLEA", siteId: $s, prescriberType: FRANCE_TRAVAIL,'
        " financing: CPF, consent: true}) { dossier { id } errors { message } } }",
        c=candidate_id,
        s=site,
    )
    assert opened["openDossier"]["errors"] == [], opened
    dossier_id: str = opened["openDossier"]["dossier"]["id"]
    return dossier_id


async def set_up_two_dossiers(server_url: str, waiting: str, ready: str) -> None:
    async with (
        httpx.AsyncClient(base_url=server_url, timeout=30) as adviser,
        httpx.AsyncClient(base_url=server_url, timeout=30) as evaluator,
    ):
        await act_for_greta(adviser, await api_login(adviser, ADVISER[0]))
        await open_dossier(adviser, waiting)
        dossier_id = await open_dossier(adviser, ready)
        await act_for_greta(evaluator, await api_login(evaluator, EVALUATOR[0]))
        started: dict[str, Any] = await graphql(
            evaluator,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL})"
            " { evaluation { id revision targetItems } errors { message } } }",
            d=dossier_id,
        )
        assert started["startEvaluation"]["errors"] == [], started
        await recorded_and_closed(evaluator, started["startEvaluation"]["evaluation"])


async def test_each_role_lands_on_a_home_page_whose_figures_follow_the_data(
    browser: Browser, server_url: str
) -> None:
    waiting, ready = f"Attente-{uuid.uuid4().hex[:6]}", f"Jury-{uuid.uuid4().hex[:6]}"
    async with (
        home_of(browser, server_url, GRETA_ADMIN) as greta,
        home_of(browser, server_url, CERTIFPRO_ADMIN) as certifpro,
    ):
        # Given the Greta's figures and the national ones, as their administrators see them
        await expect(greta.get_by_text(GRETA).first).to_be_visible()
        opened = await figure(greta, "chiffre-ouverts")
        direct = await table_value(greta, "entonnoir", "Directement au jury")
        national = await figure(certifpro, "chiffre-ouverts")
        pool = await table_value(certifpro, "vivier-regions", GRETA_REGION)
        await expect(greta.get_by_test_id("habilitations")).to_contain_text("CLEA")
        await expect(greta.get_by_test_id("membres")).to_contain_text("membre(s)")
        fees_before = await greta.get_by_test_id("redevances-trimestre").inner_text()
        await expect(certifpro.get_by_test_id("candidatures-a-examiner")).to_be_visible()

        # When the adviser opens two dossiers, one of which goes straight to the jury
        await set_up_two_dossiers(server_url, waiting, ready)
        await greta.reload()
        await certifpro.reload()

        # Then both homes count two more dossiers, one more straight to a jury
        await expect(greta.get_by_test_id("chiffre-ouverts")).to_contain_text(str(opened + 2))
        assert await table_value(greta, "entonnoir", "Directement au jury") == direct + 1
        # (one more évaluation préalable closed: 20 € more this quarter)
        fees_after = await greta.get_by_test_id("redevances-trimestre").inner_text()
        assert euros(fees_after) == euros(fees_before) + 20
        await expect(certifpro.get_by_test_id("chiffre-ouverts")).to_contain_text(
            f"{national + 2:,}".replace(",", "\u202f")
        )
        await expect(
            certifpro.get_by_test_id("vivier-regions").locator(
                f'tr[data-label="{GRETA_REGION}"] td'
            )
        ).to_have_attribute("data-value", str(pool + 1))
        # And the year's downloads: a breakdown as CSV, the annual report as PDF
        csv_link = greta.get_by_role("link", name=re.compile(r"par région \(CSV\)"))
        csv = await greta.request.get(server_url + (await csv_link.get_attribute("href") or ""))
        assert csv.ok
        assert (await csv.text()).lstrip("\ufeff").startswith("dimension;code;categorie;")
        pdf_link = greta.get_by_role("link", name=re.compile(r"Rapport annuel \d{4} CLEA \(PDF\)"))
        pdf = await greta.request.get(server_url + (await pdf_link.get_attribute("href") or ""))
        assert pdf.ok
        assert (await pdf.body()).startswith(b"%PDF")
        await no_accessibility_violations(greta, "accueil de l'administratrice")
        await no_accessibility_violations(certifpro, "accueil de Certif'Pro")

        # And the statistics page breaks the year down, with a French reason for bad dates
        await certifpro.get_by_role(
            "link", name=re.compile("Toutes les statistiques")
        ).first.click()
        status = certifpro.get_by_test_id("repartition-STATUS_AT_REGISTRATION")
        await expect(status).to_contain_text("Demandeur d'emploi")
        await no_accessibility_violations(certifpro, "statistiques de Certif'Pro")
        await certifpro.get_by_label("au", exact=True).fill("01/01/2001")
        await certifpro.get_by_role("button", name="Afficher").click()
        await expect(certifpro.get_by_role("alert")).to_contain_text("Période inversée")

    # And the adviser finds the dossier left « ouvert » waiting on him, with the reason
    async with home_of(browser, server_url, ADVISER) as adviser:
        to_do = adviser.get_by_test_id("a-faire")
        # The longest-waiting come first: the whole list is one click away (other
        # scenarios leave dossiers waiting on the same adviser).
        await expect(to_do.get_by_role("listitem").first).to_be_visible()
        show_all = to_do.get_by_role("button", name=re.compile("Afficher les .* dossiers"))
        if await show_all.count():
            await show_all.click()
        item = to_do.get_by_role("listitem").filter(has_text=waiting.upper())
        await expect(item).to_contain_text("Évaluation préalable à planifier")
        await expect(to_do).not_to_contain_text(ready.upper())
        await no_accessibility_violations(adviser, "accueil du conseiller")

    # And the evaluator lands on her sittings and grids
    async with home_of(browser, server_url, EVALUATOR) as evaluator:
        await expect(evaluator.get_by_test_id("seances")).to_contain_text("Grilles à compléter")
