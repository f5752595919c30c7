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
  objectives: [
    { __typename: "TrainingObjectiveType", itemCode: "1.4.4", objective: "Acquérir : Rédiger un message", status: "TO_DO" },
    { __typename: "TrainingObjectiveType", itemCode: "2.1.1", objective: "Consolider : Calculer une durée", status: "IN_PROGRESS" },
  ],
  progress: [],
};

const OTHER_PLAN = {
  ...PLAN,
  id: "plan-10",
  candidateName: "Inès MARCHAND",
  objectives: [
    { __typename: "TrainingObjectiveType", itemCode: "3.1.1", objective: "Acquérir : Se repérer", status: "REACHED" },
  ],
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
    const objectives = within(card).getByRole("region", { name: "Avancement des objectifs" });
    expect(within(objectives).getByRole("row", { name: /1\.4\.4/ })).toHaveTextContent("Acquérir : Rédiger un message");

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

  it("saves an objective's status at once through the delivered plans' mutation, and moves that plan's bar", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ activeRoles: ["TRAINER"] }),
      DeliveredTrainingPlans: { data: { deliveredTrainingPlans: [PLAN, OTHER_PLAN] } },
      SetDeliveredTrainingObjectiveStatus: {
        data: {
          setDeliveredTrainingObjectiveStatus: {
            deliveredPlan: {
              id: "plan-9",
              objectives: [
                { ...PLAN.objectives[0], status: "REACHED" },
                PLAN.objectives[1],
              ],
            },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/formations" });

    const card = await screen.findByRole("region", { name: "Yanis DELACROIX" });
    const other = screen.getByRole("region", { name: "Inès MARCHAND" });
    // Each plan has its own block, named by its own heading.
    const objectives = within(card).getByRole("region", { name: "Avancement des objectifs" });
    expect(within(other).getByRole("region", { name: "Avancement des objectifs" })).not.toBe(objectives);
    expect(within(card).getByTestId("objectives-progress")).toHaveTextContent("0 objectif atteint sur 2, 1 en cours");
    expect(within(card).getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "0");
    expect(within(other).getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "100");

    await user.selectOptions(within(card).getByRole("combobox", { name: "Avancement — 1.4.4" }), "REACHED");

    await waitFor(() =>
      expect(callsOf(executeMutation, "SetDeliveredTrainingObjectiveStatus")).toEqual([
        { planId: "plan-9", itemCode: "1.4.4", status: "REACHED" },
      ]),
    );
    // Never the evaluator's own mutation: the plan is another organisation's.
    expect(callsOf(executeMutation, "SetTrainingObjectiveStatus")).toEqual([]);
    expect(within(card).getByTestId("objectives-progress")).toHaveTextContent("1 objectif atteint sur 2, 1 en cours");
    expect(within(card).getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "50");
    expect(within(other).getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "100");
  });

  it("puts the status back and says why when the change is refused", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["TRAINER"] }),
      DeliveredTrainingPlans: { data: { deliveredTrainingPlans: [PLAN] } },
      SetDeliveredTrainingObjectiveStatus: {
        data: {
          setDeliveredTrainingObjectiveStatus: {
            deliveredPlan: null,
            errors: [
              {
                code: "UNKNOWN_ITEMS",
                field: "itemCode",
                message: "Le plan n'a pas d'objectif pour l'item 1.4.4 : rechargez le plan.",
              },
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/formations" });

    const card = await screen.findByRole("region", { name: "Yanis DELACROIX" });
    const select = within(card).getByRole("combobox", { name: "Avancement — 1.4.4" });
    await user.selectOptions(select, "REACHED");

    expect(await within(card).findByText(/rechargez le plan/)).toBeVisible();
    await waitFor(() => expect(select).toHaveValue("TO_DO"));
    expect(within(card).getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "0");
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
