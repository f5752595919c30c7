import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { certificationsData } from "../test/fixtures";
import { payloadError, viewerFixture } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { labelText, renderWithProviders } from "../test/render";

function location() {
  const probe = screen.getByTestId("location");
  return `${probe.dataset.pathname}${probe.dataset.search}`;
}

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByRole("textbox", { name: "Adresse e-mail" }), email);
  await user.type(screen.getByLabelText(labelText("Mot de passe")), password);
  await user.click(screen.getByRole("button", { name: "Se connecter" }));
}

describe("LoginPage", () => {
  it("logs in and goes to the requested page", async () => {
    let loggedIn = false;
    const viewer = viewerFixture();
    const { client, executeMutation, executeQuery } = mockOperations({
      Viewer: () => ({ data: { viewer: loggedIn ? viewer : null } }),
      Certifications: { data: certificationsData },
      Login: () => {
        loggedIn = true;
        return { data: { login: { viewer, errors: [] } } };
      },
    });
    renderWithProviders(<AppRoutes />, {
      client,
      route: "/connexion?suivant=%2Fcertifications",
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();

    await fillAndSubmit("camille.martin@example.fr", "correct horse battery");

    expect(callsOf(executeMutation, "Login")).toEqual([
      { email: "camille.martin@example.fr", password: "correct horse battery" },
    ]);
    await waitFor(() => expect(location()).toBe("/certifications"));
    // Session reset: the viewer is fetched again and shown in the header.
    expect(await screen.findByRole("button", { name: "Camille Martin" })).toBeVisible();
    expect(callsOf(executeQuery, "Viewer").length).toBeGreaterThanOrEqual(2);
  });

  it("shows the server's French message on a payload error", async () => {
    const { client } = mockOperations({
      Login: {
        data: {
          login: {
            viewer: null,
            errors: [payloadError("INVALID_CREDENTIALS", "Adresse e-mail ou mot de passe incorrect.")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/connexion" });

    await fillAndSubmit("camille.martin@example.fr", "mauvais");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Connexion impossible");
    expect(alert).toHaveTextContent("Adresse e-mail ou mot de passe incorrect.");
    expect(location()).toBe("/connexion");
  });

  it("shows the rate-limit message", async () => {
    const { client } = mockOperations({
      Login: {
        data: {
          login: {
            viewer: null,
            errors: [payloadError("RATE_LIMITED", "Trop de tentatives : réessayez dans 15 minutes.")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/connexion" });
    await fillAndSubmit("camille.martin@example.fr", "nimporte");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Trop de tentatives : réessayez dans 15 minutes.",
    );
  });

  it("validates the fields in French before calling the server", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({});
    renderWithProviders(<AppRoutes />, { client, route: "/connexion" });
    await user.click(await screen.findByRole("button", { name: "Se connecter" }));
    expect(screen.getByText("Saisissez une adresse e-mail.")).toBeVisible();
    expect(screen.getByText("Saisissez votre mot de passe.")).toBeVisible();
    await user.type(screen.getByRole("textbox", { name: "Adresse e-mail" }), "pas-une-adresse");
    await user.click(screen.getByRole("button", { name: "Se connecter" }));
    // Next to the field, and in the error summary above the form, which links to it
    expect(screen.getByRole("textbox", { name: "Adresse e-mail" })).toHaveAccessibleDescription(/Adresse e-mail invalide/);
    expect(screen.getByRole("alert")).toHaveTextContent(/Adresse e-mail : Adresse e-mail invalide/);
    expect(callsOf(executeMutation, "Login")).toEqual([]);
  });

  it("offers OIDC buttons and the forgotten-password link", async () => {
    const { client } = mockOperations({
      LoginOptions: {
        data: {
          loginOptions: [
            {
              organisationName: "Acme Formation",
              organisationSlug: "acme",
              loginUrl: "/auth/oidc/acme/login",
            },
          ],
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/connexion" });
    const oidc = await screen.findByRole("link", { name: "Se connecter avec Acme Formation" });
    expect(oidc).toHaveAttribute("href", "/auth/oidc/acme/login");
    expect(screen.getByRole("link", { name: "Mot de passe oublié ?" })).toHaveAttribute(
      "href",
      "/mot-de-passe-oublie",
    );
    // No "Se connecter" header link on the login page itself.
    expect(within(screen.getByRole("banner")).queryByRole("link", { name: "Se connecter" })).toBeNull();
  });
});

describe("password reset", () => {
  it("always confirms the request without revealing whether the account exists", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      RequestPasswordReset: { data: { requestPasswordReset: { ok: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/mot-de-passe-oublie" });
    await user.type(await screen.findByRole("textbox", { name: "Adresse e-mail" }), "x@example.fr");
    await user.click(screen.getByRole("button", { name: "Envoyer le lien" }));
    expect(await screen.findByText("Si un compte existe, un e-mail a été envoyé.")).toBeVisible();
    expect(callsOf(executeMutation, "RequestPasswordReset")).toEqual([{ email: "x@example.fr" }]);
  });

  it("sets a new password with the token and shows WEAK_PASSWORD on the field", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      ResetPassword: {
        data: {
          resetPassword: {
            ok: false,
            errors: [
              payloadError(
                "WEAK_PASSWORD",
                "Mot de passe trop courant : choisissez une phrase de passe moins prévisible.",
                "newPassword",
              ),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/reinitialiser?token=abc123" });
    await user.type(await screen.findByLabelText(labelText("Nouveau mot de passe")), "azertyuiop12");
    await user.type(screen.getByLabelText(labelText("Confirmation du mot de passe")), "azertyuiop12");
    await user.click(screen.getByRole("button", { name: "Enregistrer le mot de passe" }));
    expect(
      await screen.findByText("Mot de passe trop courant : choisissez une phrase de passe moins prévisible."),
    ).toBeVisible();
    expect(callsOf(executeMutation, "ResetPassword")).toEqual([
      { token: "abc123", newPassword: "azertyuiop12" },
    ]);
  });
});
