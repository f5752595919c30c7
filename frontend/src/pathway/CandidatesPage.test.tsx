import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { choicesData, LEA } from "../test/pathwayFixtures";
import { renderWithProviders } from "../test/render";

function candidatesPage(roles: ("ADVISER" | "EVALUATOR")[] = ["ADVISER"]) {
  return mockOperations({
    Viewer: viewerData({ activeRoles: roles }),
    PathwayChoices: { data: choicesData },
    Candidates: () => ({
      data: {
        candidates: {
          totalCount: 2,
          pageInfo: { hasNextPage: true, endCursor: "c-next" },
          edges: [
            {
              cursor: "cand-1",
              node: {
                candidate: { ...LEA, email: "lea@exemple.fr" },
                dossiers: [{ id: "d1", certificationCode: "CLEA", status: "TRAINING", openedAt: "2025-03-01T09:30:00Z" }],
              },
            },
            {
              cursor: "cand-2",
              node: { candidate: { ...LEA, id: "cand-2", birthName: "Martin", firstNames: "Paul", email: "" }, dossiers: [] },
            },
          ],
        },
      },
    }),
  });
}

describe("CandidatesPage", () => {
  it("lists the candidates with their dossiers, and keeps search, sort and page in the URL", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = candidatesPage();
    renderWithProviders(<AppRoutes />, { client, route: "/candidats?q=dup&tri=NAME_DESC" });
    const table = await screen.findByRole("table", { name: "Liste des candidats" });
    expect(within(table).getByRole("link", { name: "CléA" })).toHaveAttribute("href", "/dossiers/d1");
    expect(within(table).getByText("Aucun dossier")).toBeVisible();
    expect(within(table).getByRole("columnheader", { name: /Candidat/ })).toHaveAttribute("aria-sort", "descending");
    expect(callsOf(executeQuery, "Candidates").at(-1)).toMatchObject({ search: "dup", order: "NAME_DESC" });
    expect(screen.getByRole("link", { name: "Exporter en CSV" })).toHaveAttribute(
      "href",
      "/exports/candidats.csv?q=dup&tri=NAME_DESC",
    );

    await user.click(screen.getByRole("button", { name: "Page suivante" }));
    const location = screen.getByTestId("location");
    await waitFor(() => expect(new URLSearchParams(location.getAttribute("data-search") ?? "").get("pages")).toBe("c-next"));
    await user.click(screen.getByRole("button", { name: "Candidat (tri décroissant)" }));
    await waitFor(() => expect(location.getAttribute("data-search")).toBe("?q=dup"));
  }, 20_000);

  it("is refused to an evaluator", async () => {
    const { client } = candidatesPage(["EVALUATOR"]);
    renderWithProviders(<AppRoutes />, { client, route: "/candidats" });
    expect(await screen.findByText(/réservée aux conseillers/)).toBeVisible();
  });
});
