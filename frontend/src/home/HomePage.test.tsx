import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HomeNationalQuery, HomeOrganisationQuery } from "../gql/graphql";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import type { Fixture } from "../test/schemaTypes";
import { currentQuarter, formatCount, formatPercent } from "./figures";

const PAGE = { timeout: 10_000 };

function funnel(opened: number, certified: number) {
  return {
    __typename: "FunnelStats" as const,
    certificationCode: null,
    opened,
    initialCompleted: opened - 2,
    directToJury: 3,
    toTraining: opened - 5,
    finalCompleted: 4,
    submitted: 8,
    certified,
    notCertified: 8 - certified,
    abandoned: 1,
    expired: 0,
    certificationRate: null,
    successRate: (100 * certified) / 8,
    openingToCertificate: { __typename: "DurationStats" as const, medianDays: 90 },
  };
}

const ORGANISATION = {
  statistics: {
    __typename: "Statistics",
    total: funnel(1234, 6),
    funnel: [{ __typename: "FunnelStats", certificationCode: "CLEA" }],
  },
  quarter: {
    __typename: "Statistics",
    activity: [
      {
        __typename: "ActivityStats",
        month: "2026-10",
        certificationCode: "CLEA",
        initialEvaluations: 3,
        certificates: 2,
        feesCents: 7000,
      },
    ],
  },
  accreditations: [
    {
      __typename: "Accreditation",
      id: "acc-1",
      certificationCode: "CLEA",
      siteName: "Site de Paris",
      validUntil: "2099-12-31",
      isValid: true,
      statusLabel: "Valide",
    },
  ],
  members: {
    __typename: "MemberConnection",
    totalCount: 2,
    edges: [
      { __typename: "MemberEdge", node: { __typename: "Member", id: "m1", roles: ["ORG_ADMIN"], user: { __typename: "User", id: "u1", fullName: "Camille Martin" } } },
      { __typename: "MemberEdge", node: { __typename: "Member", id: "m2", roles: ["ADVISER"], user: { __typename: "User", id: "u2", fullName: "Karim Benali" } } },
    ],
  },
} satisfies Fixture<HomeOrganisationQuery>;

const NATIONAL = {
  statistics: {
    __typename: "Statistics",
    total: funnel(42_000, 6),
    funnel: [{ __typename: "FunnelStats", certificationCode: "CLEA" }],
    readyForJuryByRegion: [{ __typename: "RegionCountStats", region: "Bretagne", dossiers: 12 }],
    certificatesThisMonth: 1500,
  },
  submitted: [],
} satisfies Fixture<HomeNationalQuery>;

describe("home page", () => {
  it("shows an organisation's administrator the year's funnel in French figures, with its table", async () => {
    const { client, executeQuery } = mockOperations({
      Viewer: viewerData(),
      HomeOrganisation: { data: ORGANISATION },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/accueil" });
    expect(await screen.findByRole("heading", { level: 1, name: "Accueil" }, PAGE)).toBeVisible();
    expect(await screen.findByTestId("chiffre-ouverts")).toHaveTextContent("1 234"); // a narrow no-break space, normalised
    expect(formatCount(1234)).toBe("1\u202f234");
    expect(screen.getByTestId("chiffre-reussite")).toHaveTextContent("75 %");
    const table = screen.getByRole("table", { name: "Dossiers de l’organisation par étape atteinte" });
    const row = within(table).getByRole("row", { name: /Certifiés/ });
    expect(row).toHaveTextContent("6");
    const year = new Date().getFullYear();
    expect(screen.getByRole("link", { name: `Rapport annuel ${year} CLEA (PDF)` })).toHaveAttribute(
      "href",
      `/exports/statistics/rapport-annuel.pdf?annee=${year}&certification=CLEA`,
    );
    expect(screen.getByTestId("membres")).toHaveTextContent("2 membre(s) — 1 administrateur(s), 1 conseiller(s)");
    // The current year is asked for, and the page sent one request of its own
    const [variables] = callsOf(executeQuery, "HomeOrganisation");
    expect(variables).toMatchObject({
      filter: { openedFrom: `${new Date().getFullYear()}-01-01`, openedTo: `${new Date().getFullYear()}-12-31` },
      quarter: { withActivity: true },
    });
    expect(screen.getByTestId("redevances-trimestre")).toHaveTextContent(
      "70,00 € HT pour 3 évaluation(s) préalable(s) et 2 certificat(s)",
    );
    expect(callsOf(executeQuery, "HomeWork")).toEqual([]);
  });

  it("shows Certif'Pro the national figures and the ready pool by région", async () => {
    const { client } = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      HomeNational: { data: NATIONAL },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/accueil" });
    expect(await screen.findByTestId("certificats-du-mois", {}, PAGE)).toHaveTextContent("1 500");
    const pool = screen.getByRole("table", { name: "Dossiers prêts pour un jury par région du site" });
    expect(within(pool).getByRole("row", { name: /Bretagne/ })).toHaveTextContent("12");
    expect(screen.getByTestId("candidatures-a-examiner")).toHaveTextContent("0 candidature(s)");
  });

  it("knows the quarter of a day", () => {
    expect(currentQuarter(new Date(2026, 10, 22))).toEqual({ openedFrom: "2026-10-01", openedTo: "2026-12-31" });
    expect(currentQuarter(new Date(2024, 1, 10))).toEqual({ openedFrom: "2024-01-01", openedTo: "2024-03-31" });
  });

  it("formats rates the French way", () => {
    expect(formatPercent(75.5)).toBe("75,5 %");
    expect(formatPercent(null)).toBe("—");
  });
});
