import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { connection, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { choicesData, dossierFixture, LEA } from "../test/pathwayFixtures";
import { renderWithProviders } from "../test/render";

function listNode(id: string, status: string, firstNames: string) {
  const { candidate, ...dossier } = dossierFixture({ status });
  return {
    id,
    certificationCode: dossier.certificationCode,
    status,
    statusLabel: dossier.statusLabel,
    openedAt: "2025-03-01T09:30:00Z",
    windowEndsOn: null,
    siteId: "site-1",
    progress: status === "INITIAL_EVALUATION" ? { evaluated: 12, total: 106 } : { evaluated: 0, total: 0 },
    candidate: { ...candidate, ...LEA, firstNames },
  };
}

function listPage(roles: ("ADVISER" | "EVALUATOR" | "TRAINER")[] = ["ADVISER"]) {
  return mockOperations({
    Viewer: viewerData({ activeRoles: roles }),
    MyWork: {
      data: {
        myWork: {
          dossiersToHandle: [{ id: "d1", certificationCode: "CLEA", status: "OPENED", candidate: LEA }],
          upcomingSittings: [
            {
              session: { id: "s1", day: "2025-04-02", startsAt: "09:00", endsAt: "12:00", siteId: "site-1" },
              dossier: {
                id: "d3",
                certificationCode: "CLEA",
                status: "INITIAL_EVALUATION",
                candidate: { ...LEA, firstNames: "Inès" },
                evaluations: [{ id: "eval-3", status: "OPEN" }],
              },
            },
          ],
        },
      },
    },
    PathwayChoices: { data: choicesData },
    Dossiers: (variables) => {
      const status = (variables.status as string[] | undefined)?.[0];
      const nodes = [
        listNode("d1", "OPENED", "Léa"),
        listNode("d2", "TRAINING", "Marc"),
        listNode("d3", "INITIAL_EVALUATION", "Inès"),
      ].filter(
        (node) => !status || node.status === status,
      );
      return {
        data: {
          dossiers: {
            ...connection(nodes, { hasNextPage: !status, endCursor: "c2", totalCount: status ? nodes.length : 60 }),
            countsByStatus: [
              { status: "OPENED", count: 12 },
              { status: "TRAINING", count: 48 },
            ],
          },
        },
      };
    },
  });
}

describe("DossiersPage", () => {
  it("reads its view from the URL: tab, search, filters, « mine » and page", async () => {
    const { client, executeQuery } = listPage(["TRAINER"]);
    renderWithProviders(<AppRoutes />, {
      client,
      route: "/dossiers?statut=TRAINING&q=Marc&certification=CLEA&formateur=moi&tri=OLDEST_FIRST&pages=c2",
    });
    await screen.findByRole("table", { name: "Liste des dossiers" });
    expect(screen.getByRole("tab", { name: /^En formation/ })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("searchbox", { name: "Rechercher un candidat" })).toHaveValue("Marc");
    expect(screen.getByRole("checkbox", { name: "Uniquement les dossiers que je forme" })).toBeChecked();
    await waitFor(() =>
      expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({
        status: ["TRAINING"],
        search: "Marc",
        certificationCode: "CLEA",
        trainerId: expect.any(String),
        order: "OLDEST_FIRST",
        after: "c2",
      }),
    );
    expect(screen.getByText(/^Page 2/)).toBeVisible();
  });

  it("writes its view into the URL, so Back comes back to it", async () => {
    const user = userEvent.setup();
    const { client } = listPage(["TRAINER"]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers" });
    await screen.findByRole("table", { name: "Liste des dossiers" });
    await user.click(screen.getByRole("tab", { name: /^En formation/ }));
    await user.click(screen.getByRole("checkbox", { name: "Uniquement les dossiers que je forme" }));
    await user.type(screen.getByRole("searchbox", { name: "Rechercher un candidat" }), "Marc");
    const location = screen.getByTestId("location");
    await waitFor(() => expect(location.getAttribute("data-search")).toContain("q=Marc"));
    const search = new URLSearchParams(location.getAttribute("data-search") ?? "");
    expect(search.get("statut")).toBe("TRAINING");
    expect(search.get("formateur")).toBe("moi");
    await user.click(screen.getByRole("button", { name: "Réinitialiser les filtres" }));
    await waitFor(() => expect(location.getAttribute("data-search")).toBe("?statut=TRAINING"));
  });

  it("lists the dossiers with status tabs and counts, links and next steps", async () => {
    const { client } = listPage();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers" });
    const table = await screen.findByRole("table", { name: "Liste des dossiers" });
    expect(screen.getByRole("tab", { name: "Tous (60)" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: "Ouvert (12)" })).toBeVisible();
    expect(screen.getByRole("tab", { name: "En formation (48)" })).toBeVisible();
    expect(screen.getByRole("tab", { name: "Évaluation préalable (0)" })).toBeVisible();
    const row = within(table).getByRole("row", { name: /Léa DUPONT/ });
    expect(within(row).getByRole("link", { name: "Léa DUPONT" })).toHaveAttribute("href", "/dossiers/d1");
    expect(row).toHaveTextContent("CléA");
    expect(row).toHaveTextContent("Ouvert");
    expect(row).toHaveTextContent("01/03/2025");
    expect(row).toHaveTextContent("Commencer l’évaluation préalable");
    expect(screen.getByRole("navigation", { name: "Pagination des dossiers" })).toHaveTextContent("60 résultats");
    expect(screen.getByRole("link", { name: "Nouveau dossier" })).toHaveAttribute("href", "/dossiers/nouveau");
    const evaluating = within(table).getByRole("row", { name: /Inès DUPONT/ });
    expect(evaluating).toHaveTextContent("12/106 renseignés");

    const work = screen.getByRole("region", { name: "À traiter" });
    expect(within(work).getByRole("link", { name: "Léa DUPONT" })).toHaveAttribute("href", "/dossiers/d1");
    expect(within(work).getByRole("link", { name: "Inès DUPONT" })).toHaveAttribute(
      "href",
      "/evaluations/eval-3?dossier=d3",
    );
    expect(work).toHaveTextContent("02/04/2025, 09:00–12:00");
  });

  it("sorts and restricts the list to the viewer's own dossiers", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = listPage();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers" });
    await screen.findByRole("table", { name: "Liste des dossiers" });
    await user.click(screen.getByRole("checkbox", { name: "Uniquement mes dossiers" }));
    await user.click(screen.getByRole("combobox", { name: "Tri" }));
    await user.click(await screen.findByRole("option", { name: "Les plus anciens d’abord" }));
    await waitFor(() =>
      expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({ adviserId: "user-1", order: "OLDEST_FIRST" }),
    );
    expect(screen.queryByRole("checkbox", { name: "Uniquement les dossiers que j’évalue" })).toBeNull();
  });

  it("filters by status, search (debounced) and dates", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = listPage();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers" });
    const table = await screen.findByRole("table", { name: "Liste des dossiers" });

    await user.click(screen.getByRole("tab", { name: "En formation (48)" }));
    await waitFor(() => expect(within(table).queryByRole("link", { name: "Léa DUPONT" })).toBeNull());
    expect(within(table).getByRole("link", { name: "Marc DUPONT" })).toBeVisible();
    expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({ status: ["TRAINING"], after: null });

    await user.type(screen.getByRole("searchbox", { name: "Rechercher un candidat" }), "dup");
    await waitFor(() => expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({ search: "dup" }));
    expect(callsOf(executeQuery, "Dossiers").filter((v) => v.search === "du")).toEqual([]);

    // Dates are typed jj/mm/aaaa; the URL (and the list) changes once a whole day is typed.
    const from = screen.getByLabelText("Ouvert depuis le");
    expect(from).toHaveAttribute("type", "text");
    expect(from).toHaveAttribute("placeholder", "jj/mm/aaaa");
    await user.type(from, "01/01/20");
    expect(from).toHaveValue("01/01/20");
    expect(screen.getByTestId("location").getAttribute("data-search")).not.toContain("du=");
    await user.type(from, "25");
    await user.type(screen.getByLabelText("Ouvert jusqu’au"), "31/03/2025");
    await waitFor(() =>
      expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({
        status: ["TRAINING"],
        search: "dup",
        openedFrom: "2025-01-01",
        openedTo: "2025-03-31",
      }),
    );
    expect(screen.getByTestId("location").getAttribute("data-search")).toContain("du=2025-01-01&au=2025-03-31");

    // An end before the start is explained, and not sent
    const to = screen.getByLabelText("Ouvert jusqu’au");
    await user.clear(to);
    await user.type(to, "31/12/2024");
    expect(to).toHaveAccessibleDescription(/La date de fin doit suivre la date de début/);
  });

  it("shows the dates of the URL as jj/mm/aaaa", async () => {
    const { client, executeQuery } = listPage();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers?du=2025-01-01&au=2025-03-31" });
    await screen.findByRole("table", { name: "Liste des dossiers" });
    expect(screen.getByLabelText("Ouvert depuis le")).toHaveValue("01/01/2025");
    expect(screen.getByLabelText("Ouvert jusqu’au")).toHaveValue("31/03/2025");
    expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({ openedFrom: "2025-01-01", openedTo: "2025-03-31" });
  });

  it("hides « Nouveau dossier » from evaluators", async () => {
    const { client } = listPage(["EVALUATOR"]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers" });
    await screen.findByRole("table", { name: "Liste des dossiers" });
    expect(screen.queryByRole("link", { name: "Nouveau dossier" })).toBeNull();
    expect(screen.getByRole("link", { name: "Dossiers" })).toHaveAttribute("aria-current", "page");
  });

  it("sorts on a column header (aria-sort), keeps the sort in the URL and exports the current view", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = listPage(["ADVISER"]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers?statut=TRAINING&q=Marc&pages=c2" });
    const table = await screen.findByRole("table", { name: "Liste des dossiers" });
    const opened = within(table).getByRole("columnheader", { name: /Ouvert le/ });
    expect(opened).toHaveAttribute("aria-sort", "descending");

    await user.click(within(table).getByRole("button", { name: "Candidat (trier)" }));
    await waitFor(() => expect(callsOf(executeQuery, "Dossiers").at(-1)).toMatchObject({ order: "NAME_ASC" }));
    const location = screen.getByTestId("location");
    const search = () => new URLSearchParams(location.getAttribute("data-search") ?? "");
    expect(search().get("tri")).toBe("NAME_ASC");
    expect(search().get("pages")).toBeNull(); // another order, from the first page
    const name = within(screen.getByRole("table", { name: "Liste des dossiers" })).getByRole("columnheader", {
      name: /Candidat/,
    });
    expect(name).toHaveAttribute("aria-sort", "ascending");
    expect(within(screen.getByRole("table", { name: "Liste des dossiers" })).getByRole("columnheader", { name: /Ouvert le/ })).toHaveAttribute(
      "aria-sort",
      "none",
    );

    await user.click(screen.getByRole("button", { name: "Candidat (tri croissant)" }));
    await waitFor(() => expect(search().get("tri")).toBe("NAME_DESC"));
    expect(screen.getByRole("link", { name: "Exporter en CSV" })).toHaveAttribute(
      "href",
      "/exports/dossiers.csv?statut=TRAINING&q=Marc&tri=NAME_DESC",
    );
  }, 20_000);
});
