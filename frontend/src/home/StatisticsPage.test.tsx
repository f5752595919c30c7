import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const PAGE = { timeout: 10_000 };

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
          ],
        },
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
