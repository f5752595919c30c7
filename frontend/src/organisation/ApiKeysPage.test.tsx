import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { connection, payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const SECRET = "clea_live_3f9a0c1d.s3cr3t-valeur-tres-longue";

const apiKeys = connection([
  {
    __typename: "ApiKey",
    id: "k1",
    name: "Export SI régional",
    role: "VIEWER",
    prefix: "clea_live_a1b2",
    createdAt: "2025-01-10T09:00:00Z",
    lastUsedAt: null,
    revokedAt: null,
    createdBy: { __typename: "User", id: "user-1", fullName: "Camille Martin" },
  },
  {
    __typename: "ApiKey",
    id: "k2",
    name: "Ancienne intégration",
    role: "ADVISER",
    prefix: "clea_live_zzzz",
    createdAt: "2024-01-10T09:00:00Z",
    lastUsedAt: "2024-06-10T09:00:00Z",
    revokedAt: "2024-07-01T09:00:00Z",
    createdBy: null,
  },
]);

function apiKeysPage(extra = {}) {
  return mockOperations({ Viewer: viewerData(), ApiKeys: { data: { apiKeys } }, ...extra });
}

describe("ApiKeysPage", () => {
  it("lists keys with role, prefix and revocation", async () => {
    const { client } = apiKeysPage();
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/cles-api" });
    const table = await screen.findByRole("table", { name: "Clés existantes" });
    const active = within(table).getByRole("row", { name: /Export SI régional/ });
    expect(active).toHaveTextContent("Lecteur");
    expect(active).toHaveTextContent("clea_live_a1b2");
    expect(active).toHaveTextContent("Jamais");
    expect(within(active).getByRole("button", { name: "Révoquer la clé Export SI régional" })).toBeVisible();
    const revoked = within(table).getByRole("row", { name: /Ancienne intégration/ });
    expect(revoked).toHaveTextContent("Révoquée le");
    expect(within(revoked).queryByRole("button")).toBeNull();
  });

  it("shows the secret once, with a copy button and the warning", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = apiKeysPage({
      CreateApiKey: {
        data: {
          createApiKey: {
            apiKey: { id: "k3", name: "Robot de test", role: "EVALUATOR", prefix: "clea_live_3f9a" },
            secret: SECRET,
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/cles-api" });
    const form = await screen.findByRole("form", { name: "Nouvelle clé d'API" });
    await user.type(within(form).getByRole("textbox", { name: "Nom de la clé" }), "Robot de test");
    await user.click(within(form).getByRole("combobox", { name: "Rôle" }));
    await user.click(await screen.findByRole("option", { name: "Évaluateur" }));
    await user.click(within(form).getByRole("button", { name: "Créer la clé" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "CreateApiKey")).toEqual([{ name: "Robot de test", role: "EVALUATOR" }]),
    );
    const dialog = await screen.findByRole("dialog", { name: "Clé d'API « Robot de test » créée" });
    expect(within(dialog).getByTestId("api-key-secret")).toHaveTextContent(SECRET);
    expect(dialog).toHaveTextContent("Cette clé ne sera plus affichée");
    expect(within(dialog).getByRole("button", { name: "Copier la clé" })).toBeVisible();

    await user.click(within(dialog).getByRole("button", { name: "J’ai copié la clé" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it("shows field errors from the server", async () => {
    const user = userEvent.setup();
    const { client } = apiKeysPage({
      CreateApiKey: {
        data: {
          createApiKey: {
            apiKey: null,
            secret: null,
            errors: [payloadError("REQUIRED", "Le nom de la clé est obligatoire.", "name")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/cles-api" });
    const form = await screen.findByRole("form", { name: "Nouvelle clé d'API" });
    await user.type(within(form).getByRole("textbox", { name: "Nom de la clé" }), "   x");
    await user.click(within(form).getByRole("combobox", { name: "Rôle" }));
    await user.click(await screen.findByRole("option", { name: "Lecteur" }));
    await user.click(within(form).getByRole("button", { name: "Créer la clé" }));
    expect(await within(form).findByText("Le nom de la clé est obligatoire.")).toBeVisible();
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("revokes a key after confirmation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = apiKeysPage({
      RevokeApiKey: { data: { revokeApiKey: { apiKey: { id: "k1", revokedAt: "2025-03-01T09:00:00Z" }, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/cles-api" });
    await user.click(await screen.findByRole("button", { name: "Révoquer la clé Export SI régional" }));
    const dialog = await screen.findByRole("dialog", { name: "Révoquer la clé d'API" });
    await user.click(within(dialog).getByRole("button", { name: "Révoquer la clé" }));
    await waitFor(() => expect(callsOf(executeMutation, "RevokeApiKey")).toEqual([{ id: "k1" }]));
  });
});
