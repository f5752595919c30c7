"""The bulk import in Chromium (issue #17): the Greta's adviser uploads a list, reads the
report (row, column, reason), uploads the corrected list and confirms it; the candidates'
dossiers are then on the dossier list.

The two steps are the product's rule (docs/exchange.md): nothing is created before the
confirmation, and a file with a problem cannot be confirmed.
"""

from __future__ import annotations

import uuid

from playwright.async_api import Browser, Page, expect

from tests.e2e.test_pathway import ADVISER, logged_in
from tests.e2e.widgets import no_accessibility_violations
from tests.exchange.conftest import csv_file, person


async def upload(page: Page, content: bytes, name: str) -> None:
    await page.locator('input[type="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    await page.get_by_role("button", name="Vérifier le fichier").click()


async def test_the_adviser_uploads_reads_the_report_corrects_and_confirms(
    browser: Browser, server_url: str
) -> None:
    base = uuid.uuid4().int % 10_000_000
    names = [f"Importe{chr(ord('a') + n)}{base}" for n in range(2)]
    rows = [person(base + n, **{"Nom de naissance": names[n]}) for n in range(2)]
    wrong = [rows[0], {**rows[1], "Date de naissance": "1990-04-12"}]

    async with logged_in(browser, server_url, ADVISER) as page:
        await page.goto(server_url + "/dossiers")
        await page.get_by_role("link", name="Importer un fichier").click()
        await expect(
            page.get_by_role("heading", name="Importer des candidats", level=1)
        ).to_be_visible()

        # Step 1, a file with a mistake: the report names the row and the column.
        await upload(page, csv_file(wrong), "inscrits-faux.csv")
        problems = page.get_by_test_id("import-problems")
        await expect(problems).to_be_visible()
        row = problems.get_by_role("row", name="Date de naissance")
        await expect(row).to_contain_text("3")
        await expect(row).to_contain_text("JJ/MM/AAAA")
        await expect(page.get_by_role("button", name="Confirmer l’import")).to_have_count(0)
        await expect(page.get_by_role("link", name="Télécharger le rapport (CSV)")).to_be_visible()
        await no_accessibility_violations(page, "rapport d'import")

        # Step 2, the corrected file: confirmed, everything is created at once.
        await upload(page, csv_file(rows), "inscrits.csv")
        await expect(page.get_by_text("2 ligne(s) sans problème.")).to_be_visible()
        await page.get_by_role("button", name="Confirmer l’import").click()
        await expect(page.get_by_text("Import terminé")).to_be_visible()
        await expect(page.get_by_text("2 dossier(s) créé(s)", exact=False)).to_be_visible()
        recent = page.get_by_role("table", name="Imports récents")
        await expect(recent.get_by_role("row", name="inscrits.csv")).to_contain_text("importé")

        await page.goto(server_url + "/dossiers")
        await page.get_by_role("searchbox", name="Rechercher un candidat").fill(names[0])
        await expect(page.get_by_text(names[0], exact=False).first).to_be_visible()
