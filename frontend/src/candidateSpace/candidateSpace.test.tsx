import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import type { CandidateSpaceQuery, CandidateSpaceStatusQuery } from "../gql/graphql";
import { AppRoutes } from "../routes";
import { callsOf, graphqlError, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import type { Fixture } from "../test/schemaTypes";
import { CandidateSpacePanel } from "./CandidateSpacePanel";
import { CorrectionRequestsPanel } from "./CorrectionRequestsPanel";

const SPACE = {
  candidateSpace: {
    firstName: "Awa",
    followUps: [],
    dossiers: [
      {
        id: "d1",
        organisationName: "Greta démo Paris Centre",
        certificationTitle: "CléA",
        status: "training",
        stepTitle: "Formation",
        stepNow: "Vous suivez une formation. Elle porte seulement sur ce qui vous manque.",
        stepNext: "Ensuite : l'évaluation finale. Elle vérifie ce que vous avez appris.",
        adviserName: "Karim Benali",
        siteName: "Site République",
        siteAddress: "12 place de la République, 75011 Paris",
        sitePhone: "01 40 00 00 00",
        consentAt: "2026-11-02T10:00:00+00:00",
        windowEndsOn: "2031-11-02",
        daysLeft: 1793,
        sittings: [
          { kindLabel: "Évaluation préalable", day: "2026-11-10", startsAt: "09:00:00", endsAt: "12:00:00", place: "Site République" },
        ],
        acquiredDomains: ["La communication en français"],
        training: { organisationName: "Greta démo Paris Centre", startsOn: "2026-12-01", endsOn: "2027-02-28", daysDone: ["2026-12-01"] },
        attestations: [
          { id: "a1", reference: "AP-2026-1", issuedAt: "2026-11-12T10:00:00+00:00", downloadUrl: "/documents/candidate-space/attestations/a1.pdf" },
        ],
        certificate: {
          id: "c1",
          number: "CLEA-2026-000001",
          issuedAt: "2027-03-01T10:00:00+00:00",
          revoked: false,
          downloadUrl: "/documents/candidate-space/certificates/c1.pdf",
          verifyPath: "/verify/7K3M9-QRTVW",
          paperRequestedAt: null,
          paperSentAt: null,
          paperAddress: "Awa Traoré\n8 rue de Meaux\n75019 Paris",
          badge: {
            holderName: "Awa Traoré",
            achievementName: "CléA — certificat de connaissances et de compétences professionnelles",
            issuerName: "Certif'Pro",
            issuedOn: "2027-03-01",
            validUntil: null,
            downloadUrl: "/documents/candidate-space/certificates/c1/badge.jwt",
          },
        },
      },
    ],
  },
} satisfies Fixture<CandidateSpaceQuery>;

async function seriousViolations() {
  const results = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("candidate space", () => {
  it("shows where the candidate stands, who to call and the time left, in plain words", async () => {
    const { client } = mockOperations({ CandidateSpace: { data: SPACE } });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1" });
    expect(await screen.findByRole("heading", { name: "Où j'en suis : Formation" })).toBeInTheDocument();
    expect(screen.getByText(/Votre conseiller/)).toHaveTextContent("Votre conseiller : Karim Benali.");
    expect(screen.getByRole("link", { name: "01 40 00 00 00" })).toHaveAttribute("href", "tel:0140000000");
    expect(screen.getByText(/Évaluation préalable : le 10 novembre 2026, de 9 h 00 à 12 h 00/)).toBeInTheDocument();
    expect(screen.getByText("4 ans et 11 mois (jusqu'au 2 novembre 2031).")).toBeInTheDocument();
    expect(screen.getByText("Ce n'est pas un examen.", { exact: false })).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("offers the certificate, its share link and QR code, and the attestation", async () => {
    const { client } = mockOperations({ CandidateSpace: { data: SPACE } });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/documents" });
    const link = await screen.findByRole("textbox", { name: "Lien de vérification" });
    expect(link).toHaveValue(`${window.location.origin}/verify/7K3M9-QRTVW`);
    expect(screen.getByRole("img", { name: "Code QR du lien de vérification" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Télécharger mon certificat (PDF)" })).toHaveAttribute(
      "href",
      "/documents/candidate-space/certificates/c1.pdf",
    );
    expect(screen.getByRole("link", { name: /Télécharger mon attestation/ })).toHaveAttribute(
      "href",
      "/documents/candidate-space/attestations/a1.pdf",
    );
    expect(screen.getByRole("link", { name: "Demander une copie papier" })).toHaveAttribute(
      "href",
      "/espace-candidat/dossiers/d1/copie-papier",
    );
    expect(await seriousViolations()).toEqual([]);
  });

  it("says what the digital badge states in plain words and offers its file, never the raw credential", async () => {
    const { client } = mockOperations({ CandidateSpace: { data: SPACE } });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/documents" });
    const section = await screen.findByRole("region", { name: "Mon badge numérique" });
    expect(section).toHaveTextContent("Il est à votre nom : Awa Traoré.");
    expect(section).toHaveTextContent(
      "Vous avez obtenu : CléA — certificat de connaissances et de compétences professionnelles.",
    );
    expect(section).toHaveTextContent("Il est donné par Certif'Pro.");
    expect(section).toHaveTextContent("Il date du 1 mars 2027.");
    expect(section).toHaveTextContent("Il n'a pas de date de fin.");
    expect(section).toHaveTextContent("Il est signé par Certif'Pro : si quelqu'un le modifie, cela se voit.");
    expect(screen.getByRole("link", { name: "Télécharger mon badge (fichier pour portefeuille)" })).toHaveAttribute(
      "href",
      "/documents/candidate-space/certificates/c1/badge.jwt",
    );
    expect(section).toHaveTextContent("Ce fichier se range dans une application de portefeuille numérique.");
    expect(document.body.textContent).not.toMatch(/eyJ|\.jwt/);
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows no badge for a revoked certificate", async () => {
    const revoked = {
      candidateSpace: {
        ...SPACE.candidateSpace,
        dossiers: SPACE.candidateSpace.dossiers.map((dossier) => ({
          ...dossier,
          certificate: { ...dossier.certificate, revoked: true, badge: null },
        })),
      },
    };
    const { client } = mockOperations({ CandidateSpace: { data: revoked } });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/documents" });
    expect(await screen.findByText("Ce certificat a été retiré. Contactez votre conseiller.")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Mon badge numérique" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Télécharger mon badge/ })).not.toBeInTheDocument();
  });

  it("asks for the paper copy after showing the address it goes to", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      CandidateSpace: { data: SPACE },
      RequestMyPaperCopy: { data: { requestMyPaperCopy: { ok: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/copie-papier" });
    expect(await screen.findByText(/8 rue de Meaux/)).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Oui, envoyez-moi la copie papier" }));
    expect(await screen.findByText("Votre demande est envoyée. La copie arrive par la poste.")).toBeInTheDocument();
    expect(callsOf(executeMutation, "RequestMyPaperCopy")).toEqual([{ certificateId: "c1" }]);
  });

  it("shows the wallet's QR code with its transaction code beside it, in large digits", async () => {
    const user = userEvent.setup();
    const uri = "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fclea.example%2Fopenid4vci%2Foffers%2Fref";
    const { client, executeMutation } = mockOperations({
      CandidateSpace: { data: SPACE },
      CreateWalletOffer: {
        data: {
          createWalletOffer: {
            offer: { uri, expiresAt: "2027-03-01T10:15:00+00:00", txCode: "482913" },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/portefeuille" });
    await user.click(await screen.findByRole("button", { name: "Afficher le code pour mon portefeuille" }));

    expect(await screen.findByRole("img", { name: "Code QR pour votre portefeuille" })).toBeInTheDocument();
    const code = screen.getByRole("region", { name: "Votre portefeuille vous demandera ce code :" });
    expect(code).toHaveTextContent("482 913");
    expect(code).toHaveTextContent("4 8 2 9 1 3");
    expect(screen.getByText("Tapez-le dans votre portefeuille. Vous avez droit à 3 essais.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Ouvrir mon portefeuille" })).toHaveAttribute("href", uri);
    // The code is beside the QR code, never inside it
    expect(uri).not.toContain("482913");
    expect(callsOf(executeMutation, "CreateWalletOffer")).toEqual([{ certificateId: "c1" }]);
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows no code when the offer asks for none", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      CandidateSpace: { data: SPACE },
      CreateWalletOffer: {
        data: {
          createWalletOffer: {
            offer: { uri: "openid-credential-offer://?credential_offer_uri=x", expiresAt: "2027-03-01T10:15:00+00:00", txCode: null },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/portefeuille" });
    await user.click(await screen.findByRole("button", { name: "Afficher le code pour mon portefeuille" }));
    expect(await screen.findByRole("img", { name: "Code QR pour votre portefeuille" })).toBeInTheDocument();
    expect(screen.queryByText(/vous demandera ce code/)).not.toBeInTheDocument();
  });

  it("sends a signed-out candidate to the « new link » page, never to the staff login", async () => {
    const { client } = mockOperations({ CandidateSpace: { error: graphqlError("UNAUTHENTICATED") } });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat" });
    expect(await screen.findByRole("heading", { name: "Recevoir un lien de connexion" })).toBeInTheDocument();
  });

  it("answers a link request the same way whatever the address", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      RequestCandidateSignInLink: { data: { requestCandidateSignInLink: { sent: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/lien" });
    await user.type(await screen.findByRole("textbox", { name: /Votre adresse e-mail/ }), "awa@exemple.fr");
    await user.click(screen.getByRole("button", { name: "Recevoir mon lien" }));
    expect(await screen.findByText("Si cette adresse est connue, un lien arrive dans quelques minutes.")).toBeInTheDocument();
    expect(callsOf(executeMutation, "RequestCandidateSignInLink")).toEqual([{ email: "awa@exemple.fr" }]);
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows why a used link does not open the space", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      SignInCandidate: {
        data: {
          signInCandidate: {
            ok: false,
            errors: [{ code: "USED_LINK", field: "token", message: "Ce lien a déjà servi : il ne marche qu'une fois. Demandez un nouveau lien de connexion." }],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/connexion?jeton=abc" });
    await user.click(await screen.findByRole("button", { name: "Entrer dans mon espace" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Ce lien a déjà servi");
  });

  it("refuses an empty correction request with the server's words", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      RequestDataCorrection: {
        data: {
          requestDataCorrection: {
            ok: false,
            errors: [{ code: "EMPTY_REQUEST", field: "message", message: "Écrivez ce qu'il faut corriger." }],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/dossiers/d1/correction" });
    await user.click(await screen.findByRole("button", { name: "Envoyer ma demande" }));
    expect(await screen.findByText("Écrivez ce qu'il faut corriger.")).toBeInTheDocument();
  });
});

describe("adviser's candidate space panel", () => {
  const notInvited = {
    candidateSpaceStatus: { __typename: "CandidateSpaceStatus", email: "awa@exemple.fr", invitedAt: null, activatedAt: null },
  } satisfies Fixture<CandidateSpaceStatusQuery>;

  it("invites the candidate, then offers to resend", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      CandidateSpaceStatus: { data: notInvited },
      InviteCandidateToSpace: {
        data: {
          inviteCandidateToSpace: {
            status: { email: "awa@exemple.fr", invitedAt: "2026-12-05T06:00:00+00:00", activatedAt: null },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<CandidateSpacePanel candidateId="c1" />, { client });
    expect(await screen.findByTestId("candidate-space-state")).toHaveTextContent("non invité");
    await user.click(screen.getByRole("button", { name: "Inviter dans l’espace candidat" }));
    await waitFor(() => expect(callsOf(executeMutation, "InviteCandidateToSpace")).toEqual([{ candidateId: "c1" }]));
  });
});

describe("advisers' correction tasks", () => {
  it("lists what candidates asked to correct and closes a task", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      CorrectionRequests: {
        data: {
          correctionRequests: [
            { id: "r1", candidateId: "c1", candidateName: "Awa Traoré", message: "Mon nom s'écrit Traoré.", createdAt: "2026-12-05T06:00:00+00:00" },
          ],
        },
      },
      ResolveCorrectionRequest: { data: { resolveCorrectionRequest: { ok: true, errors: [] } } },
    });
    renderWithProviders(<CorrectionRequestsPanel />, { client });
    expect(await screen.findByText(/Mon nom s'écrit Traoré/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Marquer comme traitée" }));
    await waitFor(() => expect(callsOf(executeMutation, "ResolveCorrectionRequest")).toEqual([{ id: "r1" }]));
  });
});

describe("sign-in code by SMS", () => {
  it("asks for the number, then for the code, and shows a refused code next to its field", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      RequestCandidateSignInCode: { data: { requestCandidateSignInCode: { sent: true, errors: [] } } },
      SignInCandidateWithCode: {
        data: {
          signInCandidateWithCode: {
            ok: false,
            errors: [{ code: "INVALID_CODE", field: "code", message: "Ce code ne marche pas. Vérifiez les 6 chiffres, ou demandez un nouveau code." }],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/espace-candidat/code" });
    await user.type(await screen.findByRole("textbox", { name: /Votre numéro de téléphone portable/ }), "06 12 34 56 78");
    await user.click(screen.getByRole("button", { name: "Recevoir mon code" }));
    await user.type(await screen.findByRole("textbox", { name: /Le code reçu par SMS/ }), "123456");
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Entrer dans mon espace" }));
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: /Le code reçu par SMS/ })).toHaveAccessibleDescription(/Ce code ne marche pas/),
    );
    expect(callsOf(executeMutation, "SignInCandidateWithCode")).toEqual([{ phone: "06 12 34 56 78", code: "123456" }]);
  });
});
