import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { certificationsData } from "../test/fixtures";
import { ACME, GRETA, viewerData, viewerFixture } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

describe("app shell", () => {
  it("shows a 'Se connecter' link and public pages when logged out", async () => {
    const { client } = mockOperations({ Certifications: { data: certificationsData } });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    expect(await screen.findByRole("article", { name: "CléA" })).toBeVisible();
    const banner = screen.getByRole("banner");
    expect(within(banner).getByRole("link", { name: "Se connecter" })).toHaveAttribute(
      "href",
      "/connexion?suivant=%2Fcertifications",
    );
    expect(screen.queryByRole("combobox", { name: "Organisation active" })).toBeNull();
    expect(screen.queryByRole("navigation", { name: "Administration" })).toBeNull();
  });

  it("shows the user menu and role-based navigation when logged in", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData({ certifProAdmin: true }),
      Certifications: { data: certificationsData },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });

    const menuButton = await screen.findByRole("button", { name: "Camille Martin" });
    const admin = screen.getByRole("navigation", { name: "Administration" });
    const organisation = within(admin).getByRole("group", { name: "Organisation" });
    for (const name of ["Membres", "Sites", "Clés d'API", "Journal d'audit", "Connexion OIDC"]) {
      expect(within(organisation).getByRole("link", { name })).toBeVisible();
    }
    const platform = within(admin).getByRole("group", { name: "Plateforme Certif'Pro" });
    expect(within(platform).getByRole("link", { name: "Organismes" })).toHaveAttribute(
      "href",
      "/plateforme/organismes",
    );
    expect(within(platform).getByRole("link", { name: "Journal d'audit" })).toHaveAttribute(
      "href",
      "/plateforme/journal",
    );

    await user.click(menuButton);
    expect(await screen.findByRole("menuitem", { name: "Mon compte" })).toBeVisible();
    expect(screen.getByRole("menuitem", { name: "Se déconnecter" })).toBeVisible();
  });

  it("hides the organisation section from non-admins", async () => {
    const { client } = mockOperations({
      Viewer: viewerData({ active: GRETA, activeRoles: ["EVALUATOR"] }),
      Certifications: { data: certificationsData },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    await screen.findByRole("button", { name: "Camille Martin" });
    expect(screen.queryByRole("navigation", { name: "Administration" })).toBeNull();
  });
});

describe("OrganisationSwitcher", () => {
  it("calls switchOrganisation and refetches the viewer", async () => {
    const user = userEvent.setup();
    const { client, executeQuery, executeMutation } = mockOperations({
      Viewer: viewerData({ certifProAdmin: true }),
      Certifications: { data: certificationsData },
      SwitchOrganisation: {
        data: {
          switchOrganisation: {
            viewer: viewerFixture({ active: GRETA, activeRoles: ["EVALUATOR"], certifProAdmin: true }),
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });

    const select = await screen.findByRole("combobox", { name: "Organisation active" });
    expect(select).toHaveValue(ACME.name);
    await user.click(select);
    const listbox = await screen.findByRole("listbox");
    const options = within(listbox).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["Acme Formation", "Greta Lyon", "Aucune (niveau plateforme)"]);
    const viewerQueriesBefore = callsOf(executeQuery, "Viewer").length;

    await user.click(within(listbox).getByRole("option", { name: "Greta Lyon" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "SwitchOrganisation")).toEqual([{ organisationId: GRETA.id }]),
    );
    // The session is reset: every query (the viewer first) runs again.
    await waitFor(() =>
      expect(callsOf(executeQuery, "Viewer").length).toBeGreaterThan(viewerQueriesBefore),
    );
  });

  it("switches to platform level with a null organisation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ certifProAdmin: true }),
      Certifications: { data: certificationsData },
      SwitchOrganisation: { data: { switchOrganisation: { viewer: null, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    await user.click(await screen.findByRole("combobox", { name: "Organisation active" }));
    await user.click(await screen.findByRole("option", { name: "Aucune (niveau plateforme)" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "SwitchOrganisation")).toEqual([{ organisationId: null }]),
    );
  });

  it("does not offer platform level to non-admins", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData(),
      Certifications: { data: certificationsData },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    await user.click(await screen.findByRole("combobox", { name: "Organisation active" }));
    const listbox = await screen.findByRole("listbox");
    expect(within(listbox).queryByRole("option", { name: "Aucune (niveau plateforme)" })).toBeNull();
  });
});
