import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "./routes";
import { certificationsData, referentielData } from "./test/fixtures";
import { connection, viewerData } from "./test/identityFixtures";
import { mockClient, mockOperations } from "./test/mockClient";
import {
  choicesData,
  dossierFixture,
  evaluationFixture,
  LEA,
  pathwayReferentielData,
  trainingPlanDossier,
} from "./test/pathwayFixtures";
import { renderWithProviders } from "./test/render";

// jsdom has no layout: colour contrast is checked in the browser e2e tests.
async function seriousViolations() {
  const results = await axe.run(document.body, {
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("accessibility (axe, jsdom)", () => {
  it("the public home page has no serious violations", async () => {
    const { client } = mockClient(() => ({ data: { viewer: null } }));
    renderWithProviders(<AppRoutes />, { client, route: "/" });
    await screen.findByRole("heading", { level: 2, name: "Les quatre étapes" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("certifications page has no serious violations", async () => {
    const { client } = mockClient(() => ({ data: certificationsData }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    await screen.findByRole("article", { name: "CléA" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("référentiel page has no serious violations, expanded or not", async () => {
    const user = userEvent.setup();
    const { client } = mockClient(() => ({ data: referentielData() }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications/CLEA" });
    await screen.findByTestId("referentiel-tree");
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Tout déplier" }));
    expect(await seriousViolations()).toEqual([]);
  });

  it("login page has no serious violations, with validation errors", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      LoginOptions: {
        data: {
          loginOptions: [
            { organisationName: "Acme Formation", organisationSlug: "acme", loginUrl: "/auth/oidc/acme/login" },
          ],
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/connexion" });
    await screen.findByRole("link", { name: "Se connecter avec Acme Formation" });
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Se connecter" }));
    expect(await seriousViolations()).toEqual([]);
  });

  it("members page (logged-in shell, admin navigation) has no serious violations", async () => {
    const member = {
      id: "m1",
      roles: ["ORG_ADMIN"],
      createdAt: "2025-01-10T09:00:00Z",
      user: { id: "user-1", email: "camille.martin@example.fr", fullName: "Camille Martin" },
    };
    const invitation = {
      id: "i1",
      email: "nina@example.fr",
      roles: ["TRAINER"],
      status: "PENDING",
      expiresAt: "2030-03-01T09:00:00Z",
      createdAt: "2030-02-22T09:00:00Z",
      invitedBy: null,
    };
    const { client } = mockOperations({
      Viewer: viewerData({ certifProAdmin: true }),
      Members: { data: { members: connection([member], { hasNextPage: true, endCursor: "c1", totalCount: 60 }) } },
      Invitations: { data: { invitations: connection([invitation]) } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    await screen.findByRole("table", { name: "Invitations" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("account and audit pages have no serious violations", async () => {
    const { client } = mockOperations({
      Viewer: viewerData(),
      MySessions: { data: { mySessions: [] } },
      AuditEvents: { data: { auditEvents: connection([]) } },
    });
    const { unmount } = renderWithProviders(<AppRoutes />, { client, route: "/compte" });
    await screen.findByRole("form", { name: "Changer de mot de passe" });
    expect(await seriousViolations()).toEqual([]);
    unmount();
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/journal" });
    await screen.findByText("Aucun événement ne correspond à ces critères.");
    expect(await seriousViolations()).toEqual([]);
  });

  it("pathway pages have no serious violations", async () => {
    const user = userEvent.setup();
    const closed = evaluationFixture({
      status: "CLOSED",
      closedAt: "2025-03-10T15:00:00Z",
      outcome: { eligible: false, gaps: ["1.1.2"], mastery: {} },
      results: [{ itemCode: "1.1.1", value: "acquis" }],
    });
    const open = evaluationFixture({ id: "eval-2", kind: "FINAL", targetItems: ["1.1.2"] });
    const dossier = dossierFixture({
      status: "TRAINING",
      evaluations: [closed],
      trainingPlan: { id: "plan-1", revision: 1 },
      windowEndsOn: "2030-03-10",
    });
    const { candidate, ...node } = dossier;
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER", "EVALUATOR"] }),
      PathwayChoices: { data: choicesData },
      PathwayReferentiel: { data: pathwayReferentielData() },
      Dossiers: {
        data: {
          dossiers: {
            ...connection([{ ...node, candidate: { ...candidate, ...LEA } }], {
              hasNextPage: true,
              endCursor: "c1",
              totalCount: 60,
            }),
            countsByStatus: [{ status: "TRAINING", count: 60 }],
          },
        },
      },
      Dossier: { data: { dossier } },
      Evaluation: (variables) => ({ data: { evaluation: variables.id === "eval-2" ? open : closed } }),
      TrainingPlan: { data: trainingPlanDossier() },
    });

    let view = renderWithProviders(<AppRoutes />, { client, route: "/dossiers" });
    await screen.findByRole("table", { name: "Liste des dossiers" });
    expect(await seriousViolations()).toEqual([]);
    view.unmount();

    view = renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1" });
    await screen.findByRole("button", { name: "Délivrer l’attestation des compétences acquises" });
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Abandonner le dossier" }));
    await screen.findByRole("dialog", { name: "Abandonner le dossier" });
    expect(await seriousViolations()).toEqual([]);
    view.unmount();

    view = renderWithProviders(<AppRoutes />, { client, route: "/evaluations/eval-2?dossier=d1" });
    await screen.findByTestId("evaluation-grid");
    await user.click(screen.getByRole("button", { name: "Commentaire sur 1.1.2" }));
    expect(await seriousViolations()).toEqual([]);
    view.unmount();

    view = renderWithProviders(<AppRoutes />, { client, route: "/evaluations/eval-1?dossier=d1" });
    await screen.findByTestId("evaluation-grid");
    expect(await seriousViolations()).toEqual([]);
    view.unmount();

    view = renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    await screen.findByRole("form", { name: "Enregistrer une séance de formation" });
    expect(await seriousViolations()).toEqual([]);
    view.unmount();

    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    expect(await seriousViolations()).toEqual([]);
  }, 30_000);
});

describe("accessibility of the open user menu (axe, jsdom)", () => {
  it("has no serious violations (a menu owns its items only: aria-required-children)", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({ Viewer: viewerData(), Certifications: { data: certificationsData } });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    await user.click(await screen.findByTestId("user-menu"));
    await screen.findByRole("menu");
    expect(await seriousViolations()).toEqual([]);
  });
});
