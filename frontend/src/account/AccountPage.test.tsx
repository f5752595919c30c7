import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { labelText, renderWithProviders } from "../test/render";

const sessions = {
  data: {
    mySessions: [
      {
        __typename: "BrowserSession",
        id: "s1",
        createdAt: "2025-03-01T09:00:00Z",
        lastSeenAt: "2025-03-02T09:00:00Z",
        userAgent: "Firefox 140 (Linux)",
        ipAddress: "192.0.2.1",
        current: true,
      },
      {
        __typename: "BrowserSession",
        id: "s2",
        createdAt: "2025-02-01T09:00:00Z",
        lastSeenAt: "2025-02-02T09:00:00Z",
        userAgent: "Safari (iPhone)",
        ipAddress: "198.51.100.7",
        current: false,
      },
    ],
  },
};

describe("AccountPage", () => {
  it("shows WRONG_PASSWORD and WEAK_PASSWORD next to their fields", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData(),
      MySessions: sessions,
      ChangePassword: {
        data: {
          changePassword: {
            ok: false,
            errors: [
              payloadError("WRONG_PASSWORD", "Mot de passe actuel incorrect.", "currentPassword"),
              payloadError("WEAK_PASSWORD", "Mot de passe trop court : au moins 12 caractères.", "newPassword"),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/compte" });
    const form = await screen.findByRole("form", { name: "Changer de mot de passe" });
    await user.type(within(form).getByLabelText(labelText("Mot de passe actuel")), "ancien");
    await user.type(within(form).getByLabelText(labelText("Nouveau mot de passe")), "nouveau mot de passe");
    await user.type(
      within(form).getByLabelText(labelText("Confirmation du nouveau mot de passe")),
      "nouveau mot de passe",
    );
    await user.click(within(form).getByRole("button", { name: "Changer le mot de passe" }));

    const current = within(form).getByLabelText(labelText("Mot de passe actuel"));
    await waitFor(() => expect(within(form).getByText("Mot de passe actuel incorrect.")).toBeVisible());
    expect(current).toHaveAccessibleDescription(/Mot de passe actuel incorrect/);
    expect(within(form).getByText("Mot de passe actuel incorrect.")).toBeVisible();
    expect(within(form).getByText("Mot de passe trop court : au moins 12 caractères.")).toBeVisible();
    expect(callsOf(executeMutation, "ChangePassword")).toEqual([
      { currentPassword: "ancien", newPassword: "nouveau mot de passe" },
    ]);
  });

  it("lists sessions, marks the current one and revokes another", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData(),
      MySessions: sessions,
      RevokeSession: { data: { revokeSession: { ok: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/compte" });
    const table = await screen.findByRole("table", { name: "Mes sessions" });
    const current = within(table).getByRole("row", { name: /Firefox/ });
    expect(within(current).getByText("Session actuelle")).toBeVisible();
    expect(within(current).queryByRole("button")).toBeNull();
    const other = within(table).getByRole("row", { name: /Safari/ });
    await user.click(within(other).getByRole("button", { name: /^Révoquer/ }));
    await waitFor(() => expect(callsOf(executeMutation, "RevokeSession")).toEqual([{ id: "s2" }]));
  });

  it("logs out everywhere after confirmation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData(),
      MySessions: sessions,
      LogoutEverywhere: { data: { logoutEverywhere: { revokedCount: 2, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/compte" });
    await user.click(await screen.findByRole("button", { name: "Se déconnecter partout" }));
    const dialog = await screen.findByRole("dialog", { name: "Se déconnecter partout" });
    await user.click(within(dialog).getByRole("button", { name: "Se déconnecter partout" }));
    await waitFor(() => expect(callsOf(executeMutation, "LogoutEverywhere")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("location").dataset.pathname).toBe("/connexion"));
  });
});
