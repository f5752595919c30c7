"""A training organisation accredited for training only, in Chromium (#19).

Setup over the GraphQL API (what the campaign screens of ``test_accreditation_campaign.py``
do): Certif'Pro opens a CléA campaign that accepts training; a new organisation asks for
access, applies with one site asking for **training** only and a named trainer, and is
accepted; its administrator invites that trainer. The Greta demo has a CléA dossier in
training (``test_trainer_and_viewer.dossier_in_training``). Then:

- the Greta's adviser opens the training plan, picks « Un organisme habilité à former »,
  the new organisation (from the directory, training scope) and its trainer, and saves;
- the organisation's trainer opens « Formations », sees the plan (candidate, objectives,
  hours), records a training session and marks one objective « objectif atteint » (saved
  at once: the plan's progress bar moves, and the status is still there after a reload) —
  the Greta sees both on its plan;
- the organisation, accredited for training only, cannot open a dossier: the API answers
  ``NOT_ACCREDITED`` « … pour la formation seulement … ».

DOMAIN.md: accreditation is mandatory to evaluate or to train; only an organisation
accredited to evaluate a certification opens dossiers for it; the training organisation
is accredited for training in that certification.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Dialog, expect

from tests.e2e.accreditation_setup import (
    PASSWORD,
    NewOrganisation,
    accept,
    accredited_organisation,
)
from tests.e2e.api_setup import graphql, interviewed
from tests.e2e.test_accreditation_campaign import (
    browser_context,
    invitation_link,
    log_in,
)
from tests.e2e.test_pathway import ADVISER, logged_in
from tests.e2e.test_trainer_and_viewer import dossier_in_training
from tests.e2e.widgets import choose, no_accessibility_violations

pytestmark = pytest.mark.e2e

ORGANISATION = "Formateurs du Val E2E"
ADMIN = ("Odile Perrin", "odile.perrin@val-e2e.fr")
TRAINER = ("Hugo Lambert", "hugo.lambert@val-e2e.fr")


async def training_only_organisation(server_url: str, data_dir: Path) -> str:
    """The new organisation, accredited for CléA training only, with its trainer invited
    and registered; returns the SIRET of its site."""
    accredited = await accredited_organisation(
        server_url,
        data_dir,
        NewOrganisation(
            name=ORGANISATION,
            admin=ADMIN,
            scope="TRAINING",
            campaign_title="Organismes de formation CléA E2E",
            site={
                "name": "Formateurs du Val — Créteil",
                "addressLine": "4 rue de Paris",
                "postalCode": "94000",
                "city": "Créteil",
                "region": "Île-de-France",
                "contactEmail": "contact@val-e2e.fr",
                "trainers": [
                    {
                        "fullName": TRAINER[0],
                        "email": TRAINER[1],
                        "qualifications": "Formateur CléA depuis 2021",
                    }
                ],
            },
        ),
    )
    try:
        invited = await graphql(
            accredited.admin,
            "mutation ($e: String!) { inviteMember(input: {email: $e, roles: [TRAINER]})"
            " { invitation { id } errors { message } } }",
            e=TRAINER[1],
        )
        assert invited["inviteMember"]["errors"] == [], invited
    finally:
        await accredited.admin.aclose()
    trainer = await accept(server_url, invitation_link(data_dir, TRAINER[1]), TRAINER[0])
    await trainer.aclose()
    return accredited.siret


async def test_a_training_only_organisation_delivers_a_plan_and_cannot_open_a_dossier(
    browser: Browser, server_url: str, server_data_dir: Path
) -> None:
    await training_only_organisation(server_url, server_data_dir)
    setup = await dossier_in_training(server_url, "Delacroix")

    # --- 1. The Greta's adviser names the accredited training organisation and its trainer
    async with logged_in(browser, server_url, ADVISER) as adviser:
        dossier_url = f"{server_url}/dossiers/{setup['dossier']}"
        await adviser.goto(dossier_url)
        await adviser.get_by_role("link", name="Modifier le plan de formation").click()
        form = adviser.get_by_role("form", name="Plan de formation")
        await form.get_by_role("radio", name="Un organisme habilité à former").check()
        # The browser's Back asks first while the plan is edited; staying keeps the edits.
        asked: list[str] = []

        async def dismiss(dialog: Dialog) -> None:
            asked.append(dialog.message)
            await dialog.dismiss()

        adviser.once("dialog", dismiss)
        await adviser.go_back()
        for _ in range(50):
            if asked:
                break
            await adviser.wait_for_timeout(100)
        assert len(asked) == 1
        assert "Vos modifications ne sont pas enregistrées" in asked[0]
        await expect(adviser).to_have_url(f"{dossier_url}/plan")
        await expect(
            form.get_by_role("radio", name="Un organisme habilité à former")
        ).to_be_checked()
        await choose(adviser, form, "Organisme de formation habilité", ORGANISATION)
        await choose(adviser, form, "Formateur de l’organisme de formation", TRAINER[0])
        await form.get_by_role("button", name="Enregistrer le plan").click()
        await expect(adviser.get_by_text("Le plan de formation a été enregistré.")).to_be_visible()
        await expect(adviser.get_by_test_id("plan-organisation-label")).to_have_text(ORGANISATION)

    # --- 2. The organisation's trainer sees the plan it delivers and records a session
    async with browser_context(browser) as (_, trainer):
        await log_in(trainer, server_url, TRAINER[1], PASSWORD, TRAINER[0])
        await trainer.get_by_role("banner").get_by_role("link", name="Formations").click()
        await expect(trainer.get_by_role("heading", name="Formations dispensées")).to_be_visible()
        plan = trainer.get_by_test_id("delivered-plan").filter(has_text="DELACROIX")
        await expect(plan).to_contain_text("Greta démo Paris Centre")
        await expect(plan.get_by_test_id("delivered-hours")).to_contain_text("28")
        session = plan.get_by_role("form", name="Enregistrer une séance de formation")
        await session.get_by_role("textbox", name="Durée (heures)").fill("3")
        await session.get_by_role("combobox", name="Items travaillés").click()
        # The Mantine listbox's first item (the objectives' selects hold options too)
        await trainer.get_by_role("listbox").get_by_role("option").first.click()
        await trainer.keyboard.press("Escape")
        await session.get_by_role("textbox", name="Note").fill("Première séance chez l’organisme")
        await session.get_by_role("button", name="Enregistrer la séance").click()
        await expect(plan.get_by_test_id("delivered-hours")).to_contain_text(re.compile(r"^3"))
        await expect(plan).to_contain_text("Première séance chez l’organisme")

        # Every objective starts « à faire »: one reached moves the bar, saved at once
        bar = plan.get_by_role("progressbar", name=re.compile("^Avancement du plan"))
        await expect(bar).to_have_attribute("aria-valuenow", "0")
        statuses = plan.get_by_role("combobox", name=re.compile("^Avancement — "))
        objective_count = await statuses.count()
        assert objective_count >= 2, objective_count
        await statuses.first.select_option("REACHED")
        await expect(plan.get_by_test_id("objectives-progress")).to_have_text(
            f"1 objectif atteint sur {objective_count}"
        )
        await expect(bar).not_to_have_attribute("aria-valuenow", "0")
        await trainer.reload()
        await expect(statuses.first).to_have_value("REACHED")
        await expect(statuses.nth(1)).to_have_value("TO_DO")
        await expect(bar).not_to_have_attribute("aria-valuenow", "0")
        await no_accessibility_violations(trainer, "Formations dispensées")

    # --- 3. Accredited for training only, the organisation cannot open a dossier
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as admin:
        logged = await graphql(
            admin,
            "mutation ($e: String!, $p: String!) { login(input: {email: $e, password: $p})"
            " { errors { message } } }",
            e=ADMIN[1],
            p=PASSWORD,
        )
        assert logged["login"]["errors"] == [], logged
        site = (await graphql(admin, "{ sites { id } }"))["sites"][0]["id"]
        created = await graphql(
            admin,
            'mutation { createCandidate(input: { civility: MADAME, birthName: "Vasseur",'
            ' firstNames: "Anaïs", birthDate: "1992-02-03", birthCountry: "France",'
            ' birthCity: "Créteil", statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP,'
            " confirmNotDuplicate: true}) { candidate { id } errors { message } } }",
        )
        assert created["createCandidate"]["errors"] == [], created
        candidate = created["createCandidate"]["candidate"]["id"]
        await interviewed(admin, candidate, "CLEA")
        opened = await graphql(
            admin,
            "mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,"
            ' certificationCode: "CLEA", siteId: $s, prescriberType: SELF,'
            " financing: CPF, consent: true}) { dossier { id } errors { code message } } }",
            c=candidate,
            s=site,
        )
    (refusal,) = opened["openDossier"]["errors"]
    assert opened["openDossier"]["dossier"] is None
    assert refusal["code"] == "NOT_ACCREDITED"
    assert "pour la formation seulement" in refusal["message"]

    # --- 4. The Greta sees the session on its plan
    async with logged_in(browser, server_url, ADVISER) as adviser:
        await adviser.goto(f"{server_url}/dossiers/{setup['dossier']}/plan")
        await expect(adviser.get_by_test_id("progress-table")).to_contain_text(
            "Première séance chez l’organisme"
        )
        await expect(adviser.get_by_test_id("objectives-progress")).to_have_text(
            re.compile(r"^1 objectif atteint sur \d+$")
        )
