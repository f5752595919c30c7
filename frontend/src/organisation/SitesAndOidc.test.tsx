import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { labelText, renderWithProviders } from "../test/render";

const site = {
  __typename: "Site",
  id: "site-1",
  name: "Lille centre",
  siret: "12345678900011",
  addressLine: "1 rue Nationale",
  postalCode: "59000",
  city: "Lille",
  departement: "59",
  region: "Hauts-de-France",
};

describe("SitesPage", () => {
  it("creates a site and shows the server's SIRET error on the field", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData(),
      Sites: { data: { sites: [site] } },
      CreateSite: {
        data: {
          createSite: {
            site: null,
            errors: [
              payloadError(
                "SIRET_NOT_IN_SIREN",
                "Ce SIRET n’appartient pas au SIREN de l’organisme.",
                "siret",
              ),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/sites" });
    const table = await screen.findByRole("table", { name: "Sites de l’organisation" });
    expect(within(table).getByRole("row", { name: /Lille centre/ })).toHaveTextContent("Hauts-de-France");

    await user.click(screen.getByRole("button", { name: "Ajouter un site" }));
    const dialog = await screen.findByRole("dialog", { name: "Nouveau site" });
    await user.type(within(dialog).getByRole("textbox", { name: "Nom du site" }), "Roubaix");
    await user.type(within(dialog).getByRole("textbox", { name: "SIRET" }), "987 654 321 00012");
    await user.type(within(dialog).getByRole("textbox", { name: "Adresse" }), "2 place de la Liberté");
    await user.type(within(dialog).getByRole("textbox", { name: "Code postal" }), "59100");
    await user.type(within(dialog).getByRole("textbox", { name: "Ville" }), "Roubaix");
    expect(within(dialog).getByRole("textbox", { name: "Département" })).toHaveValue("59");
    await user.click(within(dialog).getByRole("combobox", { name: "Région" }));
    await user.click(await screen.findByRole("option", { name: "Hauts-de-France" }));
    await user.click(within(dialog).getByRole("button", { name: "Créer le site" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "CreateSite")).toEqual([
        {
          name: "Roubaix",
          siret: "98765432100012",
          addressLine: "2 place de la Liberté",
          postalCode: "59100",
          city: "Roubaix",
          region: "Hauts-de-France",
        },
      ]),
    );
    expect(within(dialog).getByRole("textbox", { name: "SIRET" })).toHaveAccessibleDescription(
      /Ce SIRET n’appartient pas au SIREN de l’organisme./,
    );
  });
});

describe("OidcPage", () => {
  it("keeps the stored secret when the field is left empty", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData(),
      OidcConfiguration: {
        data: {
          oidcConfiguration: {
            issuer: "https://sso.acme.fr/realms/acme",
            clientId: "clea",
            enabled: false,
            hasClientSecret: true,
          },
        },
      },
      ConfigureOidc: {
        data: {
          configureOidc: {
            oidcConfiguration: {
              issuer: "https://sso.acme.fr/realms/acme",
              clientId: "clea",
              enabled: true,
              hasClientSecret: true,
            },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/oidc" });
    const form = await screen.findByRole("form", { name: "Configuration OIDC" });
    expect(within(form).getByLabelText(labelText("Secret client"))).toHaveAttribute("placeholder", "inchangé");
    await user.click(within(form).getByRole("switch", { name: "Connexion OIDC activée" }));
    await user.click(within(form).getByRole("button", { name: "Enregistrer" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "ConfigureOidc")).toEqual([
        { issuer: "https://sso.acme.fr/realms/acme", clientId: "clea", enabled: true },
      ]),
    );
    expect(await screen.findByText("La configuration OIDC a été enregistrée.")).toBeVisible();
  });
});
