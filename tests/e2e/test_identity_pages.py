"""An organisation admin logs in, invites a colleague and creates an API key; logging out."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.e2e.conftest import accessibility_violations


async def test_an_org_admin_logs_in_invites_a_member_and_creates_an_api_key(
    page: Page, server_url: str
) -> None:
    # Given the login page
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill("admin@greta-demo.fr")
    await form.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    await form.get_by_role("button", name="Se connecter").click()

    # A wrong password is explained in French
    alert = page.get_by_role("alert").filter(has_text="Connexion impossible")
    await expect(alert).to_contain_text("Adresse e-mail ou mot de passe incorrect.")
    assert await accessibility_violations(page) == []

    # When the right password is given
    await form.get_by_label("Mot de passe", exact=True).fill("Plateforme-CleA-demo")
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_contain_text("Alice Martin")

    # Then she invites an evaluator
    await page.goto(server_url + "/organisation/membres")
    invite = page.get_by_role("form", name="Inviter un membre")
    await invite.get_by_role("textbox", name="Adresse e-mail").fill("nouvelle@exemple.fr")
    await invite.get_by_role("combobox", name="Rôles").click()
    await page.get_by_role("option", name="Évaluateur").click()
    await page.keyboard.press("Escape")
    await invite.get_by_role("button", name="Inviter").click()
    await expect(page.get_by_role("status").filter(has_text="nouvelle@exemple.fr")).to_be_visible()
    await expect(
        page.get_by_role("table", name="Invitations").get_by_text("nouvelle@exemple.fr")
    ).to_be_visible()
    assert await accessibility_violations(page) == []

    # And creates an API key whose secret is shown once
    await page.goto(server_url + "/organisation/cles-api")
    key_form = page.get_by_role("form", name="Nouvelle clé d'API")
    await key_form.get_by_role("textbox", name="Nom de la clé").fill("Export statistiques")
    await key_form.get_by_role("combobox", name="Rôle").click()
    await page.get_by_role("option", name="Lecteur").click()
    await key_form.get_by_role("button", name="Créer la clé").click()
    secret = page.get_by_test_id("api-key-secret")
    await expect(secret).to_contain_text("clea_")
    await expect(page.get_by_text("Cette clé ne sera plus affichée").first).to_be_visible()
    await page.get_by_role("button", name="J’ai copié la clé").click()
    await expect(page.get_by_test_id("api-key-secret")).to_have_count(0)
    await expect(page.get_by_text("Export statistiques")).to_be_visible()


async def test_an_adviser_cannot_open_the_administration_pages_and_logs_out(
    page: Page, server_url: str
) -> None:
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill("conseiller@greta-demo.fr")
    await form.get_by_label("Mot de passe", exact=True).fill("Plateforme-CleA-demo")
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_contain_text("Karim Benali")

    await page.goto(server_url + "/organisation/cles-api")

    await expect(page.get_by_text("Accès refusé").first).to_be_visible()

    # When he logs out through the user menu
    await page.get_by_test_id("user-menu").click()
    await page.get_by_role("menuitem", name="Se déconnecter").click()
    await expect(page.get_by_role("form", name="Connexion par mot de passe")).to_be_visible()

    # Then he is logged out: his account page asks him to log in
    await page.goto(server_url + "/compte")
    await expect(page.get_by_role("form", name="Connexion par mot de passe")).to_be_visible()
    await expect(page.get_by_test_id("user-menu")).to_have_count(0)
