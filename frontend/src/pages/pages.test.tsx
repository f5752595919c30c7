import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import {
  certificationsData,
  referentielData,
  referentielNotFoundData,
} from "../test/fixtures";
import { callsOf, mockClient, networkError } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

describe("routing", () => {
  it("shows a visitor what CléA is at /, and where to go next", async () => {
    const { client } = mockClient(() => ({ data: { viewer: null } }));
    renderWithProviders(<AppRoutes />, { client, route: "/" });
    expect(
      await screen.findByRole("heading", {
        level: 1,
        name: "CléA : faire reconnaître ses compétences professionnelles",
      }),
    ).toBeVisible();
    expect(screen.getByRole("banner")).toHaveTextContent("Certif'Pro — plateforme CléA");
    expect(screen.getByRole("main")).toBeInTheDocument();
    for (const name of ["Pour qui ?", "Les quatre étapes", "Vérifier un certificat"]) {
      expect(screen.getByRole("heading", { level: 2, name })).toBeVisible();
    }
    const steps = screen.getByRole("heading", { name: "Les quatre étapes" }).nextElementSibling;
    expect(within(steps as HTMLElement).getAllByRole("listitem")).toHaveLength(4);
    expect(screen.getByRole("link", { name: "Chercher un organisme évaluateur" })).toHaveAttribute(
      "href",
      "/organismes-evaluateurs",
    );
    const main = screen.getByRole("main");
    expect(within(main).getByRole("link", { name: "Vérifier un certificat" })).toHaveAttribute(
      "href",
      "/verifier",
    );
    expect(document.title).toBe("Accueil — Certif'Pro — plateforme CléA");
    // No internal code on the public page.
    expect(screen.getByRole("main")).not.toHaveTextContent(/CLEA_|2021-transcription/);
  });

  it("marks Certifications as the current page of the navigation", async () => {
    const { client } = mockClient(() => ({ data: certificationsData }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    expect(await screen.findByRole("heading", { level: 1, name: "Certifications" })).toBeVisible();
    const nav = screen.getByRole("navigation", { name: "Navigation principale" });
    expect(within(nav).getByRole("link", { name: "Certifications" })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  it("shows a French 404 page for unknown routes", async () => {
    renderWithProviders(<AppRoutes />, { route: "/nimporte/quoi" });
    expect(await screen.findByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
    expect(document.title).toBe("Page introuvable — Certif'Pro — plateforme CléA");
  });
});

describe("CertificationsPage", () => {
  it("lists certifications with versions, badges, counts and links", async () => {
    const { client } = mockClient(() => ({ data: certificationsData }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });

    const clea = (await screen.findByRole("article", { name: "CléA" })) as HTMLElement;
    expect(clea).toHaveTextContent("Certificateur : Certif Pro");
    // Readable version names, no internal code.
    expect(clea).toHaveTextContent("Référentiel : édition 2021 (n° 1)");
    expect(clea).not.toHaveTextContent("CLEA");
    expect(within(clea).getByText("Provisoire")).toBeVisible();
    expect(clea).toHaveTextContent("7 domaines · 28 sous-domaines · 107 critères");
    expect(within(clea).getByRole("link", { name: "Voir le référentiel" })).toHaveAttribute(
      "href",
      "/certifications/CLEA",
    );

    const numerique = screen.getByRole("article", { name: "CléA numérique" });
    expect(within(numerique).queryByText("Provisoire")).toBeNull();
    expect(numerique).toHaveTextContent("3 compétences");
    expect(within(numerique).getByRole("link", { name: "Voir le référentiel" })).toHaveAttribute(
      "href",
      "/certifications/CLEA_NUMERIQUE",
    );
    expect(document.title).toBe("Certifications — Certif'Pro — plateforme CléA");
  });

  it("shows a loader while fetching", () => {
    const { client } = mockClient(() => "pending");
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    expect(screen.getByRole("status")).toHaveTextContent("Chargement des certifications…");
  });

  it("shows a French error alert when the network fails", async () => {
    const { client } = mockClient(() => ({ error: networkError() }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Impossible de charger la liste des certifications.");
    expect(within(alert).getByRole("button", { name: "Réessayer" })).toBeVisible();
  });
});

describe("ReferentielPage", () => {
  it("shows the référentiel with its notice, sources, counts and tree", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient(() => ({ data: referentielData() }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications/CLEA" });

    expect(await screen.findByRole("heading", { level: 1, name: "CléA" })).toBeVisible();
    expect(callsOf(executeQuery, "Referentiel")[0]).toEqual({ code: "CLEA" });
    expect(screen.getByText("édition 2021 (n° 1)")).toBeVisible();
    expect(screen.getByText(/identifiant 2021-transcription-1/)).toBeVisible();

    const notice = screen.getByTestId("provisional-notice");
    expect(notice).toHaveTextContent("Version provisoire");
    expect(notice).toHaveTextContent("Transcription non officielle du référentiel.");
    const sources = within(notice).getByTestId("sources");
    expect(within(sources).getByText("Sources")).toBeVisible();
    expect(within(sources).getByRole("link", { name: "https://example.org/referentiel-clea.pdf" })).toBeInTheDocument();

    expect(screen.getByTestId("level-counts")).toHaveTextContent(
      "2 domaines · 3 sous-domaines · 4 critères",
    );
    expect(screen.getByText(/2 domaines ici, 7 annoncés par le référentiel officiel/)).toBeVisible();

    const tree = screen.getByTestId("referentiel-tree");
    const domain = within(tree).getByRole("button", { name: /^1 La communication en français/ });
    expect(domain).toHaveAttribute("aria-expanded", "false");
    await user.click(domain);
    expect(domain).toHaveAttribute("aria-expanded", "true");
    expect(document.title).toBe("Référentiel CléA — Certif'Pro — plateforme CléA");
  });

  it("shows the API message when the référentiel is not found", async () => {
    const { client } = mockClient(() => ({ data: referentielNotFoundData }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications/NOPE" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Référentiel introuvable");
    expect(alert).toHaveTextContent("Certification inconnue : NOPE.");
    expect(screen.queryByTestId("referentiel-tree")).toBeNull();
  });

  it("shows a French error alert when GraphQL fails", async () => {
    const { client } = mockClient(() => ({ error: networkError() }));
    renderWithProviders(<AppRoutes />, { client, route: "/certifications/CLEA" });
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent("Impossible de charger le référentiel."),
    );
  });
});
