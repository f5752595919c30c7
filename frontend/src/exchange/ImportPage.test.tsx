import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportBatchQuery } from "../gql/graphql";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import type { Fixture } from "../test/schemaTypes";
import { fileProblem } from "./upload";

type Batch = Extract<NonNullable<ImportBatchQuery["importBatch"]>, { __typename: "ImportBatch" }>;

function batch(changes: Partial<Batch> = {}) {
  return {
    __typename: "ImportBatch",
    id: "imp-1",
    kind: "CANDIDATES",
    filename: "inscrits.csv",
    status: "VALIDATED",
    rowCount: 2,
    rowsDone: 2,
    problemCount: 0,
    createdCount: 0,
    failure: "",
    inBackground: false,
    createdAt: "2026-12-05T08:00:00Z",
    confirmedAt: null,
    problems: [],
    ...changes,
  } satisfies Fixture<Batch>;
}

function importPage(answer: ReturnType<typeof batch>, extra = {}) {
  return mockOperations({
    Viewer: viewerData({ activeRoles: ["ADVISER"] }),
    Imports: { data: { imports: [] } },
    ImportBatch: { data: { importBatch: answer } },
    ...extra,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("ImportPage", () => {
  it("uploads the file, then shows the report's rows, columns and reasons", async () => {
    const user = userEvent.setup();
    const fetcher = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ id: "imp-1", status: "REJECTED", inBackground: false }), { status: 201 }),
    );
    vi.stubGlobal("fetch", fetcher);
    const rejected = batch({
      status: "REJECTED",
      problemCount: 1,
      problems: [
        {
          row: 3,
          column: "Financeur",
          reason: "Valeur inconnue « Mécénat » : valeurs acceptées : CPF ; Autre.",
        },
      ],
    });
    const { client } = importPage(rejected);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/import" });

    await screen.findByLabelText("Fichier à importer");
    // Mantine's FileInput is a button over a hidden native input.
    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("no file input");
    await user.upload(input, new File(["Civilité;Nom\n"], "inscrits.csv", { type: "text/csv" }));
    await user.click(screen.getByRole("button", { name: "Vérifier le fichier" }));

    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    const [url, init] = fetcher.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/exchange/imports/candidats");
    expect(init.method).toBe("PUT");
    expect((init.headers as Record<string, string>)["X-Requested-With"]).toBe("clea-web");
    const table = await screen.findByTestId("import-problems");
    const row = within(table).getByRole("row", { name: /Financeur/ });
    expect(row).toHaveTextContent("3");
    expect(row).toHaveTextContent("Mécénat");
    expect(screen.getByRole("link", { name: "Télécharger le rapport (CSV)" })).toHaveAttribute(
      "href",
      "/exchange/imports/imp-1/rapport.csv",
    );
    expect(screen.queryByRole("button", { name: "Confirmer l’import" })).toBeNull();
  });

  it("sends the confirmation of a clean file", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = importPage(batch(), {
      ConfirmImport: {
        data: {
          confirmImport: {
            importBatch: batch({ status: "CONFIRMED", createdCount: 2, confirmedAt: "2026-12-05T08:01:00Z" }),
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/import?import=imp-1" });

    await user.click(await screen.findByRole("button", { name: "Confirmer l’import" }));

    await waitFor(() => expect(callsOf(executeMutation, "ConfirmImport")).toEqual([{ id: "imp-1" }]));
  });

  it("shows why a confirmation was refused", async () => {
    const user = userEvent.setup();
    const { client } = importPage(batch(), {
      ConfirmImport: {
        data: {
          confirmImport: {
            importBatch: null,
            errors: [payloadError("ROW_REFUSED", "Import annulé, rien n'a été créé : ligne 3 : doublon.")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/import?import=imp-1" });

    await user.click(await screen.findByRole("button", { name: "Confirmer l’import" }));

    expect(await screen.findByText(/rien n'a été créé : ligne 3/)).toBeVisible();
  });

  it("shows a running job's progress", async () => {
    const { client } = importPage(batch({ status: "CONFIRMING", rowCount: 50000, rowsDone: 12000, inBackground: true }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/import?import=imp-1" });

    expect(await screen.findByText("Création : 12000 ligne(s) sur 50000…")).toBeVisible();
    expect(screen.getByRole("progressbar", { name: "Avancement de l’import" })).toBeInTheDocument();
  });

  it("has no serious accessibility violations with a report shown", async () => {
    const rejected = batch({
      status: "REJECTED",
      problemCount: 1,
      problems: [{ row: 2, column: "Civilité", reason: "Valeur inconnue « Mx »." }],
    });
    const { client } = importPage(rejected);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/import?import=imp-1" });
    await screen.findByTestId("import-problems");

    // jsdom has no layout: colour contrast is checked in the browser.
    const results = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => v.id)).toEqual([]);
  });

  it("refuses what is not a CSV or XLSX before sending it", () => {
    expect(fileProblem({ name: "photo.png", size: 10 })).toMatch(/CSV ou XLSX/);
    expect(fileProblem({ name: "liste.xlsx", size: 0 })).toBe("Le fichier est vide.");
    expect(fileProblem({ name: "liste.csv", size: 100 })).toBeNull();
  });
});
