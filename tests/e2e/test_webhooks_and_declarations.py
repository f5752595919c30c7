"""An org admin subscribes her system to webhooks; Certif'Pro opens its declarations and
outbox screens (real browser, served platform)."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.e2e.conftest import accessibility_violations, free_port

PASSWORD = "Plateforme-CleA-demo"


async def log_in(page: Page, server_url: str, email: str) -> None:
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill(email)
    await form.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_be_visible()


async def test_an_org_admin_subscribes_a_webhook_and_pauses_it(page: Page, server_url: str) -> None:
    await log_in(page, server_url, "admin@greta-demo.fr")
    await page.goto(server_url + "/organisation/webhooks")
    form = page.get_by_role("form", name="Nouvel abonnement")
    url = form.get_by_role("textbox", name="Adresse (URL)")
    # an address of the internal network is refused next to its field
    await url.fill("https://169.254.169.254/latest/meta-data")
    await form.get_by_role("checkbox", name="Certificat délivré").check()
    await form.get_by_role("button", name="Créer l'abonnement").click()
    await expect(url).to_have_accessible_description(re.compile("désigne un réseau interne"))
    # and the error summary above the form links to the field
    await expect(
        form.get_by_role("alert").get_by_role("link", name="Adresse (URL)")
    ).to_be_visible()
    # a local receiver (development: http to localhost allowed): the secret is shown once
    receiver = f"http://127.0.0.1:{free_port()}/hooks"
    await url.fill(receiver)
    await form.get_by_role("button", name="Créer l'abonnement").click()
    await expect(page.get_by_test_id("webhook-secret")).to_contain_text("whsec_")
    assert await accessibility_violations(page) == []
    await page.get_by_role("button", name="J’ai copié le secret").click()
    table = page.get_by_role("table", name="Abonnements")
    row = table.get_by_role("row").filter(has_text=receiver)
    await expect(row).to_contain_text("Actif")
    await row.get_by_role("button", name=f"Journal des envois vers {receiver}").click()
    await expect(page.get_by_text("Aucun envoi pour l'instant.")).to_be_visible()
    await row.get_by_role("button", name=f"Mettre en pause {receiver}").click()
    await expect(row).to_contain_text("En pause")
    assert await accessibility_violations(page) == []


async def test_certifpro_opens_declarations_and_the_outbox(page: Page, server_url: str) -> None:
    await log_in(page, server_url, "admin@certifpro.demo")
    await page.goto(server_url + "/plateforme/declarations")
    await expect(
        page.get_by_role("heading", name="Déclarations au système d'information du CPF")
    ).to_be_visible()
    form = page.get_by_role("form", name="Nouveau lot de déclarations")
    await form.get_by_label("Délivrés à partir du").fill("01/01/2026")
    await form.get_by_label("Jusqu'au (inclus)").fill("31/01/2026")
    await form.get_by_role("button", name="Produire le lot").click()
    await expect(page.get_by_role("status").filter(has_text="certificat")).to_be_visible()
    assert await accessibility_violations(page) == []
    await page.goto(server_url + "/plateforme/envois")
    await expect(page.get_by_role("table", name="Files d'envoi")).to_contain_text("Webhooks")
    assert await accessibility_violations(page) == []
