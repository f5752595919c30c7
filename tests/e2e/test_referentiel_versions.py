"""Certif'Pro publishes a new version of a référentiel from its screens, in Chromium:
the file is checked and compared with the published version, imported as a draft, then
published; the public référentiel page shows the new version's tree."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.async_api import FilePayload, Page, expect

from tests.e2e.conftest import accessibility_violations
from tests.e2e.widgets import choose

DEMO_PASSWORD = "Plateforme-CleA-demo"
MANAGEMENT = "CléA Management — socle des compétences de base du management"
BUNDLED = json.loads(
    (Path(__file__).resolve().parents[2] / "plugins/clea_management/referentiel.json").read_text()
)


def next_version() -> bytes:
    """The bundled file with area 2 renamed and area 3 replaced by a new area 4."""
    document = json.loads(json.dumps(BUNDLED))
    document["version"] = "2027-e2e"
    document["domains"][1]["title"] = "Animer, encadrer et fédérer l'équipe de travail"
    document["domains"][2] = {"code": "4", "title": "Piloter le travail à distance"}
    return json.dumps(document, ensure_ascii=False).encode()


async def test_certifpro_imports_compares_and_publishes_a_referentiel_version(
    page: Page, server_url: str
) -> None:
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill("admin@certifpro.demo")
    await form.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_have_text("Camille Certif")

    await page.get_by_role("link", name="Référentiels").click()
    await expect(page.get_by_role("heading", name="Référentiels", level=1)).to_be_visible()
    await choose(page, page.locator("main"), "Certification", MANAGEMENT)
    versions = page.get_by_test_id("referentiel-versions")
    await expect(versions.get_by_role("row", name="2022-areas-1")).to_contain_text("Publiée")

    # The file is checked and compared before anything is stored.
    upload = FilePayload(
        name="management-2027.json", mimeType="application/json", buffer=next_version()
    )
    await page.locator('input[type="file"]').set_input_files(files=[upload])
    diff = page.get_by_test_id("referentiel-diff")
    await expect(diff).to_contain_text("comparée à la version publiée « 2022-areas-1 »")
    await expect(diff).to_contain_text("4 Piloter le travail à distance")
    await expect(diff).to_contain_text(
        "« Animer et encadrer l'équipe de travail » devient "
        "« Animer, encadrer et fédérer l'équipe de travail »"
    )
    assert await accessibility_violations(page) == []

    await page.get_by_role("button", name="Importer comme brouillon").click()
    draft = versions.get_by_role("row", name="2027-e2e")
    await expect(draft).to_contain_text("Brouillon")

    await draft.get_by_role("button", name="Publier").click()
    dialog = page.get_by_role("dialog", name="Publier cette version")
    await expect(dialog).to_contain_text("Les dossiers déjà ouverts gardent la leur.")
    # Checked once the dialog has finished fading in (mid-way, its colours are not its own).
    await page.evaluate(
        "Promise.all(document.getAnimations().map((animation) => animation.finished))"
    )
    assert await accessibility_violations(page) == []
    await dialog.get_by_role("button", name="Publier").click()

    await expect(page.get_by_role("status")).to_contain_text("La version « 2027-e2e » est publiée")
    await expect(draft).to_contain_text("Publiée")
    await expect(versions.get_by_role("row", name="2022-areas-1")).to_contain_text("Retirée")

    # The public page shows the new tree.
    await page.goto(server_url + "/certifications/CLEA_MANAGEMENT")
    await expect(page.get_by_text("Piloter le travail à distance")).to_be_visible()
