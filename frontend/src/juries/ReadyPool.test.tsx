import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { toggled, toggledAll } from "../components/selection";
import { callsOf, mockOperations } from "../test/mockClient";
import { readyDossier, sessionFixture } from "../test/juryFixtures";
import { renderWithProviders } from "../test/render";
import { ReadyPool } from "./ReadyPool";

const POOL = [
  readyDossier("d1", "Léa DUPONT"),
  readyDossier("d2", "Karim BENALI"),
  readyDossier("d3", "Nora SAID", "CLEA_NUMERIQUE"),
];

function pool(extra: Parameters<typeof mockOperations>[0] = {}) {
  return mockOperations({ ReadyForJury: { data: { readyForJury: POOL } }, ...extra });
}

function renderPool(client: ReturnType<typeof pool>["client"], onAdded = vi.fn()) {
  renderWithProviders(
    <ReadyPool
      sessionId="s1"
      certificationCodes={["CLEA"]}
      region="Île-de-France"
      titleOf={(code) => (code === "CLEA" ? "CléA" : code)}
      onAdded={onAdded}
    />,
    { client },
  );
  return onAdded;
}

describe("selection helpers", () => {
  it("toggles one id, or every visible one", () => {
    expect([...toggled(new Set(["a"]), "b")]).toEqual(["a", "b"]);
    expect([...toggled(new Set(["a", "b"]), "a")]).toEqual(["b"]);
    expect([...toggledAll(new Set(["a"]), ["a", "b"])].sort()).toEqual(["a", "b"]);
    expect([...toggledAll(new Set(["a", "b", "z"]), ["a", "b"])]).toEqual(["z"]);
    expect([...toggledAll(new Set(), [])]).toEqual([]);
  });
});

describe("ReadyPool", () => {
  it("lists the ready dossiers of the session's certifications, filtered by its région", async () => {
    const { client, executeQuery } = pool();
    renderPool(client);
    const table = await screen.findByRole("table", { name: "Dossiers prêts pour le jury" });
    expect(within(table).getAllByRole("row")).toHaveLength(3); // header + the two CléA dossiers
    expect(within(table).queryByText("Nora SAID")).toBeNull();
    expect(callsOf(executeQuery, "ReadyForJury")[0]).toEqual({ certificationCode: "CLEA", region: "Île-de-France" });
    expect(screen.getByRole("button", { name: "Inscrire à l’ordre du jour" })).toBeDisabled();
  });

  it("puts the selected dossiers on the agenda at once", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = pool({
      AddToJuryAgenda: { data: { addToJuryAgenda: { session: sessionFixture(), errors: [] } } },
    });
    const onAdded = renderPool(client);
    await user.click(await screen.findByRole("checkbox", { name: "Sélectionner Léa DUPONT" }));
    await user.click(screen.getByRole("checkbox", { name: "Sélectionner Karim BENALI" }));
    expect(screen.getByRole("checkbox", { name: "Tout sélectionner" })).toBeChecked();
    await user.click(screen.getByRole("checkbox", { name: "Sélectionner Karim BENALI" }));
    expect(screen.getByRole("checkbox", { name: "Tout sélectionner" })).not.toBeChecked();
    await user.click(screen.getByRole("checkbox", { name: "Tout sélectionner" }));
    expect(screen.getByRole("checkbox", { name: "Sélectionner Karim BENALI" })).toBeChecked();

    await user.click(screen.getByRole("button", { name: "Inscrire à l’ordre du jour (2)" }));
    expect(await screen.findByRole("status")).toHaveTextContent("2 dossiers inscrits à l’ordre du jour.");
    expect(callsOf(executeMutation, "AddToJuryAgenda")).toEqual([{ sessionId: "s1", dossierIds: ["d1", "d2"] }]);
    expect(onAdded).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("checkbox", { name: "Sélectionner Léa DUPONT" })).not.toBeChecked();
  });

  it("shows why the agenda refused them (all or none)", async () => {
    const user = userEvent.setup();
    const { client } = pool({
      AddToJuryAgenda: {
        data: {
          addToJuryAgenda: {
            session: null,
            errors: [
              { __typename: "JuryProblem", code: "NOT_READY", field: "dossierIds", message: "Le dossier d2 n'est pas « prêt pour le jury »." },
            ],
          },
        },
      },
    });
    const onAdded = renderPool(client);
    await user.click(await screen.findByRole("checkbox", { name: "Tout sélectionner" }));
    await user.click(screen.getByRole("button", { name: "Inscrire à l’ordre du jour (2)" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Inscription impossible");
    expect(alert).toHaveTextContent("Le dossier d2 n'est pas « prêt pour le jury ».");
    expect(onAdded).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByRole("checkbox", { name: "Sélectionner Léa DUPONT" })).toBeChecked());
  });

  it("asks again for another région", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = pool();
    renderPool(client);
    await screen.findByRole("table", { name: "Dossiers prêts pour le jury" });
    await user.click(screen.getByRole("combobox", { name: "Région" }));
    await user.click(await screen.findByRole("option", { name: "Toutes les régions" }));
    await waitFor(() =>
      expect(callsOf(executeQuery, "ReadyForJury").at(-1)).toEqual({ certificationCode: "CLEA", region: null }),
    );
  });
});
