import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { formatIndicator, QualitySection } from "./QualitySection";

const PAGE = 10_000;

const indicator = (key: string, label: string, organisation: number | null, sites: (number | null)[], nationalMedian: number | null) => ({
  __typename: "QualityIndicator",
  key,
  label,
  organisation,
  sites,
  nationalMedian,
});

const QUALITY = {
  data: {
    organisationQuality: {
      __typename: "OrganisationQuality",
      sites: [
        { __typename: "QualitySite", id: "s-1", name: "Site de Rennes", siret: "12345678900011" },
        { __typename: "QualitySite", id: "s-2", name: "Site de Brest", siret: "12345678900029" },
      ],
      indicators: [
        indicator("opened", "Dossiers ouverts", 1234, [1000, 234], 4),
        indicator("abandonment_rate", "Taux d'abandon (%)", 20, [33.3, 0], 25),
        indicator("opening_to_jury_days", "Délai médian ouverture → décision du jury (jours)", 40.5, [40, null], 12),
        indicator("final_evaluation_share", "Dossiers en formation avec évaluation finale (%)", null, [null, null], 50),
      ],
      organisationsCompared: 1520,
    },
  },
};

describe("QualitySection", () => {
  it("shows each indicator for the organisation, its sites and the national median, in French", async () => {
    const { client, executeQuery } = mockOperations({ OrganisationQuality: QUALITY });
    renderWithProviders(<QualitySection organisationId="org-1" />, { client });
    const table = await screen.findByRole("table", { name: "Indicateurs qualité" });
    const headers = within(table).getAllByRole("columnheader").map((cell) => cell.textContent);
    expect(headers).toEqual(["Indicateur", "Organisme", "Site de Rennes", "Site de Brest", "Médiane nationale"]);
    const row = (name: string) =>
      within(within(table).getByRole("rowheader", { name }).closest("tr") as HTMLElement)
        .getAllByRole("cell")
        .map((cell) => cell.textContent);
    // French grouping (narrow no-break space), decimal comma, « % » and « j » after a space.
    expect(row("Dossiers ouverts")).toEqual(["1\u202f234", "1\u202f000", "234", "4"]);
    expect(row("Taux d'abandon")).toEqual(["20 %", "33,3 %", "0 %", "25 %"]);
    expect(row("Délai médian ouverture → décision du jury")).toEqual(["40,5 j", "40 j", "—", "12 j"]);
    expect(row("Dossiers en formation avec évaluation finale")).toEqual(["—", "—", "—", "50 %"]);
    expect(screen.getByText(/médiane des 1\s520 organismes/)).toBeVisible();
    expect(callsOf(executeQuery, "OrganisationQuality")[0]).toEqual({
      organisationId: "org-1",
      openedFrom: `${new Date().getFullYear()}-01-01`,
      openedTo: `${new Date().getFullYear()}-12-31`,
    });
  }, PAGE);

  it("asks for the period typed jj/mm/aaaa and explains a refused one", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockOperations({
      OrganisationQuality: (variables) =>
        variables.openedFrom === "2024-12-31"
          ? {
              data: {
                organisationQuality: {
                  __typename: "StatisticsRefusal",
                  errors: [
                    {
                      __typename: "StatisticsProblem",
                      code: "INVALID_PERIOD",
                      field: "openedTo",
                      message: "Période inversée : le 01/01/2024 est avant le 31/12/2024.",
                    },
                  ],
                },
              },
            }
          : QUALITY,
    });
    renderWithProviders(<QualitySection organisationId="org-1" />, { client });
    await screen.findByRole("table", { name: "Indicateurs qualité" });
    const from = screen.getByRole("textbox", { name: "Dossiers ouverts du" });
    const to = screen.getByRole("textbox", { name: "au" });
    await user.clear(from);
    await user.type(from, "31122024");
    await user.clear(to);
    await user.type(to, "01012024");
    await user.click(screen.getByRole("button", { name: "Afficher" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Période inversée");
    expect(callsOf(executeQuery, "OrganisationQuality").at(-1)).toEqual({
      organisationId: "org-1",
      openedFrom: "2024-12-31",
      openedTo: "2024-01-01",
    });
  }, PAGE);

  it("formats each kind of figure", () => {
    expect(formatIndicator("jury_remarks", 2.5)).toBe("2,5");
    expect(formatIndicator("first_jury_success_rate", 33.3)).toBe("33,3 %");
    expect(formatIndicator("opening_to_initial_days", null)).toBe("—");
  });
});
