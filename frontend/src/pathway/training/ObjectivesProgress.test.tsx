import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { callsOf, mockOperations } from "../../test/mockClient";
import { trainingPlanFixture } from "../../test/pathwayFixtures";
import { renderWithProviders } from "../../test/render";
import { ObjectivesProgress, objectivesSummary } from "./ObjectivesProgress";

const TITLES = new Map([
  ["1.1.2", "Comprendre une consigne"],
  ["2.1.1", "Effectuer des calculs simples"],
]);

describe("ObjectivesProgress", () => {
  it("says how many objectives are reached and how many are under way", () => {
    expect(objectivesSummary(["REACHED", "IN_PROGRESS", "TO_DO"])).toBe("1 objectif atteint sur 3, 1 en cours");
    expect(objectivesSummary(["REACHED", "REACHED"])).toBe("2 objectifs atteints sur 2");
  });

  it("saves a status as soon as the trainer chooses it, and moves the progress bar", async () => {
    const user = userEvent.setup();
    const plan = trainingPlanFixture();
    const { client, executeMutation } = mockOperations({
      SetTrainingObjectiveStatus: { data: { setTrainingObjectiveStatus: { trainingPlan: plan, errors: [] } } },
    });
    let changed = 0;
    renderWithProviders(
      <ObjectivesProgress plan={plan} titles={TITLES} editable onChanged={() => (changed += 1)} />,
      { client },
    );
    expect(screen.getByTestId("objectives-progress")).toHaveTextContent("0 objectif atteint sur 2, 1 en cours");
    expect(screen.getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "0");

    await user.selectOptions(screen.getByRole("combobox", { name: "Avancement — 1.1.2 Comprendre une consigne" }), "REACHED");

    await waitFor(() =>
      expect(callsOf(executeMutation, "SetTrainingObjectiveStatus")).toEqual([
        { planId: "plan-1", itemCode: "1.1.2", status: "REACHED" },
      ]),
    );
    expect(screen.getByTestId("objectives-progress")).toHaveTextContent("1 objectif atteint sur 2");
    expect(screen.getByRole("progressbar", { name: /Avancement du plan/ })).toHaveAttribute("aria-valuenow", "50");
    await waitFor(() => expect(changed).toBe(1));
  });

  it("shows the statuses without a control to whoever may not change them", () => {
    renderWithProviders(<ObjectivesProgress plan={trainingPlanFixture()} titles={TITLES} editable={false} onChanged={() => undefined} />);
    expect(screen.queryByRole("combobox")).toBeNull();
    expect(screen.getByText("En cours")).toBeInTheDocument();
  });
});
