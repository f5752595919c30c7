"""The candidate space in Chromium on a phone: invited by the adviser, in by an e-mailed link.

Setup over the GraphQL API (the screens are covered by ``test_pathway.py`` and
``test_jury_session.py``): a Greta demo candidate with an e-mail address, an évaluation
préalable with gaps and its partial attestation. Then through the screens: the adviser
invites the candidate from the dossier page; the candidate opens the link read from the
e-mail the server wrote, enters, sees where they stand and downloads the attestation.
After the training, the évaluation finale and a jury (over the API), the candidate
copies the share link of their certificate and opens the public verification page.
Every candidate page passes the axe check.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from playwright.async_api import Browser, Page, expect

from tests.e2e.api_setup import (
    ADVISER,
    DEMO_PASSWORD,
    EVALUATOR,
    GRETA,
    act_for_greta,
    api_login,
    graphql,
    interviewed,
    recorded_and_closed,
)
from tests.e2e.test_jury_session import (
    ADVISER_NAME,
    CERTIFPRO_ADMIN,
    GRETA_SIREN,
)
from tests.e2e.widgets import no_accessibility_violations

PHONE = {"width": 390, "height": 844}
MAIL_TIMEOUT_S = 20
ISSUANCE_TIMEOUT_S = 30
GAPS = ("1.4.4", "2.2.2")
SESSION_FIELDS = "id status issuanceStatus certificatesIssued issuanceError"


# ---------------------------------------------------------------- setup over the API


async def dossier_with_attestation(server_url: str, address: str) -> tuple[str, str, str]:
    """A Greta candidate with ``address``, after an évaluation préalable with gaps and its
    partial attestation: (candidate id, dossier id, evaluation id)."""
    async with (
        httpx.AsyncClient(base_url=server_url, timeout=30) as adviser,
        httpx.AsyncClient(base_url=server_url, timeout=30) as evaluator,
    ):
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        site = (await graphql(adviser, "{ sites { id } }"))["sites"][0]["id"]
        created = await graphql(
            adviser,
            "mutation ($email: String!) { createCandidate(input: {"
            ' civility: MADAME, birthName: "Traoré", firstNames: "Awa", birthDate: "1995-06-21",'
            ' birthCountry: "France", birthCity: "Paris", birthPostalCode: "75019",'
            ' addressLine: "8 rue de Meaux", postalCode: "75019", city: "Paris", email: $email,'
            " statusAtRegistration: JOBSEEKER, educationLevel: CAP_BEP, confirmNotDuplicate: true})"
            " { candidate { id } errors { message } } }",
            email=address,
        )
        assert created["createCandidate"]["errors"] == [], created
        candidate_id: str = created["createCandidate"]["candidate"]["id"]
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
        await act_for_greta(evaluator, await api_login(evaluator, EVALUATOR))
        started = await graphql(
            evaluator,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: INITIAL})"
            " { evaluation { id revision targetItems } errors { message } } }",
            d=dossier_id,
        )
        assert started["startEvaluation"]["errors"] == [], started
        evaluation = started["startEvaluation"]["evaluation"]
        await recorded_and_closed(evaluator, evaluation, gaps=GAPS)
        issued = await graphql(
            adviser,
            "mutation ($e: ID!) { issuePartialAttestation(input: {evaluationId: $e})"
            " { attestation { id } errors { message } } }",
            e=evaluation["id"],
        )
        assert issued["issuePartialAttestation"]["errors"] == [], issued
        return candidate_id, dossier_id, evaluation["id"]


async def trained_and_ready_for_jury(server_url: str, dossier_id: str) -> None:
    """The training plan from the gaps, then an évaluation finale where all is acquired."""
    async with (
        httpx.AsyncClient(base_url=server_url, timeout=30) as adviser,
        httpx.AsyncClient(base_url=server_url, timeout=30) as evaluator,
    ):
        await act_for_greta(adviser, await api_login(adviser, ADVISER))
        plan = await graphql(
            adviser,
            "mutation ($d: ID!) { createTrainingPlan(input: {dossierId: $d})"
            " { trainingPlan { id } errors { message } } }",
            d=dossier_id,
        )
        assert plan["createTrainingPlan"]["errors"] == [], plan
        await act_for_greta(evaluator, await api_login(evaluator, EVALUATOR))
        started = await graphql(
            evaluator,
            "mutation ($d: ID!) { startEvaluation(input: {dossierId: $d, kind: FINAL})"
            " { evaluation { id revision targetItems } errors { message } } }",
            d=dossier_id,
        )
        assert started["startEvaluation"]["errors"] == [], started
        await recorded_and_closed(evaluator, started["startEvaluation"]["evaluation"])


async def certified_by_a_jury(server_url: str, dossier_id: str) -> None:
    """Certif'Pro convenes a paritaire session, certifies the dossier and closes it."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as admin:
        await api_login(admin, CERTIFPRO_ADMIN[0])
        roster = (
            await graphql(
                admin,
                'query { juryMembers(certificationCode: "CLEA") { id side affiliations } }',
            )
        )["juryMembers"]
        free = [m for m in roster if GRETA_SIREN not in m["affiliations"]]
        employer = next(m["id"] for m in free if m["side"] == "EMPLOYER")
        employee = next(m["id"] for m in free if m["side"] == "EMPLOYEE")
        convened = await graphql(
            admin,
            "mutation ($input: ConveneJurySessionInput!) { conveneJurySession(input: $input)"
            f" {{ session {{ {SESSION_FIELDS} }} errors {{ code message }} }} }}",
            input={
                "title": f"Jury espace candidat {secrets.token_hex(3)}",
                "certificationCodes": ["CLEA"],
                "region": "Île-de-France",
                "heldOn": dt.date.today().isoformat(),
                "place": "Paris",
                "memberIds": [employer, employee],
            },
        )
        assert convened["conveneJurySession"]["errors"] == [], convened
        session_id = convened["conveneJurySession"]["session"]["id"]
        for member in (employer, employee):
            attended = await graphql(
                admin,
                "mutation ($input: RecordJuryAttendanceInput!) {"
                " recordJuryAttendance(input: $input) { errors { code message } } }",
                input={"sessionId": session_id, "memberId": member, "present": True},
            )
            assert attended["recordJuryAttendance"]["errors"] == [], attended
        for mutation, variables in (
            (
                "mutation ($input: AddToJuryAgendaInput!) { addToJuryAgenda(input: $input)"
                " { errors { code message } } }",
                {"input": {"sessionId": session_id, "dossierIds": [dossier_id]}},
            ),
            (
                "mutation ($id: ID!) { openJurySession(input: {id: $id})"
                " { errors { code message } } }",
                {"id": session_id},
            ),
            (
                "mutation ($input: DecideJuryDossierInput!) { decideJuryDossier(input: $input)"
                " { errors { code message } } }",
                {
                    "input": {
                        "sessionId": session_id,
                        "dossierId": dossier_id,
                        "outcome": "CERTIFIED",
                        "presidingMemberId": employer,
                    }
                },
            ),
            (
                "mutation ($id: ID!) { closeJurySession(input: {id: $id})"
                " { errors { code message } } }",
                {"id": session_id},
            ),
        ):
            answer = await graphql(admin, mutation, **variables)
            assert next(iter(answer.values()))["errors"] == [], answer
        deadline = time.monotonic() + ISSUANCE_TIMEOUT_S
        while True:
            current = (
                await graphql(
                    admin,
                    "query ($id: ID!) { jurySession(id: $id) {"
                    f" ... on JurySession {{ {SESSION_FIELDS} }} }} }}",
                    id=session_id,
                )
            )["jurySession"]
            if current["issuanceStatus"] == "DONE":
                break
            assert time.monotonic() < deadline, current
            time.sleep(0.3)
        assert current["certificatesIssued"] == 1, current


def mailed_link(data_dir: Path, recipient: str, pattern: str) -> str:
    """The first link matching ``pattern`` in the newest e-mail to ``recipient`` (the
    server writes .eml files in development)."""
    deadline = time.monotonic() + MAIL_TIMEOUT_S
    while True:
        for path in sorted((data_dir / "mail").glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] != recipient:
                continue
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            content = body.get_content()  # type: ignore[attr-defined]
            if match := re.search(pattern, content):
                return match.group(0)
        if time.monotonic() > deadline:
            raise AssertionError(f"aucun e-mail « {pattern} » envoyé à {recipient}")
        time.sleep(0.2)


# ---------------------------------------------------------------- browser helpers


@asynccontextmanager
async def phone(browser: Browser) -> AsyncIterator[Page]:
    """A phone-sized browser of its own (bypass_csp: axe is injected inline)."""
    context = await browser.new_context(
        locale="fr-FR",
        bypass_csp=True,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    await context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def adviser_invites(page: Page, server_url: str, dossier_id: str) -> None:
    await page.goto(server_url + "/connexion")
    form = page.get_by_role("form", name="Connexion par mot de passe")
    await form.get_by_role("textbox", name="Adresse e-mail").fill(ADVISER)
    await form.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
    await form.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_test_id("user-menu")).to_have_text(ADVISER_NAME)
    await page.goto(f"{server_url}/dossiers/{dossier_id}")
    panel = page.get_by_role("region", name="Espace candidat")
    await expect(panel.get_by_test_id("candidate-space-state")).to_have_text("non invité")
    await panel.get_by_role("button", name="Inviter dans l’espace candidat").click()
    await expect(panel.get_by_test_id("candidate-space-state")).to_have_text("invité")
    await expect(panel.get_by_role("button", name="Renvoyer l’invitation")).to_be_visible()


# ---------------------------------------------------------------- the test


async def test_an_invited_candidate_follows_their_pathway_and_shares_their_certificate(
    browser: Browser, server_url: str, server_data_dir: Path
) -> None:
    address = f"awa.traore.{secrets.token_hex(3)}@candidats-e2e.fr"
    _, dossier_id, _ = await dossier_with_attestation(server_url, address)

    # The adviser invites the candidate from the dossier page
    async with phone(browser) as adviser:
        await adviser_invites(adviser, server_url, dossier_id)
    link = mailed_link(
        server_data_dir, address, r"https?://\S+/espace-candidat/connexion\?jeton=\S+"
    )

    async with phone(browser) as page:
        # The candidate opens the e-mailed link and enters
        await page.goto(link)
        await expect(page.get_by_role("heading", name="Entrer dans mon espace")).to_be_visible()
        await no_accessibility_violations(page, "page du lien de connexion")
        await page.get_by_role("button", name="Entrer dans mon espace").click()
        await expect(page.get_by_role("heading", name="Bonjour Awa")).to_be_visible()
        await no_accessibility_violations(page, "accueil de l'espace candidat")

        # Where she stands: in training, her adviser, her organisation, the 5 years
        await page.get_by_role("link", name="Voir mon parcours").click()
        await expect(page.get_by_role("heading", name="Où j'en suis : Formation")).to_be_visible()
        await expect(page.get_by_text(f"Votre conseiller : {ADVISER_NAME}.")).to_be_visible()
        await expect(page.get_by_text(GRETA, exact=True)).to_be_visible()
        await expect(page.get_by_role("heading", name="Le temps qu'il me reste")).to_be_visible()
        await no_accessibility_violations(page, "parcours du candidat")

        # She downloads her partial attestation
        await page.get_by_role("link", name="Voir mes documents").click()
        await expect(page.get_by_role("heading", name="Mes documents")).to_be_visible()
        await no_accessibility_violations(page, "documents (attestation)")
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name=re.compile("^Télécharger mon attestation")).click()
        download = await download_info.value
        saved = await download.path()
        assert saved is not None
        assert Path(saved).read_bytes().startswith(b"%PDF")

        # Her data page
        await page.get_by_role("link", name="Mes données").click()
        await expect(page.get_by_role("heading", name="Qui a consulté mon dossier")).to_be_visible()
        await expect(page.get_by_role("region", name="Qui a consulté mon dossier")).to_contain_text(
            GRETA
        )
        await no_accessibility_violations(page, "mes données")

        # After the training, the évaluation finale and the jury: certified
        # (the issuance e-mail goes out on the outbox's next round: tests/candidate_space)
        await trained_and_ready_for_jury(server_url, dossier_id)
        await certified_by_a_jury(server_url, dossier_id)

        await page.goto(f"{server_url}/espace-candidat/dossiers/{dossier_id}/documents")
        certificate = page.get_by_role("region", name=re.compile("^Mon certificat"))
        await expect(certificate).to_be_visible()
        await expect(
            certificate.get_by_role("img", name="Code QR du lien de vérification")
        ).to_be_visible()
        await no_accessibility_violations(page, "documents (certificat)")
        await certificate.get_by_role("button", name="Copier le lien").click()
        await expect(certificate.get_by_role("button", name="Lien copié")).to_be_visible()
        shared = await page.evaluate("() => navigator.clipboard.readText()")
        assert re.fullmatch(rf"{re.escape(server_url)}/verify/[\w-]+", shared), shared

        # Her digital badge, in plain words, and its file for a wallet (never the raw JWT)
        badge = page.get_by_role("region", name="Mon badge numérique")
        await expect(badge).to_contain_text("Il est à votre nom : Awa")
        await expect(badge).to_contain_text(
            "Il est signé par Certif'Pro : si quelqu'un le modifie, cela se voit."
        )
        await expect(page.locator("body")).not_to_contain_text("eyJ")
        async with page.expect_download() as badge_info:
            await badge.get_by_role(
                "link", name="Télécharger mon badge (fichier pour portefeuille)"
            ).click()
        badge_file = await badge_info.value
        assert re.fullmatch(r"certificat-clea-\d{4}-\d+\.jwt", badge_file.suggested_filename)
        badge_path = await badge_file.path()
        assert badge_path is not None
        assert Path(badge_path).read_text().count(".") == 2  # a compact JWS

        # She asks for the paper copy, to the address her organisation recorded
        await certificate.get_by_role("link", name="Demander une copie papier").click()
        await expect(page.get_by_text("8 rue de Meaux")).to_be_visible()
        await no_accessibility_violations(page, "copie papier")
        await page.get_by_role("button", name="Oui, envoyez-moi la copie papier").click()
        await expect(page.get_by_role("status")).to_contain_text("La copie arrive par la poste")

        # She puts it in her phone's wallet: a QR code (OpenID4VCI offer by reference) or the
        # link, and the code her wallet will ask for, shown beside it
        await page.goto(f"{server_url}/espace-candidat/dossiers/{dossier_id}/documents")
        await page.get_by_role("link", name="Mettre mon certificat dans mon portefeuille").click()
        await page.get_by_role("button", name="Afficher le code pour mon portefeuille").click()
        await expect(
            page.get_by_role("img", name="Code QR pour votre portefeuille")
        ).to_be_visible()
        offer = await page.get_by_role("link", name="Ouvrir mon portefeuille").get_attribute("href")
        assert offer is not None
        assert offer.startswith("openid-credential-offer://?credential_offer_uri="), offer
        code = page.get_by_role("region", name="Votre portefeuille vous demandera ce code :")
        await expect(code).to_contain_text(re.compile(r"\d{3} \d{3}"))
        await no_accessibility_violations(page, "portefeuille numérique")

        # Anyone opening the shared link sees a valid certificate
        await page.goto(shared)
        await expect(page.get_by_text("Awa", exact=False).first).to_be_visible()
        await expect(page.locator("body")).to_contain_text("valide")
