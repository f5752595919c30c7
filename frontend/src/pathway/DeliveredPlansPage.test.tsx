import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const PLAN = {
  __typename: "DeliveredTrainingPlan",
  id: "plan-9",
  evaluatorName: "Greta démo Paris Centre",
  certificationCode: "CLEA",
  candidateName: "Yanis DELACROIX",
  trainerName: "Hugo Lambert",
  startsOn: "2026-01-05",
  endsOn: "2026-03-27",
  hoursPlanned: 28,
  hoursDone: 0,
  objectives: [{ __typename: "TrainingObjectiveType", itemCode: "1.4.4", objective: "Acquérir : Rédiger un message" }],
  progress: [],
};

describe("DeliveredPlansPage", () => {
  it("lists the plans the organisation delivers and records a session on one", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ activeRoles: ["TRAINER"] }),
      DeliveredTrainingPlans: { data: { deliveredTrainingPlans: [PLAN] } },
      RecordDeliveredTrainingProgress: {
        data: { recordDeliveredTrainingProgress: { deliveredPlan: { id: "plan-9", hoursDone: 3 }, errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/formations" });

    const card = await screen.findByRole("region", { name: "Yanis DELACROIX" });
    expect(card).toHaveTextContent("dossier de Greta démo Paris Centre");
    expect(within(card).getByTestId("delivered-hours")).toHaveTextContent("0 h réalisées sur 28 h prévues");
    expect(card).toHaveTextContent("1.4.4 — Acquérir : Rédiger un message");

    const form = within(card).getByRole("form", { name: "Enregistrer une séance de formation" });
    await user.type(within(form).getByRole("textbox", { name: "Durée (heures)" }), "3");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la séance" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "RecordDeliveredTrainingProgress")).toMatchObject([
        { planId: "plan-9", hours: 3, itemsWorked: [], note: "" },
      ]),
    );
    expect(await screen.findByText("La séance de formation a été enregistrée.")).toBeVisible();
  });

  it("says when no plan names the organisation", async () => {
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["TRAINER"] }),
      DeliveredTrainingPlans: { data: { deliveredTrainingPlans: [] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/formations" });
    expect(await screen.findByText("Aucun plan de formation ne désigne votre organisme pour le moment.")).toBeVisible();
  });
});
