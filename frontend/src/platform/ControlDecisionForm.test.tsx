import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SCREEN_TEST_TIMEOUT } from "../test/accreditationFixtures";
import { payloadError } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { ControlDecisionForm } from "./ControlDecisionForm";

describe("ControlDecisionForm", () => {
  it("asks a suspension for its reasons and last day, then sends what it covers", async () => {
    const user = userEvent.setup();
    const onDecided = vi.fn();
    const { client, executeMutation } = mockOperations({
      DecideControlProcedure: {
        data: {
          decideControlProcedure: {
            procedure: null,
            errors: [payloadError("INVALID_DATES", "La fin de la suspension ne peut pas précéder aujourd'hui.", "suspendedUntil")],
          },
        },
      },
    });
    renderWithProviders(
      <ControlDecisionForm procedureId="p-1" certificationCodes={["CLEA", "CLEA_NUMERIQUE"]} onDecided={onDecided} />,
      { client },
    );
    await user.click(screen.getByRole("combobox", { name: "Issue de la procédure" }));
    await user.click(await screen.findByRole("option", { name: "Suspension" }));
    await user.click(screen.getByRole("button", { name: "Enregistrer la décision" }));
    expect(screen.getByText("Motivez la décision.")).toBeVisible();
    expect(screen.getByText("Indiquez la date de fin de la suspension.")).toBeVisible();
    expect(callsOf(executeMutation, "DecideControlProcedure")).toEqual([]);

    await user.type(screen.getByRole("textbox", { name: "Motifs de la décision" }), "Fraude.");
    await user.type(screen.getByLabelText(/Fin de la suspension/), "01/01/2020");
    await user.click(screen.getByRole("checkbox", { name: "CLEA" }));
    await user.click(screen.getByRole("button", { name: "Enregistrer la décision" }));
    await waitFor(() => expect(screen.getByText(/ne peut pas précéder aujourd'hui/)).toBeVisible());
    expect(callsOf(executeMutation, "DecideControlProcedure")[0]).toEqual({
      input: {
        procedureId: "p-1",
        outcome: "SUSPENSION",
        reason: "Fraude.",
        suspendedUntil: "2020-01-01",
        certificationCodes: ["CLEA"],
        scopes: [],
      },
    });
    expect(onDecided).not.toHaveBeenCalled();
  }, SCREEN_TEST_TIMEOUT);
});
