import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { breakdownChart } from "./StatisticsCharts";

const PAGE = { timeout: 10_000 };

// jsdom lays nothing out: give the charts' containers a size so that recharts draws bars.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 400 });
});
afterAll(() => {
  Reflect.deleteProperty(HTMLElement.prototype, "clientWidth");
  Reflect.deleteProperty(HTMLElement.prototype, "clientHeight");
});

/** How many bars a chart drew for one series (recharts draws none for 0 or null). */
function bars(chart: HTMLElement, series: string): number {
  return chart.querySelectorAll(`path.recharts-rectangle[name="${series}"]`).length;
}

// jsdom has no layout: colour contrast is checked in the browser e2e tests.
async function seriousViolations() {
  const results = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const ACTIVITY = (month: string, code: string, more: Record<string, number>) => ({
  __typename: "ActivityStats",
  organisationName: "Greta Test",
  month,
  certificationCode: code,
  initialEvaluations: 0,
  certificates: 0,
  feesCents: 0,
  applicationsSubmitted: 0,
  applicationsAccepted: 0,
  applicationsRefused: 0,
  activeSites: 0,
  ...more,
});

const FUNNEL = {
  __typename: "FunnelStats",
  certificationCode: "CLEA",
  opened: 22,
  initialCompleted: 20,
  directToJury: 5,
  toTraining: 15,
  finalCompleted: 10,
  submitted: 12,
  certified: 9,
  notCertified: 3,
  abandoned: 1,
  expired: 0,
  certificationRate: 40.9,
  successRate: 75,
  openingToCertificate: { __typename: "DurationStats", medianDays: 120 },
};

const STATISTICS = {
  data: {
    statistics: {
      __typename: "Statistics",
      national: false,
      network: null,
      total: { ...FUNNEL, certificationCode: null },
      funnel: [FUNNEL],
      breakdowns: [
        {
          __typename: "StatisticsBreakdown",
          dimension: "STATUS_AT_REGISTRATION",
          title: "Statut à l'inscription",
          totalOpened: 22,
          totalCertified: 9,
          rows: [
            { __typename: "StatisticsBreakdownRow", key: "employee", label: "Salarié", opened: null, certified: null },
            { __typename: "StatisticsBreakdownRow", key: "jobseeker", label: "Demandeur d'emploi", opened: 12, certified: 9 },
            { __typename: "StatisticsBreakdownRow", key: "young_mission_locale", label: "Jeune suivi par une mission locale", opened: 6, certified: null },
          ],
        },
      ],
      activity: [
        ACTIVITY("2026-03", "CLEA", { initialEvaluations: 3, feesCents: 6000, applicationsSubmitted: 1 }),
        ACTIVITY("2026-03", "CLEA_NUMERIQUE", { applicationsSubmitted: 1 }),
        ACTIVITY("2026-05", "CLEA", { certificates: 2, feesCents: 1000, applicationsAccepted: 1, activeSites: 2 }),
      ],
      followUp: [
        {
          __typename: "FollowUpStats",
          certificationCode: "CLEA",
          wave: 6,
          sent: 16,
          answered: 15,
          responseRate: 93.8,
          situations: {
            __typename: "FollowUpSituations",
            employedSame: 7,
            employedNew: null,
            training: null,
            jobSeeking: 0,
          },
          nextCertificationPlanned: 8,
          nextCertificationNotPlanned: 7,
        },
      ],
    },
  },
};

describe("statistics page", () => {
  it("shows the breakdowns with masked cells, and a refusal in French", async () => {
    const user = userEvent.setup();
    let refuse = false;
    const { client, executeQuery } = mockOperations({
      Viewer: viewerData(),
      StatisticsPage: () =>
        refuse
          ? {
              data: {
                statistics: {
                  __typename: "StatisticsRefusal",
                  errors: [
                    {
                      __typename: "StatisticsProblem",
                      code: "INVALID_PERIOD",
                      field: "openedTo",
                      message: "Période inversée : mettez la date de début en premier.",
                    },
                  ],
                },
              },
            }
          : STATISTICS,
    });
    renderWithProviders(<AppRoutes />, { client, route: "/statistiques" });
    const table = await screen.findByTestId("repartition-STATUS_AT_REGISTRATION", {}, PAGE);
    expect(within(table).getByRole("row", { name: /Salarié/ })).toHaveTextContent("masqué");
    expect(within(table).getByRole("row", { name: /Demandeur/ })).toHaveTextContent("12");
    expect(screen.getByRole("link", { name: "Télécharger « Statut à l'inscription » (CSV)" })).toHaveAttribute(
      "href",
      expect.stringContaining("/exports/statistics/status_at_registration.csv?du="),
    );
    expect(screen.getByRole("link", { name: "Télécharger « Statut à l'inscription » (XLSX)" })).toHaveAttribute(
      "href",
      expect.stringContaining("/exports/statistics/status_at_registration.xlsx?du="),
    );
    // And where the certified people are now, 6 months after, small cells masked
    const followUp = screen.getByTestId("suivi-certifies");
    const sixMonths = within(followUp).getByRole("row", { name: /CLEA, à 6 mois/ });
    expect(sixMonths).toHaveTextContent("93,8 %");
    expect(sixMonths).toHaveTextContent("masqué");
    expect(screen.getByRole("link", { name: "Télécharger « Que sont-ils devenus ? » (XLSX)" })).toHaveAttribute(
      "href",
      expect.stringContaining("/exports/statistics/suivi-certifies.xlsx?du="),
    );

    // When the dates are reversed, the page says why instead of showing an empty table
    refuse = true;
    const to = screen.getByLabelText("au");
    await user.clear(to);
    await user.type(to, "01/01/2001");
    await user.click(screen.getByRole("button", { name: "Afficher" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Période inversée");
    expect(callsOf(executeQuery, "StatisticsPage").at(-1)).toMatchObject({ filter: { openedTo: "2001-01-01" } });
  });

  it("draws the funnel, a breakdown and the activity per month, masked cells not drawn", async () => {
    const { client, executeQuery } = mockOperations({ Viewer: viewerData(), StatisticsPage: STATISTICS });
    renderWithProviders(<AppRoutes />, { client, route: "/statistiques" });
    await screen.findByTestId("repartition-STATUS_AT_REGISTRATION", {}, PAGE);
    expect(callsOf(executeQuery, "StatisticsPage").at(-1)).toMatchObject({ filter: { withActivity: true } });

    // The funnel: one series per certification, a bar per step, described in words
    const funnel = screen.getByRole("img", { name: "Dossiers par étape atteinte, par certification" });
    expect(funnel).toHaveAccessibleDescription(/CLEA : 22 dossiers ouverts, 20 évaluations préalables/);
    expect(within(funnel).getByText("CLEA")).toBeInTheDocument();
    expect(bars(funnel, "CLEA")).toBe(9); // every step but the 0 expired

    // The status breakdown: opened and certified; the masked employees drawn as no bar,
    // never as 0, and named « masqué » on the chart and in its description
    const status = screen.getByRole("img", { name: "Statut à l'inscription : dossiers ouverts et certifiés" });
    expect(within(status).getByText("Dossiers ouverts")).toBeInTheDocument();
    expect(within(status).getByText("Certifiés")).toBeInTheDocument();
    expect(bars(status, "ouverts")).toBe(2);
    expect(bars(status, "certifies")).toBe(1);
    expect(breakdownChart(STATISTICS.data.statistics.breakdowns[0]!).data).toEqual([
      { categorie: "Salarié (masqué)", ouverts: null, certifies: null },
      { categorie: "Demandeur d'emploi", ouverts: 12, certifies: 9 },
      { categorie: "Jeune suivi par une mission locale (certifiés : masqué)", ouverts: 6, certifies: null },
    ]);
    expect(status).toHaveAccessibleDescription(
      /Demandeur d'emploi 12 ouverts dont 9 certifiés, Jeune suivi par une mission locale 6 ouverts dont certifiés masqué\./,
    );
    expect(within(status).getByText("Salarié (masqué)")).toBeInTheDocument();
    expect(status).toHaveAccessibleDescription(/Masqués \(moins de 5 personnes ou déductibles\) : Salarié\./);
    // And the table right below still says « masqué »
    expect(within(screen.getByTestId("repartition-STATUS_AT_REGISTRATION")).getByRole("row", { name: /Salarié/ })).toHaveTextContent(
      "masqué",
    );

    // The activity per month: préalables, certificates, applications
    const activity = screen.getByRole("img", { name: "Activité par mois" });
    for (const name of ["Évaluations préalables", "Certificats", "Candidatures déposées"]) {
      expect(within(activity).getByText(name)).toBeInTheDocument();
    }
    expect([bars(activity, "prealables"), bars(activity, "certificats"), bars(activity, "candidatures")]).toEqual([
      1, 1, 1,
    ]);
    expect(activity).toHaveAccessibleDescription(/3 évaluations préalables, 2 certificats, 2 candidatures/);
    const months = screen.getByTestId("activite-mois");
    const march = within(months).getByRole("row", { name: /mars 2026/ });
    expect(march).toHaveTextContent(/^mars 20263060,00\s€200$/);
    // And the detail per organisation, month and certification, with the sites in force
    const detail = within(screen.getByTestId("activite-detail")).getAllByRole("row").at(-1);
    expect(detail).toHaveTextContent(/Greta Testmai 2026CLEA0210,00\s€0102$/);
    expect(screen.getByRole("link", { name: "Télécharger « Activité et frais » (XLSX)" })).toHaveAttribute(
      "href",
      expect.stringContaining("/exports/statistics/activite.xlsx?du="),
    );

    // And the page has no serious accessibility violation
    expect(await seriousViolations()).toEqual([]);
  });

  it("generates the annual report in the background, shows its progress, then the download", async () => {
    const user = userEvent.setup();
    let polls = 0;
    const job = (status: string, progress: number, step: string) => ({
      __typename: "AnnualReportJob",
      id: "job-1",
      status,
      progress,
      step,
      failure: "",
      downloadUrl: status === "DONE" ? "/exports/statistics/rapports/job-1.pdf" : null,
    });
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData(),
      StatisticsPage: STATISTICS,
      RequestAnnualReport: {
        data: { requestAnnualReport: { __typename: "RequestAnnualReportPayload", report: job("PENDING", 0, "En attente"), errors: [] } },
      },
      AnnualReportJob: () => {
        polls += 1;
        return { data: { annualReport: polls < 2 ? job("RUNNING", 50, "Mise en page du PDF") : job("DONE", 100, "Terminé") } };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/statistiques" });
    await user.click(await screen.findByRole("button", { name: "Générer le rapport annuel" }, PAGE));
    expect(await screen.findByText("Mise en page du PDF — 50 %", {}, PAGE)).toBeInTheDocument();
    const link = await screen.findByRole("link", { name: /Télécharger le rapport annuel \d{4} CLEA \(PDF\)/ }, PAGE);
    expect(link).toHaveAttribute("href", "/exports/statistics/rapports/job-1.pdf");
    expect(callsOf(executeMutation, "RequestAnnualReport").at(-1)).toMatchObject({
      input: { certificationCode: "CLEA", year: new Date().getFullYear() },
    });
  });
});
