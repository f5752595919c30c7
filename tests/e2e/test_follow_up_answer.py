"""« Que sont-ils devenus ? » in Chromium on a phone: a certified person answers the
follow-up questionnaire from the link of the e-mail, once.

Setup over the GraphQL API, with the candidate space test's steps: a Greta candidate with
an e-mail address is assessed, trained and certified by a jury. Their certificate is then
dated back six months and a day in the served database (the only shortcut: nobody waits
six months), and the daily run (``clea reminders send``, as cron runs it) e-mails the
questionnaire. Through the screens: the person opens the link read from the e-mail the
server wrote, answers, sees the thanks; opening the link again says it was answered
already. Each page passes the axe check.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import uuid
from pathlib import Path

from playwright.async_api import Browser, expect
from sqlalchemy import create_engine, update

from clea_platform.certificates.models import Certificate
from clea_platform.core.config import SQLITE_FILE_NAME
from clea_platform.reminders.ledger import add_months
from tests.e2e.conftest import clea
from tests.e2e.test_candidate_space import (
    certified_by_a_jury,
    dossier_with_attestation,
    mailed_link,
    phone,
    trained_and_ready_for_jury,
)
from tests.e2e.widgets import no_accessibility_violations


def certified_six_months_ago(data_dir: Path, candidate_id: str) -> None:
    """The candidate's certificate, issued six months and a day ago (the 6-month wave)."""
    issued = add_months(dt.datetime.now(dt.UTC).date(), -6) - dt.timedelta(days=1)
    engine = create_engine(f"sqlite:///{data_dir / SQLITE_FILE_NAME}")
    try:
        with engine.begin() as connection:
            changed = connection.execute(
                update(Certificate)
                .where(Certificate.candidate_id == uuid.UUID(candidate_id))
                .values(issued_at=dt.datetime.combine(issued, dt.time(10), tzinfo=dt.UTC))
            )
            assert changed.rowcount == 1
    finally:
        engine.dispose()


def daily_run(data_dir: Path, server_url: str) -> None:
    """``clea reminders send`` on the served database, its links naming the served port."""
    env = {
        **os.environ,
        "CLEA_DATA_DIR": str(data_dir),
        "CLEA_ENV": "development",
        "CLEA_BASE_URL": server_url,
    }
    env.pop("CLEA_DATABASE_URL", None)
    clea("reminders", "send", env=env)


async def test_a_certified_person_answers_the_follow_up_once_from_the_emailed_link(
    browser: Browser, server_url: str, server_data_dir: Path
) -> None:
    # Given a Greta candidate certified six months ago, and the daily run
    address = f"awa.suivi.{secrets.token_hex(3)}@candidats-e2e.fr"
    candidate_id, dossier_id, _ = await dossier_with_attestation(server_url, address)
    await trained_and_ready_for_jury(server_url, dossier_id)
    await certified_by_a_jury(server_url, dossier_id)
    certified_six_months_ago(server_data_dir, candidate_id)
    daily_run(server_data_dir, server_url)
    link = mailed_link(server_data_dir, address, r"https?://\S+/suivi-certifies\?jeton=[\w-]+")
    assert link.startswith(f"{server_url}/suivi-certifies?jeton="), link

    async with phone(browser) as page:
        # When the person opens the e-mailed link: the questionnaire, nothing personal
        await page.goto(link)
        await expect(page.get_by_role("heading", name="Que devenez-vous ?")).to_be_visible()
        form = page.get_by_role("form", name="Que devenez-vous ?")
        await expect(form).to_contain_text(
            "Vous avez obtenu CléA — certificat de connaissances et de compétences "
            "professionnelles il y a 6 mois, avec Greta démo Paris Centre."
        )
        await no_accessibility_violations(page, "questionnaire de suivi")

        # And answers: in employment, with a new employer, no other certification planned
        await form.get_by_role("radio", name="En emploi").check()
        await form.get_by_role("radio", name="Un nouvel employeur").check()
        plan = form.get_by_role("radiogroup", name="Vous prévoyez une autre certification")
        await plan.get_by_role("radio", name="Non").check()
        await form.get_by_role("button", name="Envoyer mes réponses").click()

        # Then the thanks, and the form is gone
        thanks = page.get_by_role("status").filter(has_text="Merci !")
        await expect(thanks).to_contain_text("Vos réponses sont enregistrées.")
        await expect(form).to_have_count(0)
        await no_accessibility_violations(page, "remerciement du questionnaire de suivi")

    async with phone(browser) as page:
        # When the link is opened again: answered already, no form
        await page.goto(link)
        refusal = page.get_by_role("alert").filter(has_text="Questionnaire impossible")
        await expect(refusal).to_contain_text("Vous avez déjà répondu à ce questionnaire. Merci !")
        await expect(page.get_by_role("button", name="Envoyer mes réponses")).to_have_count(0)
        await no_accessibility_violations(page, "questionnaire de suivi déjà rempli")
