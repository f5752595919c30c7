import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { connection, payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, graphqlError, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const members = connection([
  {
    __typename: "Membership",
    id: "m1",
    roles: ["ORG_ADMIN", "ADVISER"],
    createdAt: "2025-01-10T09:00:00Z",
    user: { __typename: "User", id: "user-1", email: "camille.martin@example.fr", fullName: "Camille Martin" },
  },
  {
    __typename: "Membership",
    id: "m2",
    roles: ["EVALUATOR"],
    createdAt: "2025-02-10T09:00:00Z",
    user: { __typename: "User", id: "user-2", email: "leo.petit@example.fr", fullName: "Léo Petit" },
  },
]);

const invitations = connection([
  {
    __typename: "Invitation",
    id: "i1",
    email: "nina@example.fr",
    roles: ["TRAINER"],
    status: "PENDING",
    expiresAt: "2030-03-01T09:00:00Z",
    createdAt: "2030-02-22T09:00:00Z",
    invitedBy: { __typename: "User", id: "user-1", fullName: "Camille Martin" },
  },
]);

function membersPage(extra = {}) {
  return mockOperations({
    Viewer: viewerData(),
    Members: { data: { members } },
    Invitations: { data: { invitations } },
    ...extra,
  });
}

async function chooseRoles(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, names: string[]) {
  await user.click(input);
  for (const name of names) {
    await user.click(await screen.findByRole("option", { name }));
  }
  await user.keyboard("{Escape}");
}

describe("MembersPage", () => {
  it("lists members with French role badges and invitations", async () => {
    const { client } = membersPage();
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    const table = await screen.findByRole("table", { name: "Membres de l’organisation" });
    const camille = within(table).getByRole("row", { name: /Camille Martin/ });
    expect(camille).toHaveTextContent("Administrateur");
    expect(camille).toHaveTextContent("Conseiller");
    expect(within(table).getByRole("row", { name: /Léo Petit/ })).toHaveTextContent("Évaluateur");

    const invitationsTable = await screen.findByRole("table", { name: "Invitations" });
    const nina = within(invitationsTable).getByRole("row", { name: /nina@example.fr/ });
    expect(nina).toHaveTextContent("Formateur");
    expect(nina).toHaveTextContent("En attente");
    expect(within(nina).getByRole("button", { name: "Révoquer l’invitation de nina@example.fr" })).toBeVisible();
  });

  it("shows the invite form's server errors next to their fields", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = membersPage({
      InviteMember: {
        data: {
          inviteMember: {
            invitation: null,
            errors: [
              payloadError("ALREADY_MEMBER", "Cette personne est déjà membre de l’organisation.", "email"),
              payloadError("INVALID_ROLE", "Un formateur ne peut pas être administrateur.", "roles"),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    const form = await screen.findByRole("form", { name: "Inviter un membre" });
    await user.type(within(form).getByRole("textbox", { name: "Adresse e-mail" }), "leo.petit@example.fr");
    await chooseRoles(user, within(form).getByRole("combobox", { name: "Rôles" }), ["Formateur", "Administrateur"]);
    await user.click(within(form).getByRole("button", { name: "Inviter" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "InviteMember")).toEqual([
        { email: "leo.petit@example.fr", roles: ["TRAINER", "ORG_ADMIN"] },
      ]),
    );
    const email = within(form).getByRole("textbox", { name: "Adresse e-mail" });
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByText("Cette personne est déjà membre de l’organisation.")).toBeVisible();
    expect(within(form).getByText("Un formateur ne peut pas être administrateur.")).toBeVisible();
  });

  it("validates the invite form before calling the server", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = membersPage();
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    const form = await screen.findByRole("form", { name: "Inviter un membre" });
    await user.click(within(form).getByRole("button", { name: "Inviter" }));
    expect(within(form).getByText("Saisissez une adresse e-mail.")).toBeVisible();
    expect(within(form).getByText("Choisissez au moins un rôle.")).toBeVisible();
    expect(callsOf(executeMutation, "InviteMember")).toEqual([]);
  });

  it("confirms the invitation and refetches the invitations", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = membersPage({
      InviteMember: {
        data: {
          inviteMember: {
            invitation: { id: "i2", email: "sam@example.fr", roles: ["VIEWER"], status: "PENDING", expiresAt: "2030-03-01T09:00:00Z" },
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    const form = await screen.findByRole("form", { name: "Inviter un membre" });
    const before = callsOf(executeQuery, "Invitations").length;
    await user.type(within(form).getByRole("textbox", { name: "Adresse e-mail" }), "sam@example.fr");
    await chooseRoles(user, within(form).getByRole("combobox", { name: "Rôles" }), ["Lecteur"]);
    await user.click(within(form).getByRole("button", { name: "Inviter" }));
    expect(await within(form).findByText("Une invitation a été envoyée à sam@example.fr.")).toBeVisible();
    expect(within(form).getByRole("textbox", { name: "Adresse e-mail" })).toHaveValue("");
    expect(callsOf(executeQuery, "Invitations").length).toBeGreaterThan(before);
  });

  it("removes a member after confirmation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = membersPage({
      RemoveMember: { data: { removeMember: { ok: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    await user.click(await screen.findByRole("button", { name: "Retirer Léo Petit" }));
    const dialog = await screen.findByRole("dialog", { name: "Retirer le membre" });
    await user.click(within(dialog).getByRole("button", { name: "Retirer" }));
    await waitFor(() => expect(callsOf(executeMutation, "RemoveMember")).toEqual([{ membershipId: "m2" }]));
  });

  it("updates a member's roles", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = membersPage({
      UpdateMemberRoles: {
        data: { updateMemberRoles: { membership: { id: "m2", roles: ["EVALUATOR", "TRAINER"] }, errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    await user.click(await screen.findByRole("button", { name: "Modifier les rôles de Léo Petit" }));
    const dialog = await screen.findByRole("dialog", { name: "Rôles de Léo Petit" });
    await chooseRoles(user, within(dialog).getByRole("combobox", { name: "Rôles" }), ["Formateur"]);
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer les rôles" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "UpdateMemberRoles")).toEqual([
        { membershipId: "m2", roles: ["EVALUATOR", "TRAINER"] },
      ]),
    );
  });
});

describe("top-level errors", () => {
  it("redirects to /connexion on UNAUTHENTICATED", async () => {
    const { client } = mockOperations({
      Viewer: viewerData(),
      Members: { error: graphqlError("UNAUTHENTICATED", "Authentification requise.") },
      Invitations: "pending",
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    expect(await screen.findByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
    const probe = screen.getByTestId("location");
    expect(probe.dataset.pathname).toBe("/connexion");
    expect(probe.dataset.search).toBe("?suivant=%2Forganisation%2Fmembres");
  });

  it("shows 'Accès refusé' on FORBIDDEN", async () => {
    const { client } = mockOperations({
      Viewer: viewerData(),
      Members: { error: graphqlError("FORBIDDEN", "Accès refusé.") },
      Invitations: "pending",
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Accès refusé");
  });

  it("sends logged-out visitors to the login page", async () => {
    const { client } = mockOperations({});
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/sites" });
    expect(await screen.findByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
    expect(screen.getByTestId("location").dataset.search).toBe("?suivant=%2Forganisation%2Fsites");
  });

  it("refuses organisation pages to non-admins", async () => {
    const { client } = mockOperations({ Viewer: viewerData({ activeRoles: ["EVALUATOR"] }) });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/membres" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Accès refusé");
  });
});
