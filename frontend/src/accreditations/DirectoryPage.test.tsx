import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { certificationTitlesData, SCREEN_TEST_TIMEOUT } from "../test/accreditationFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { directoryVariables, NO_FILTERS } from "./DirectoryFilters";

function entry(siteId: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: "DirectoryEntryType",
    siteId,
    organisationName: "Formation Rhône",
    network: "GRETA",
    siteName: `Site ${siteId}`,
    addressLine: "12 rue Paul Bert",
    postalCode: "69003",
    city: "Lyon",
    departement: "69",
    region: "Auvergne-Rhône-Alpes",
    contactEmail: "lyon@of.fr",
    contactPhone: "04 72 00 00 00",
    certificationCodes: ["CLEA", "CLEA_NUMERIQUE"],
    validUntil: "2029-05-31",
    scope: "EVALUATION",
    ...overrides,
  };
}

function page(nodes = [entry("s1")], { hasNextPage = false } = {}) {
  return {
    data: {
      evaluatorDirectory: {
        totalCount: nodes.length + (hasNextPage ? 20 : 0),
        pageInfo: { hasNextPage, endCursor: hasNextPage ? "cursor-20" : null },
        edges: nodes.map((node) => ({ cursor: node.siteId, node })),
      },
    },
  };
}

function render(route = "/organismes-evaluateurs", directory = () => page()) {
  const mocks = mockOperations({
    CertificationTitles: { data: certificationTitlesData },
    EvaluatorDirectory: directory,
  });
  renderWithProviders(<AppRoutes />, { client: mocks.client, route });
  return mocks;
}

describe("directoryVariables", () => {
  it("sends only the filters the API understands", () => {
    expect(directoryVariables(NO_FILTERS)).toEqual({
      certificationCode: null,
      region: null,
      departement: null,
      postalCode: null,
      scope: null,
    });
    expect(
      directoryVariables({
        certificationCode: "CLEA",
        region: "Bretagne",
        departement: " 2a ",
        postalCode: "690",
        scope: "TRAINING",
      }),
    ).toEqual({ certificationCode: "CLEA", region: "Bretagne", departement: "2A", postalCode: "690", scope: "TRAINING" });
    expect(directoryVariables({ ...NO_FILTERS, scope: "ANYTHING" }).scope).toBeNull();
    expect(directoryVariables({ ...NO_FILTERS, departement: "Rhône", postalCode: "69 003" })).toMatchObject({
      departement: null,
      postalCode: null,
    });
  });
});

describe("DirectoryPage", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  it("lists accredited sites with their address, contact and certifications, without login", async () => {
    render();
    const card = await screen.findByRole("article", { name: "Formation Rhône — Site s1" });
    expect(card).toHaveTextContent("12 rue Paul Bert");
    expect(card).toHaveTextContent("69003 Lyon");
    expect(card).toHaveTextContent("Habilité jusqu’au 31/05/2029");
    expect(within(card).getByRole("link", { name: "lyon@of.fr" })).toHaveAttribute("href", "mailto:lyon@of.fr");
    expect(within(card).getByRole("link", { name: "04 72 00 00 00" })).toHaveAttribute("href", "tel:0472000000");
    const certifications = within(card).getByRole("list", { name: "Certifications habilitées" });
    await waitFor(() => expect(certifications).toHaveTextContent("CléACléA numérique"));
    expect(screen.getByTestId("directory-count")).toHaveTextContent("1 site trouvé.");
    expect(screen.getByRole("link", { name: "Demander une habilitation" })).toHaveAttribute(
      "href",
      "/demander-une-habilitation",
    );
    // Open data: the directory and the national statistics of the last five years, as CSV
    const openData = screen.getByRole("region", { name: "Données ouvertes" });
    const year = new Date().getFullYear();
    expect(within(openData).getByRole("link", { name: /Annuaire des organismes/ })).toHaveAttribute(
      "href",
      "/exchange/annuaire.csv",
    );
    expect(within(openData).getByRole("link", { name: /parcours des candidats/ })).toHaveAttribute(
      "href",
      `/exchange/statistiques/parcours.csv?du=${year - 4}&au=${year}`,
    );
    expect(within(openData).getByRole("link", { name: /répartition par région/ })).toHaveAttribute(
      "href",
      `/exchange/statistiques/repartitions.csv?du=${year - 4}&au=${year}`,
    );
  });

  it("filters by certification, région, département and postal code, back to page 1", async () => {
    const user = userEvent.setup();
    const { executeQuery } = render("/organismes-evaluateurs", () => page([entry("s1")], { hasNextPage: true }));
    const filters = await screen.findByRole("search", { name: "Filtres de l’annuaire" });
    await user.click(await screen.findByRole("button", { name: "Page suivante" }));
    await waitFor(() => expect(callsOf(executeQuery, "EvaluatorDirectory").at(-1)).toMatchObject({ after: "cursor-20" }));

    await user.click(within(filters).getByRole("combobox", { name: "Certification" }));
    await user.click(await screen.findByRole("option", { name: "CléA numérique" }));
    await user.click(within(filters).getByRole("combobox", { name: "Région" }));
    await user.click(await screen.findByRole("option", { name: "Auvergne-Rhône-Alpes" }));
    await user.click(within(filters).getByRole("textbox", { name: "Département" }));
    await user.paste("69");
    await user.click(within(filters).getByRole("textbox", { name: "Code postal" }));
    await user.paste("6900");
    await waitFor(() =>
      expect(callsOf(executeQuery, "EvaluatorDirectory").at(-1)).toEqual({
        first: 20,
        after: null,
        certificationCode: "CLEA_NUMERIQUE",
        region: "Auvergne-Rhône-Alpes",
        departement: "69",
        postalCode: "6900",
        scope: null,
      }),
    );
    // The filters are in the URL: the search can be shared.
    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(screen.getByTestId("location").dataset.search))).toEqual({
        certification: "CLEA_NUMERIQUE",
        region: "Auvergne-Rhône-Alpes",
        departement: "69",
        codePostal: "6900",
      }),
    );
  });

  it("flags a postal code that is not digits and does not send it", async () => {
    const user = userEvent.setup();
    const { executeQuery } = render();
    const postalCode = await screen.findByRole("textbox", { name: "Code postal" });
    await user.click(postalCode);
    await user.paste("Lyon");
    expect(postalCode).toHaveAccessibleDescription(/Indiquez tout ou partie d’un code postal/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(callsOf(executeQuery, "EvaluatorDirectory").every((v) => v.postalCode === null)).toBe(true);
  });

  it("starts from the filters of a shared link and says when nothing matches", async () => {
    const { executeQuery } = render("/organismes-evaluateurs?codePostal=97411&certification=CLEA", () => page([]));
    expect(await screen.findByText(/Aucun organisme habilité ne correspond/)).toBeVisible();
    expect(screen.getByRole("textbox", { name: "Code postal" })).toHaveValue("97411");
    expect(callsOf(executeQuery, "EvaluatorDirectory")[0]).toMatchObject({ postalCode: "97411", certificationCode: "CLEA" });
  });
});
