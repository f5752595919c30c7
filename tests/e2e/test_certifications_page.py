"""A visitor opens the platform and browses the CléA référentiel."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.e2e.conftest import accessibility_violations


async def test_a_visitor_lists_the_certifications_and_expands_the_clea_tree(
    page: Page, server_url: str
) -> None:
    # Given the platform's home page: CléA explained in plain French
    await page.goto(server_url + "/")
    await expect(
        page.get_by_role(
            "heading", name="CléA : faire reconnaître ses compétences professionnelles"
        )
    ).to_be_visible()
    await expect(page.get_by_role("heading", name="Les quatre étapes")).to_be_visible()
    main = page.get_by_role("main")
    await expect(main.get_by_role("link", name="Chercher un organisme évaluateur")).to_be_visible()
    await expect(main.get_by_role("link", name="Vérifier un certificat")).to_be_visible()
    assert await accessibility_violations(page) == []

    # When the visitor follows the link to the certifications
    await main.get_by_role("link", name="Les certifications CléA").click()

    # Then the three certifications are listed, with readable version names
    await expect(page.get_by_role("heading", name="Certifications", exact=True)).to_be_visible()
    for title in ("CléA — certificat", "CléA numérique", "CléA Management"):
        await expect(page.get_by_text(title).first).to_be_visible()
    await expect(page.get_by_text("édition 2021 (n° 1)")).to_be_visible()
    await expect(page.get_by_text("CLEA_NUMERIQUE")).to_have_count(0)
    assert await accessibility_violations(page) == []

    # When the visitor opens the CléA référentiel
    await page.goto(server_url + "/certifications/CLEA")
    tree = page.get_by_test_id("referentiel-tree")
    await expect(tree).to_be_visible()
    domain = tree.get_by_role("button", name="1 La communication en français")
    await expect(domain).to_have_attribute("aria-expanded", "false")
    await expect(tree.get_by_text("Porter attention aux propos tenus")).to_have_count(0)

    # And expands the first domain, then its first sub-domain
    await domain.click()
    await expect(domain).to_have_attribute("aria-expanded", "true")
    sub_domain = tree.get_by_role("button", name="1.1 Écouter et comprendre")
    await sub_domain.click()

    # Then its criteria appear
    await expect(tree.get_by_text("Porter attention aux propos tenus")).to_be_visible()

    # And expanding everything shows every criterion, with the provisional marks
    await page.get_by_role("button", name="Tout déplier").click()
    await expect(tree.locator('[data-code="7.4.4"]')).to_be_visible()
    await expect(tree.locator('[data-code="4.1"]').get_by_text("provisoire").first).to_be_visible()
    # The version's notes are in French
    await expect(page.get_by_test_id("provisional-notice")).to_contain_text(
        "Le référentiel officiel compte 7 domaines"
    )
    assert await accessibility_violations(page) == []


async def test_a_client_side_route_survives_a_reload(page: Page, server_url: str) -> None:
    await page.goto(server_url + "/certifications/CLEA_NUMERIQUE")

    await expect(page.get_by_test_id("referentiel-tree")).to_be_visible()
    await expect(
        page.get_by_text("Interagir en mode collaboratif", exact=False).first
    ).to_be_visible()
