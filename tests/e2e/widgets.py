"""Helpers that drive the interface's shared widgets the way a user does."""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import accessibility_violations

# A Mantine select opens its listbox on click; under a loaded CI machine a click
# that lands while the form re-renders (a reset after a save, a refetch) can be
# swallowed, so the user's gesture is repeated, as a person would.
OPEN_ATTEMPTS = 3
OPTION_WAIT_MS = 5_000


async def choose(page: Page, scope: Locator, combobox: str, option: str) -> None:
    """Pick ``option`` in a Mantine select (its listbox is rendered in a portal)."""
    box = scope.get_by_role("combobox", name=combobox, exact=True)
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        await box.click()
        try:
            await choice.click(timeout=OPTION_WAIT_MS)
            break
        except PlaywrightError:
            if attempt == OPEN_ATTEMPTS:
                raise
            await box.press("Escape")
    await expect(box).to_have_value(option)


async def no_accessibility_violations(page: Page, where: str) -> None:
    violations = await accessibility_violations(page)
    assert violations == [], f"{where} : {violations}"
