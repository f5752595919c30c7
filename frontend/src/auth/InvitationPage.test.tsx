import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { certificationsData } from "../test/fixtures";
import { viewerFixture } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { labelText, renderWithProviders } from "../test/render";

function preview(accountExists: boolean) {
  return {
    data: {
      invitationPreview: {
        __typename: "InvitationPreview",
        organisationName: "Acme Formation",
        email: "nina@example.fr",
        roles: ["TRAINER", "ADVISER"],
        expiresAt: "2030-03-01T09:00:00Z",
        accountExists,
      },
    },
  };
}

describe("InvitationPage", () => {
  it("creates the account and goes to the home page", async () => {
    const user = userEvent.setup();
    let accepted = false;
    const { client, executeMutation } = mockOperations({
      // Signed in once the invitation is accepted (the session cookie it sets).
      Viewer: () => ({ data: { viewer: accepted ? viewerFixture() : null } }),
      InvitationPreview: preview(false),
      Certifications: { data: certificationsData },
      AcceptInvitation: () => {
        accepted = true;
        return { data: { acceptInvitation: { viewer: viewerFixture(), errors: [] } } };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/invitation?token=tok-1" });
    expect(await screen.findByTestId("invitation-organisation")).toHaveTextContent("Acme Formation");
    expect(screen.getByText("nina@example.fr")).toBeVisible();
    expect(screen.getByText("Formateur")).toBeVisible();
    expect(screen.getByText("Conseiller")).toBeVisible();

    await user.type(screen.getByRole("textbox", { name: "Nom complet" }), "Nina Durand");
    await user.type(screen.getByLabelText(labelText("Mot de passe")), "une phrase de passe");
    await user.type(screen.getByLabelText(labelText("Confirmation du mot de passe")), "une phrase de passe");
    await user.click(screen.getByRole("button", { name: "Accepter l’invitation" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "AcceptInvitation")).toEqual([
        { token: "tok-1", fullName: "Nina Durand", password: "une phrase de passe" },
      ]),
    );
    // The new member lands on their home page.
    await waitFor(() => expect(screen.getByTestId("location").dataset.pathname).toBe("/accueil"));
  });

  it("only asks for confirmation when the account exists", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      InvitationPreview: preview(true),
      AcceptInvitation: { data: { acceptInvitation: { viewer: viewerFixture(), errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/invitation?token=tok-2" });
    await screen.findByTestId("invitation-organisation");
    expect(screen.queryByRole("textbox", { name: "Nom complet" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Accepter l’invitation" }));
    await waitFor(() => expect(callsOf(executeMutation, "AcceptInvitation")).toEqual([{ token: "tok-2" }]));
  });

  it("explains when the link is invalid", async () => {
    const { client } = mockOperations({
      InvitationPreview: {
        data: {
          invitationPreview: {
            __typename: "NotFound",
            message: "Invitation invalide, expirée ou déjà utilisée : demandez une nouvelle invitation.",
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/invitation?token=used" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Invitation invalide");
  });

  it("checks the password confirmation", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({ InvitationPreview: preview(false) });
    renderWithProviders(<AppRoutes />, { client, route: "/invitation?token=tok-1" });
    await user.type(await screen.findByRole("textbox", { name: "Nom complet" }), "Nina Durand");
    await user.type(screen.getByLabelText(labelText("Mot de passe")), "une phrase de passe");
    await user.type(screen.getByLabelText(labelText("Confirmation du mot de passe")), "autre chose");
    await user.click(screen.getByRole("button", { name: "Accepter l’invitation" }));
    expect(screen.getByText("Les deux mots de passe ne correspondent pas.")).toBeVisible();
    expect(callsOf(executeMutation, "AcceptInvitation")).toEqual([]);
  });
});
