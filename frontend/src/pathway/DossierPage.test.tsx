import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Role } from "../gql/graphql";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { choicesData, dossierFixture, evaluationFixture, pathwayReferentielData } from "../test/pathwayFixtures";
import { renderWithProviders } from "../test/render";

type DossierArgs = Parameters<typeof dossierFixture>[0];

function dossierPage(roles: Role[], dossier: DossierArgs = {}, extra: Parameters<typeof mockOperations>[0] = {}) {
  return mockOperations({
    Viewer: viewerData({ activeRoles: roles }),
    Dossier: { data: { dossier: dossierFixture(dossier) } },
    PathwayChoices: { data: choicesData },
    PathwayReferentiel: { data: pathwayReferentielData() },
    ...extra,
  });
}

async function actionNames(roles: Role[], dossier: DossierArgs) {
  const { client } = dossierPage(roles, dossier);
  const view = renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
  const actions = await screen.findByTestId("dossier-actions");
  const names = [...within(actions).queryAllByRole("button"), ...within(actions).queryAllByRole("link")].map(
    (element) => element.textContent,
  );
  view.unmount();
  return names.sort();
}

const CLOSED_WITH_GAPS = evaluationFixture({
  status: "CLOSED",
  closedAt: "2025-03-10T15:00:00Z",
  outcome: {
    eligible: false,
    gaps: ["1.1.2", "2.1.1"],
    mastery: {},
  },
});

describe("DossierPage", () => {
  it("shows the header and the timeline in French", async () => {
    const { client } = dossierPage(["ADVISER"], { status: "TRAINING", windowEndsOn: "2030-03-10" });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    expect(await screen.findByRole("heading", { level: 1, name: "Léa DUPONT" })).toBeVisible();
    expect(screen.getByTestId("dossier-certification")).toHaveTextContent("CléA");
    expect(screen.getAllByTestId("dossier-status")[0]).toHaveTextContent("En formation");
    expect(screen.getByTestId("window-ends-on")).toHaveTextContent("10/03/2030");
    const timeline = screen.getByTestId("dossier-timeline");
    expect(timeline).toHaveTextContent("Dossier ouvert");
    expect(timeline).toHaveTextContent("01/03/2025");
    expect(timeline).toHaveTextContent("Camille Martin");
  });

  it("shows the information interview the dossier was opened from", async () => {
    const { client } = dossierPage(["ADVISER"], { status: "OPENED" });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await screen.findByRole("heading", { level: 1, name: "Léa DUPONT" });
    expect(screen.getByTestId("information-interview")).toHaveTextContent(
      "Entretien d’information01/03/2025 avec Camille Martin — Orienté vers la certification",
    );
  });

  it("offers the actions allowed by the status and the roles", async () => {
    expect(await actionNames(["ADVISER"], { status: "OPENED" })).toEqual([
      "Abandonner le dossier",
      "Commencer l’évaluation préalable",
      "Transférer le dossier",
    ]);
    expect(await actionNames(["EVALUATOR"], { status: "OPENED" })).toEqual(["Commencer l’évaluation préalable"]);
    expect(await actionNames(["TRAINER"], { status: "OPENED" })).toEqual([]);
    expect(await actionNames(["ORG_ADMIN"], { status: "EXPIRED" })).toEqual([
      "Abandonner le dossier",
      "Commencer l’évaluation préalable",
      "Transférer le dossier",
    ]);
    expect(
      await actionNames(["EVALUATOR"], { status: "INITIAL_EVALUATION", evaluations: [evaluationFixture()] }),
    ).toEqual(["Ouvrir la grille d’évaluation"]);
    expect(await actionNames(["TRAINER"], { status: "TRAINING", evaluations: [CLOSED_WITH_GAPS] })).toEqual([
      "Construire le plan de formation",
    ]);
    expect(
      await actionNames(["TRAINER"], {
        status: "TRAINING",
        evaluations: [CLOSED_WITH_GAPS],
        trainingPlan: { id: "plan-1", revision: 1 },
      }),
    ).toEqual(["Modifier le plan de formation"]);
    expect(
      await actionNames(["ADVISER"], {
        status: "TRAINING",
        evaluations: [CLOSED_WITH_GAPS],
        trainingPlan: { id: "plan-1", revision: 1 },
      }),
    ).toEqual([
      "Abandonner le dossier",
      "Commencer l’évaluation finale",
      "Modifier le plan de formation",
      "Transférer le dossier",
    ]);
    expect(
      await actionNames(["EVALUATOR"], {
        status: "TRAINING",
        evaluations: [CLOSED_WITH_GAPS],
        trainingPlan: { id: "plan-1", revision: 1 },
      }),
    ).toEqual(["Commencer l’évaluation finale", "Voir le plan de formation"]);
    expect(await actionNames(["ADVISER"], { status: "CERTIFIED" })).toEqual([]);
  }, 30_000);

  it("starts the évaluation préalable and goes to the grid", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = dossierPage(["ADVISER"], { status: "OPENED" }, {
      StartEvaluation: {
        data: { startEvaluation: { evaluation: { id: "eval-9", kind: "INITIAL", status: "OPEN" }, errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Commencer l’évaluation préalable" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/evaluations/eval-9"));
    expect(screen.getByTestId("location")).toHaveAttribute("data-search", "?dossier=d1");
    expect(callsOf(executeMutation, "StartEvaluation")).toEqual([{ dossierId: "d1", kind: "INITIAL" }]);
  });

  it("transfers the dossier at the candidate's request and says where it went", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = dossierPage(["ADVISER"], { status: "TRAINING", revision: 4 }, {
      TransferDossier: (variables) => ({
        data: {
          transferDossier:
            variables.targetSiret === "82404926600014"
              ? {
                  transfer: { dossierId: "d1", organisationName: "Afpa Lille", siteName: "Lille Hellemmes" },
                  errors: [],
                }
              : {
                  transfer: null,
                  errors: [payloadError("INVALID_TARGET", "Aucun organisme habilité n’a cet établissement.", "targetSiret")],
                },
        },
      }),
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Transférer le dossier" }));
    const dialog = await screen.findByRole("dialog", { name: "Transférer le dossier" });
    await user.click(within(dialog).getByRole("button", { name: "Confirmer le transfert" }));
    expect(within(dialog).getByRole("checkbox", { name: "Le candidat demande ce transfert" })).toHaveAccessibleDescription(
      "Le transfert se fait à la demande du candidat : son accord est obligatoire.",
    );
    const siret = within(dialog).getByRole("textbox", { name: /SIRET de l’établissement d’accueil/ });
    await user.type(siret, "00000000000000");
    await user.type(within(dialog).getByRole("textbox", { name: /Motif du transfert/ }), "Déménagement");
    await user.click(within(dialog).getByRole("checkbox", { name: "Le candidat demande ce transfert" }));
    await user.click(within(dialog).getByRole("button", { name: "Confirmer le transfert" }));
    expect(await within(dialog).findByText("Aucun organisme habilité n’a cet établissement.")).toBeVisible();
    await user.clear(siret);
    await user.type(siret, "82404926600014");
    await user.click(within(dialog).getByRole("button", { name: "Confirmer le transfert" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("« Afpa Lille »");
    expect(callsOf(executeMutation, "TransferDossier")).toEqual([
      { id: "d1", targetSiret: "00000000000000", reason: "Déménagement", consent: true, revision: 4 },
      { id: "d1", targetSiret: "82404926600014", reason: "Déménagement", consent: true, revision: 4 },
    ]);
  });

  it("abandons with a mandatory reason and the dossier's revision", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = dossierPage(["ADVISER"], { status: "OPENED", revision: 7 }, {
      AbandonDossier: (variables) => ({
        data: {
          abandonDossier:
            variables.reason === "Déménagement"
              ? { dossier: { id: "d1", status: "ABANDONED", statusLabel: "abandonné", revision: 8 }, errors: [] }
              : { dossier: null, errors: [payloadError("STALE_REVISION", "Le dossier a été modifié entre-temps.", "revision")] },
        },
      }),
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Abandonner le dossier" }));
    const dialog = await screen.findByRole("dialog", { name: "Abandonner le dossier" });
    await user.click(within(dialog).getByRole("button", { name: "Confirmer l’abandon" }));
    expect(within(dialog).getByRole("textbox", { name: "Motif de l’abandon" })).toHaveAccessibleDescription(
      "Indiquez la raison de l’abandon.",
    );
    await user.type(within(dialog).getByRole("textbox", { name: "Motif de l’abandon" }), "Autre raison");
    await user.click(within(dialog).getByRole("button", { name: "Confirmer l’abandon" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Le dossier a été modifié entre-temps.");
    await user.clear(within(dialog).getByRole("textbox", { name: "Motif de l’abandon" }));
    await user.type(within(dialog).getByRole("textbox", { name: "Motif de l’abandon" }), "Déménagement");
    await user.click(within(dialog).getByRole("button", { name: "Confirmer l’abandon" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(callsOf(executeMutation, "AbandonDossier")).toEqual([
      { id: "d1", reason: "Autre raison", revision: 7 },
      { id: "d1", reason: "Déménagement", revision: 7 },
    ]);
  });

  it("lists the gaps with their titles and issues the partial attestation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = dossierPage(
      ["EVALUATOR"],
      { status: "TRAINING", evaluations: [CLOSED_WITH_GAPS] },
      {
        IssuePartialAttestation: {
          data: {
            issuePartialAttestation: {
              attestation: {
                id: "att-1",
                reference: "ATT-2025-ABCDEFGHJK",
                issuedAt: "2025-03-11T10:00:00Z",
                downloadUrl: "/documents/attestations/att-1.pdf",
              },
              errors: [],
            },
          },
        },
      },
    );
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    const section = await screen.findByRole("region", { name: "Évaluation préalable" });
    await waitFor(() => expect(within(section).getByTestId("evaluation-gaps")).toHaveTextContent("1.1.2 Comprendre une consigne"));
    expect(within(section).getByTestId("evaluation-gaps")).toHaveTextContent("2.1.1 Effectuer des calculs simples");
    expect(within(section).getByText("Close le 10/03/2025")).toBeVisible();

    await user.click(within(section).getByRole("button", { name: "Délivrer l’attestation des compétences acquises" }));
    const link = await within(section).findByRole("link", { name: "Télécharger l’attestation (PDF)" });
    expect(link).toHaveAttribute("href", "/documents/attestations/att-1.pdf");
    expect(callsOf(executeMutation, "IssuePartialAttestation")).toEqual([{ evaluationId: "eval-1" }]);
  });

  it("shows the attestation already issued, with its PDF, without issuing it again", async () => {
    const issued = evaluationFixture({
      status: "CLOSED",
      closedAt: "2025-03-10T15:00:00Z",
      outcome: { eligible: false, gaps: ["1.1.2"], mastery: {} },
      partialAttestation: {
        id: "att-9",
        reference: "ATT-2025-0123456789",
        issuedAt: "2025-03-12T09:00:00Z",
        downloadUrl: "/documents/attestations/att-9.pdf",
      },
    });
    const { client, executeMutation } = dossierPage(["VIEWER"], { status: "TRAINING", evaluations: [issued] });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    const section = await screen.findByRole("region", { name: "Évaluation préalable" });
    const attestation = await within(section).findByTestId("partial-attestation");
    expect(attestation).toHaveTextContent("Attestation n° ATT-2025-0123456789 délivrée le 12/03/2025.");
    expect(within(section).getByRole("link", { name: "Télécharger l’attestation (PDF)" })).toHaveAttribute(
      "href",
      "/documents/attestations/att-9.pdf",
    );
    expect(within(section).queryByRole("button", { name: /Délivrer/ })).toBeNull();
    expect(callsOf(executeMutation, "IssuePartialAttestation")).toEqual([]);
  });

  it("lets an adviser correct the candidate from the revision loaded, and tells of a stale one", async () => {
    const user = userEvent.setup();
    const details = {
      __typename: "Candidate",
      id: "cand-1",
      revision: 4,
      civility: "MADAME",
      birthName: "Dupont",
      usageName: "",
      firstNames: "Léa",
      birthDate: "1990-04-12",
      bornAbroad: false,
      birthCountry: "France",
      birthCity: "Lille",
      birthPostalCode: "59000",
      email: "lea.dupont@example.fr",
      phone: "0612345678",
      addressLine: "3 rue Nationale",
      postalCode: "59000",
      city: "Lille",
      statusAtRegistration: "JOBSEEKER",
      educationLevel: "CAP_BEP",
      professionalProject: "Logistique",
      anonymised: false,
    };
    let attempts = 0;
    const { client, executeMutation } = dossierPage(["ADVISER"], {}, {
      CandidateDetails: { data: { candidate: details } },
      UpdateCandidate: () =>
        ++attempts === 1
          ? {
              data: {
                updateCandidate: {
                  candidate: null,
                  errors: [
                    payloadError(
                      "STALE_REVISION",
                      "Le candidat a été modifié par quelqu'un d'autre entre-temps : rechargez sa fiche ; rien n'a été enregistré.",
                      "revision",
                    ),
                    payloadError("INVALID_PHONE", "Numéro de téléphone invalide.", "phone"),
                  ],
                },
              },
            }
          : { data: { updateCandidate: { candidate: { ...details, revision: 5 }, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Modifier le candidat" }));
    const form = await screen.findByRole("form", { name: "Modifier le candidat" });
    expect(within(form).getByRole("textbox", { name: "Adresse" })).toHaveValue("3 rue Nationale");

    const usage = within(form).getByRole("textbox", { name: "Nom d’usage" });
    await user.click(usage);
    await user.paste("Martin");
    await user.click(within(form).getByRole("button", { name: "Enregistrer les modifications" }));

    expect(await screen.findByTestId("candidate-stale")).toHaveTextContent("modifié par quelqu'un d'autre");
    expect(within(form).getByRole("textbox", { name: "Téléphone" })).toHaveAccessibleDescription(
      /Numéro de téléphone invalide/,
    );
    expect(callsOf(executeMutation, "UpdateCandidate")[0]).toMatchObject({
      id: "cand-1",
      revision: 4,
      usageName: "Martin",
      addressLine: "3 rue Nationale",
      professionalProject: "Logistique",
      confirmNotDuplicate: false,
    });

    await user.click(within(form).getByRole("button", { name: "Enregistrer les modifications" }));
    expect(await screen.findByTestId("candidate-saved")).toHaveTextContent("Les modifications de la fiche du candidat sont enregistrées.");
    expect(screen.queryByRole("form", { name: "Modifier le candidat" })).toBeNull();
  });

  it("offers no correction of the candidate to an evaluator", async () => {
    const { client } = dossierPage(["EVALUATOR"]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await screen.findByRole("heading", { level: 1, name: "Léa DUPONT" });
    expect(screen.queryByRole("button", { name: "Modifier le candidat" })).toBeNull();
  });

  it("tells that a dossier is not found when the API answers NotFound", async () => {
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      Dossier: { data: { dossier: { __typename: "NotFound", message: "Dossier introuvable." } } },
      PathwayChoices: { data: choicesData },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d9" });
    expect(await screen.findByRole("heading", { level: 1, name: "Dossier introuvable" })).toBeVisible();
    expect(screen.getByText("Ce dossier n’existe pas ou n’appartient pas à l’organisation active.")).toBeVisible();
  });

  it("tells the API's message when the candidate to correct is not found", async () => {
    const user = userEvent.setup();
    const { client } = dossierPage(["ADVISER"], {}, {
      CandidateDetails: { data: { candidate: { __typename: "NotFound", message: "Candidat introuvable." } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Modifier le candidat" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Modification impossible");
    expect(alert).toHaveTextContent("Candidat introuvable.");
    expect(screen.queryByRole("form", { name: "Modifier le candidat" })).toBeNull();
  });
});
