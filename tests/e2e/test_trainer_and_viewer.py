"""The trainer and the read-only viewer in Chromium: what each role does, and what it is refused.

Setup (over the GraphQL API, as the Greta demo's adviser and evaluator would through the
screens that ``test_pathway.py`` covers): a CléA dossier « en formation » whose évaluation
préalable found three criteria not acquired, with its partial attestation issued and a
training plan naming the demo trainer, Julien Moreau. Then through the screens:

- the trainer finds the dossier, opens its training plan and records a training session;
  once the evaluator has started the évaluation finale, its grid is read-only for him and
  the API refuses his results; he is offered no « Nouveau dossier » and the route says why;
- a reader (lecteur), invited by the Greta's administrator, accepts the invitation, reads
  the list, the dossier, the plan and the grid without any editing action, downloads the
  partial attestation, and is refused the editing routes and mutations.

Who may do what comes from DOMAIN.md and docs/permissions.md: the trainer builds the plan
and records training, never evaluates; the viewer only reads.
"""

from __future__ import annotations

import re
from pathlib import Path
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
from tests.e2e.test_accreditation_campaign import invitation_link
from tests.e2e.test_pathway import (
    ADVISER,
    CLEA,
    DEMO_PASSWORD,
    EVALUATOR,
    FINAL_EVALUATION,
    GAPS,
    TRAINING,
    expect_status,
    logged_in,
)
from tests.e2e.widgets import no_accessibility_violations

TRAINER = ("formateur@greta-demo.fr", "Julien Moreau")
GRETA_ADMIN = "admin@greta-demo.fr"
# The demo has no reader: the Greta's administrator invites one.
READER = ("lea.fontaine@greta-demo.fr", "Léa Fontaine")

NEW_DOSSIER_REFUSAL = (
    "L’ouverture d’un dossier est réservée aux conseillers et aux administrateurs "
    "de l’organisation."
)
MEMBERS_REFUSAL = "Cette page est réservée aux administrateurs de l’organisation active."
GRID_READ_ONLY = "Seuls les évaluateurs de l’organisation saisissent les résultats."
PLAN_READ_ONLY = "Seuls les formateurs, conseillers et administrateurs modifient le plan."


# ---------------------------------------------------------------- setup over the API


async def dossier_in_training(server_url: str, birth_name: str) -> dict[str, str]:
    """A Greta CléA dossier in training: the préalable found ``GAPS``, the partial
    attestation is issued, and the plan (28 h) names the demo trainer."""
    async with (
        httpx.AsyncClient(base_url=server_url, timeout=30) as adviser,
        httpx.AsyncClient(base_url=server_url, timeout=30) as evaluator,
    ):
        await act_for_greta(adviser, await api_login(adviser, ADVISER[0]))
        site = (await graphql(adviser, "{ sites { id } }"))["sites"][0]["id"]
        created = await graphql(
            adviser,
            "mutation ($name: String!) { createCandidate(input: {"
            ' civility: MONSIEUR, birthName: $name, firstNames: "Yanis", birthDate: "1988-09-14",'
            ' birthCountry: "France", birthCity: "Paris", birthPostalCode: "75019",'
            ' addressLine: "3 rue de Crimée", postalCode: "75019", city: "Paris",'
            " statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP, confirmNotDuplicate: true})"
            " { candidate { id } errors { message } } }",
            name=birth_name,
        )
        assert created["createCandidate"]["errors"] == [], created
        await interviewed(adviser, created["createCandidate"]["candidate"]["id"], "CLEA")
        opened = await graphql(
            adviser,
            "mutation ($c: ID!, $s: ID!) { openDossier(input: {candidateId: $c,"
            ' certificationCode: "CLEA", siteId: $s, prescriberType: FRANCE_TRAVAIL,'
            " financing: CPF, consent: true}) { dossier { id } errors { message } } }",
            c=created["createCandidate"]["candidate"]["id"],
            s=site,
        )
        assert opened["openDossier"]["errors"] == [], opened
        dossier_id: str = opened["openDossier"]["dossier"]["id"]

        await act_for_greta(evaluator, await api_login(evaluator, EVALUATOR[0]))
        started = await graphql(
            evaluator,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL})"
            " { evaluation { id revision targetItems } errors { message } } }",
            d=dossier_id,
        )
        assert started["startEvaluation"]["errors"] == [], started
        evaluation = started["startEvaluation"]["evaluation"]
        await recorded_and_closed(evaluator, evaluation, GAPS)
        issued = await graphql(
            evaluator,
            "mutation ($e: ID!) { issuePartialAttestation(input: {evaluationId: $e})"
            " { attestation { reference } errors { message } } }",
            e=evaluation["id"],
        )
        assert issued["issuePartialAttestation"]["errors"] == [], issued
        reference: str = issued["issuePartialAttestation"]["attestation"]["reference"]

        built = await graphql(
            adviser,
            "mutation ($d: ID!) { createTrainingPlan(input: {dossierId: $d})"
            " { trainingPlan { id revision objectives { itemCode objective } }"
            " errors { message } } }",
            d=dossier_id,
        )
        assert built["createTrainingPlan"]["errors"] == [], built
        plan = built["createTrainingPlan"]["trainingPlan"]
        trainers = (
            await graphql(adviser, "{ organisationStaff(role: TRAINER) { id displayName } }")
        )["organisationStaff"]
        (trainer_id,) = [t["id"] for t in trainers if t["displayName"] == TRAINER[1]]
        updated = await graphql(
            adviser,
            "mutation ($p: ID!, $r: Int!, $o: [TrainingObjectiveInput!]!, $t: ID!, $n: String!,"
            " $h: JSON!) {"
            " updateTrainingPlan(input: {planId: $p, revision: $r, objectives: $o,"
            " hoursByDomain: $h, trainerId: $t, trainerName: $n,"
            ' financing: "CPF"}) { trainingPlan { trainerName } errors { message } } }',
            p=plan["id"],
            r=plan["revision"],
            o=plan["objectives"],
            t=trainer_id,
            n=TRAINER[1],
            h={"1": 12, "2": 10, "7": 6},
        )
        assert updated["updateTrainingPlan"]["errors"] == [], updated
        return {"dossier": dossier_id, "plan": plan["id"], "attestation": reference}


async def start_final_evaluation(server_url: str, dossier_id: str) -> str:
    """The evaluator starts the évaluation finale (the plan's criteria); returns its id."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as evaluator:
        await act_for_greta(evaluator, await api_login(evaluator, EVALUATOR[0]))
        started = await graphql(
            evaluator,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: FINAL})"
            " { evaluation { id } errors { message } } }",
            d=dossier_id,
        )
        assert started["startEvaluation"]["errors"] == [], started
        evaluation_id: str = started["startEvaluation"]["evaluation"]["id"]
        return evaluation_id


async def invite_reader(server_url: str) -> None:
    """The Greta's administrator invites a reader (what « Membres » does)."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as admin:
        await act_for_greta(admin, await api_login(admin, GRETA_ADMIN))
        invited = await graphql(
            admin,
            "mutation ($e: String!) { inviteMember(input: {email: $e, roles: [VIEWER]})"
            " { invitation { id } errors { message } } }",
            e=READER[0],
        )
        assert invited["inviteMember"]["errors"] == [], invited


# ---------------------------------------------------------------- what a user sees


async def api_as(page: Page, server_url: str, query: str, **variables: Any) -> dict[str, Any]:
    """A GraphQL call with the browser's own session (what a crafted request would send)."""
    response = await page.request.post(
        server_url + "/graphql",
        data={"query": query, "variables": variables},
        headers={"X-Requested-With": "clea-web"},
    )
    body: dict[str, Any] = await response.json()
    return body


def refused(body: dict[str, Any]) -> None:
    """The API answered « Accès refusé » (FORBIDDEN), and changed nothing."""
    errors = body.get("errors") or []
    assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"], body
    assert errors[0]["message"].startswith("Accès refusé"), body


async def find_dossier(page: Page, server_url: str, birth_name: str, dossier_id: str) -> None:
    """From the banner to the dossier, through the list (without any « Nouveau dossier »)."""
    await page.get_by_role("banner").get_by_role("link", name="Dossiers", exact=True).click()
    await expect(page.get_by_role("heading", name="Dossiers", exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name="Nouveau dossier")).to_have_count(0)
    search = page.get_by_role("search", name="Filtres des dossiers")
    await search.get_by_role("searchbox", name="Rechercher un candidat").fill(birth_name)
    dossiers = page.get_by_role("table", name="Liste des dossiers")
    await expect(dossiers.get_by_role("row")).to_have_count(2)  # header + the dossier
    await expect(dossiers.get_by_test_id("dossier-status")).to_have_text(TRAINING)
    await no_accessibility_violations(page, "liste des dossiers")
    await dossiers.get_by_role("link", name=f"Yanis {birth_name.upper()}").click()
    await expect(page).to_have_url(f"{server_url}/dossiers/{dossier_id}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Yanis {birth_name.upper()}")
    await expect(page.get_by_test_id("dossier-certification")).to_have_text(CLEA)


async def no_dossier_changes_offered(page: Page) -> None:
    """On the dossier page: neither the adviser's nor the evaluator's actions."""
    for action in (
        "Modifier le candidat",
        "Commencer l’évaluation finale",
        "Abandonner le dossier",
        "Délivrer l’attestation des compétences acquises",
    ):
        await expect(page.get_by_role("button", name=action)).to_have_count(0)


async def read_only_final_grid(page: Page) -> None:
    """The évaluation finale is open, but its grid takes no result from this user."""
    final = page.get_by_role("region", name="Évaluation finale", exact=True)
    await final.get_by_role("link", name=re.compile("^Ouvrir la grille")).click()
    await expect(page).to_have_url(re.compile(r"/evaluations/[0-9a-f-]{36}\?dossier="))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation finale")
    await expect(page.get_by_text(GRID_READ_ONLY)).to_be_visible()
    grid = page.get_by_test_id("evaluation-grid")
    await expect(grid.get_by_role("radiogroup")).to_have_count(len(GAPS))
    for code, title in GAPS.items():
        group = grid.get_by_role("radiogroup", name=f"{code} {title}", exact=True)
        await expect(group.get_by_role("radio", name="Acquis", exact=True)).to_be_disabled()
        await expect(group.get_by_role("radio", name="Non acquis", exact=True)).to_be_disabled()
    await expect(page.get_by_test_id("grid-progress")).to_have_text(
        f"0/{len(GAPS)} critères renseignés"
    )
    toolbar = page.get_by_test_id("grid-toolbar")
    await expect(toolbar.get_by_role("button", name="Clore l’évaluation")).to_have_count(0)
    await expect(toolbar.get_by_role("button", name="Planifier une séance")).to_have_count(0)
    await expect(page.get_by_test_id("save-status")).to_have_count(0)
    await no_accessibility_violations(page, "grille de l’évaluation finale en lecture seule")


async def refused_route(page: Page, server_url: str, path: str, reason: str) -> None:
    await page.goto(server_url + path)
    refusal = page.get_by_test_id("forbidden")
    await expect(refusal).to_contain_text("Accès refusé")
    await expect(refusal).to_contain_text(reason)


SAVE_RESULTS = (
    "mutation ($e: ID!, $results: [ItemResultInput!]!) {"
    " saveEvaluationResults(input: {evaluationId: $e, revision: 0, results: $results})"
    " { revision errors { message } } }"
)


# ---------------------------------------------------------------- the journeys


async def test_a_trainer_follows_the_training_and_cannot_evaluate_or_open_dossiers(
    browser: Browser, server_url: str
) -> None:
    birth_name = "Formation-Suivie"
    setup = await dossier_in_training(server_url, birth_name)
    dossier_url = f"{server_url}/dossiers/{setup['dossier']}"

    async with logged_in(browser, server_url, TRAINER) as trainer:
        # --- He finds the dossier of the candidate he trains -------------------------
        await find_dossier(trainer, server_url, birth_name, setup["dossier"])
        await expect_status(trainer, TRAINING)
        actions = trainer.get_by_test_id("dossier-actions")
        await expect(
            actions.get_by_role("link", name="Modifier le plan de formation")
        ).to_be_visible()
        await no_dossier_changes_offered(trainer)
        await no_accessibility_violations(trainer, "dossier en formation (formateur)")

        # --- The plan names him; he records a training session ----------------------
        await actions.get_by_role("link", name="Modifier le plan de formation").click()
        await expect(trainer).to_have_url(dossier_url + "/plan")
        await expect(trainer.get_by_role("heading", level=1)).to_have_text("Plan de formation")
        plan = trainer.get_by_role("form", name="Plan de formation")
        await expect(plan.get_by_role("textbox", name="Nom du formateur")).to_have_value(TRAINER[1])
        await expect(plan.get_by_test_id("planned-hours")).to_have_text("Total prévu : 28 h")
        await expect(trainer.get_by_text("Lecture seule", exact=True)).to_have_count(0)
        await expect(trainer.get_by_test_id("hours-done")).to_have_text(
            "Heures réalisées : 0 h sur 28 h prévues"
        )
        sitting = trainer.get_by_role("form", name="Enregistrer une séance de formation")
        await sitting.get_by_role("textbox", name="Durée (heures)").fill("2,5")
        await sitting.get_by_role("combobox", name="Items travaillés").click()
        await trainer.get_by_role("option", name=f"2.2.2 {GAPS['2.2.2']}").click()
        await trainer.keyboard.press("Escape")
        await sitting.get_by_role("textbox", name="Note").fill("Exercices de remises en magasin.")
        await sitting.get_by_role("button", name="Enregistrer la séance").click()
        await expect(
            trainer.get_by_role("status").filter(
                has_text="La séance de formation a été enregistrée."
            )
        ).to_be_visible()
        await expect(trainer.get_by_test_id("hours-done")).to_have_text(
            "Heures réalisées : 2,5 h sur 28 h prévues"
        )
        sessions = trainer.get_by_test_id("progress-table")
        await expect(sessions).to_contain_text(f"2.2.2 {GAPS['2.2.2']}")
        await expect(sessions).to_contain_text("Exercices de remises en magasin.")
        await no_accessibility_violations(trainer, "plan de formation (formateur)")

        # --- The évaluation finale is someone else's: read-only, refused by the API ----
        final_id = await start_final_evaluation(server_url, setup["dossier"])
        await trainer.goto(dossier_url)
        await expect_status(trainer, FINAL_EVALUATION)
        await read_only_final_grid(trainer)
        answer = await api_as(
            trainer,
            server_url,
            SAVE_RESULTS,
            e=final_id,
            results=[{"itemCode": code, "value": "acquis"} for code in GAPS],
        )
        refused(answer)
        await trainer.reload()
        await expect(trainer.get_by_test_id("grid-progress")).to_have_text(
            f"0/{len(GAPS)} critères renseignés"
        )

        # --- Opening a dossier is the advisers' job -----------------------------------
        await refused_route(trainer, server_url, "/dossiers/nouveau", NEW_DOSSIER_REFUSAL)
        await no_accessibility_violations(trainer, "refus de l’ouverture d’un dossier")


async def test_a_reader_reads_dossiers_and_downloads_the_attestation_but_changes_nothing(
    browser: Browser, server_url: str, server_data_dir: Path
) -> None:
    birth_name = "Lecture-Seule"
    setup = await dossier_in_training(server_url, birth_name)
    dossier_url = f"{server_url}/dossiers/{setup['dossier']}"
    await invite_reader(server_url)
    link = invitation_link(server_data_dir, READER[0])

    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids.
    context = await browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        reader = await context.new_page()
        # --- She accepts the invitation: a reader of the Greta -------------------------
        assert link.startswith(server_url), link
        await reader.goto(link)
        details = reader.get_by_role("list", name="Détails de l’invitation")
        await expect(reader.get_by_test_id("invitation-organisation")).to_have_text(
            "Greta démo Paris Centre"
        )
        await expect(details).to_contain_text("Rôles : Lecteur")
        await no_accessibility_violations(reader, "invitation d’un lecteur")
        form = reader.get_by_role("form", name="Accepter l’invitation")
        await form.get_by_role("textbox", name="Nom complet").fill(READER[1])
        await form.locator('input[name="password"]').fill(DEMO_PASSWORD)
        await form.locator('input[name="confirmation"]').fill(DEMO_PASSWORD)
        await form.get_by_role("button", name="Accepter l’invitation").click()
        await expect(reader.get_by_test_id("user-menu")).to_have_text(READER[1])
        await expect(reader.get_by_role("combobox", name="Organisation active")).to_have_value(
            "Greta démo Paris Centre"
        )

        # --- The list and the dossier, without any editing action ----------------------
        await find_dossier(reader, server_url, birth_name, setup["dossier"])
        await expect_status(reader, TRAINING)
        actions = reader.get_by_test_id("dossier-actions")
        await expect(actions.get_by_role("link", name="Voir le plan de formation")).to_be_visible()
        await expect(actions.get_by_role("button")).to_have_count(0)
        await expect(
            actions.get_by_role("link", name="Modifier le plan de formation")
        ).to_have_count(0)
        await no_dossier_changes_offered(reader)

        # --- The partial attestation is there to download ------------------------------
        initial = reader.get_by_role("region", name="Évaluation préalable", exact=True)
        await expect(initial.get_by_test_id("evaluation-outcome")).to_contain_text(
            "Résultat : 3 items non acquis"
        )
        attestation = initial.get_by_test_id("partial-attestation")
        await expect(attestation).to_contain_text(f"Attestation n° {setup['attestation']}")
        download = attestation.get_by_role("link", name="Télécharger l’attestation (PDF)")
        href = await download.get_attribute("href")
        assert href is not None
        assert href.endswith(".pdf"), href
        pdf = await reader.request.get(server_url + href)
        assert pdf.status == 200, await pdf.text()
        assert pdf.headers["content-type"] == "application/pdf"
        assert setup["attestation"] in pdf.headers["content-disposition"]
        assert (await pdf.body()).startswith(b"%PDF-")
        await no_accessibility_violations(reader, "dossier (lecteur)")

        # --- The plan, read-only: no plan form action, no session to record ------------
        await actions.get_by_role("link", name="Voir le plan de formation").click()
        await expect(reader).to_have_url(dossier_url + "/plan")
        await expect(reader.get_by_text(PLAN_READ_ONLY)).to_be_visible()
        await expect(reader.get_by_role("button", name="Enregistrer le plan")).to_have_count(0)
        await expect(
            reader.get_by_role("form", name="Enregistrer une séance de formation")
        ).to_have_count(0)
        await expect(reader.get_by_role("textbox", name="Nom du formateur")).to_have_value(
            TRAINER[1]
        )
        await no_accessibility_violations(reader, "plan de formation (lecteur)")
        answer = await api_as(
            reader,
            server_url,
            "mutation ($p: ID!) { recordTrainingProgress(input: {planId: $p,"
            ' day: "2026-01-05", hours: 2, itemsWorked: ["1.4.4"]}) { errors { message } } }',
            p=setup["plan"],
        )
        refused(answer)

        # --- The évaluation finale's grid, read-only; results refused by the API ------
        final_id = await start_final_evaluation(server_url, setup["dossier"])
        await reader.goto(dossier_url)
        await expect_status(reader, FINAL_EVALUATION)
        await read_only_final_grid(reader)
        refused(
            await api_as(
                reader,
                server_url,
                SAVE_RESULTS,
                e=final_id,
                results=[{"itemCode": code, "value": "acquis"} for code in GAPS],
            )
        )

        # --- Editing routes say why they are refused -----------------------------------
        await refused_route(reader, server_url, "/dossiers/nouveau", NEW_DOSSIER_REFUSAL)
        await no_accessibility_violations(reader, "refus de l’ouverture d’un dossier (lecteur)")
        await refused_route(reader, server_url, "/organisation/membres", MEMBERS_REFUSAL)
    finally:
        await context.close()
