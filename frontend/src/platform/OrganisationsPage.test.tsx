import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { connection, payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const organisations = connection([
  {
    __typename: "Organisation",
    id: "org-acme",
    name: "Acme Formation",
    slug: "acme",
    kind: "OPERATOR",
    status: "ACTIVE",
    siren: "123456789",
    legalForm: "SAS",
    network: "GRETA",
    headsNetwork: null,
    suspensionReason: "",
    createdAt: "2025-01-01T09:00:00Z",
  },
  {
    __typename: "Organisation",
    id: "org-old",
    name: "Ancien Organisme",
    slug: "ancien",
    kind: "OPERATOR",
    status: "SUSPENDED",
    siren: "987654321",
    legalForm: "",
    network: null,
    headsNetwork: null,
    suspensionReason: "Non-conformité",
    createdAt: "2024-01-01T09:00:00Z",
  },
  {
    __typename: "Organisation",
    id: "org-greta-nord",
    name: "Greta Nord",
    slug: "greta-nord",
    kind: "EVALUATOR",
    status: "ACTIVE",
    siren: "130025265",
    legalForm: "GIP",
    network: "GRETA",
    headsNetwork: "GRETA",
    suspensionReason: "",
    createdAt: "2024-06-01T09:00:00Z",
  },
  {
    __typename: "Organisation",
    id: "org-greta-sud",
    name: "Greta Sud",
    slug: "greta-sud",
    kind: "EVALUATOR",
    status: "ACTIVE",
    siren: "130025266",
    legalForm: "GIP",
    network: "GRETA",
    headsNetwork: null,
    suspensionReason: "",
    createdAt: "2024-06-02T09:00:00Z",
  },
  {
    __typename: "Organisation",
    id: "org-seul",
    name: "Organisme Seul",
    slug: "seul",
    kind: "EVALUATOR",
    status: "ACTIVE",
    siren: "130025267",
    legalForm: "",
    network: null,
    headsNetwork: null,
    suspensionReason: "",
    createdAt: "2024-06-03T09:00:00Z",
  },
]);

function page(extra = {}) {
  return mockOperations({
    Viewer: viewerData({ active: null, certifProAdmin: true }),
    Organisations: { data: { organisations } },
    ...extra,
  });
}

describe("OrganisationsPage", () => {
  it("lists organisations and filters by status", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = page();
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    const table = await screen.findByRole("table", { name: "Organismes de la plateforme" });
    const acme = within(table).getByRole("row", { name: /Acme Formation/ });
    expect(acme).toHaveTextContent("Greta");
    expect(acme).toHaveTextContent("Active");
    const old = within(table).getByRole("row", { name: /Ancien Organisme/ });
    expect(old).toHaveTextContent("Motif : Non-conformité");
    expect(within(old).getByRole("button", { name: "Réactiver Ancien Organisme" })).toBeVisible();

    await user.click(screen.getByRole("combobox", { name: "Statut" }));
    await user.click(await screen.findByRole("option", { name: "Suspendue" }));
    await waitFor(() =>
      expect(callsOf(executeQuery, "Organisations").at(-1)).toMatchObject({ status: "SUSPENDED", after: null }),
    );
  });

  it("shows INVALID_SIREN on the SIREN field", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = page({
      CreateOrganisation: {
        data: {
          createOrganisation: {
            organisation: null,
            errors: [payloadError("INVALID_SIREN", "SIREN invalide : la clé de contrôle ne correspond pas.", "siren")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    const form = await screen.findByRole("form", { name: "Nouvel organisme" });
    await user.type(within(form).getByRole("textbox", { name: "Nom" }), "Nouvel OF");
    await user.type(within(form).getByRole("textbox", { name: "SIREN" }), "123 456 780");
    await user.click(within(form).getByRole("combobox", { name: "Réseau national" }));
    await user.click(await screen.findByRole("option", { name: "2A2C" }));
    await user.type(within(form).getByRole("textbox", { name: "Adresse e-mail de l’administrateur" }), "admin@of.fr");
    await user.click(within(form).getByRole("button", { name: "Créer l’organisme" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "CreateOrganisation")).toEqual([
        { name: "Nouvel OF", siren: "123456780", legalForm: "", network: "DEUX_A_DEUX_C", adminEmail: "admin@of.fr" },
      ]),
    );
    expect(within(form).getByRole("textbox", { name: "SIREN" })).toHaveAccessibleDescription(
      /SIREN invalide : la clé de contrôle ne correspond pas./,
    );
  });

  it("suspends with a reason", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = page({
      SuspendOrganisation: {
        data: { suspendOrganisation: { organisation: { id: "org-acme", status: "SUSPENDED", suspensionReason: "Fraude" }, errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    await user.click(await screen.findByRole("button", { name: "Suspendre Acme Formation" }));
    const dialog = await screen.findByRole("dialog", { name: "Suspendre Acme Formation" });
    await user.click(within(dialog).getByRole("button", { name: "Suspendre l’organisme" }));
    expect(within(dialog).getByText("Indiquez le motif de la suspension.")).toBeVisible();
    await user.type(within(dialog).getByRole("textbox", { name: "Motif de la suspension" }), "Fraude");
    await user.click(within(dialog).getByRole("button", { name: "Suspendre l’organisme" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "SuspendOrganisation")).toEqual([{ id: "org-acme", reason: "Fraude" }]),
    );
  });

  it("shows and changes « Tête de réseau », with the server's refusal naming the current head", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = page({
      SetOrganisationNetworkHead: {
        data: {
          setOrganisationNetworkHead: {
            organisation: null,
            errors: [
              payloadError(
                "NETWORK_HEAD_TAKEN",
                "Le réseau Greta a déjà pour tête « Greta Nord ». Retirez-lui d'abord ce rôle : un réseau n'a qu'une tête.",
                "network",
              ),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    const table = await screen.findByRole("table", { name: "Organismes de la plateforme" });
    expect(within(table).getByRole("row", { name: /Greta Nord/ })).toHaveTextContent("Tête du réseau Greta");
    // The platform's operator heads no network: no control on its row
    expect(screen.queryByRole("button", { name: "Tête de réseau : Acme Formation" })).toBeNull();

    await user.click(screen.getByRole("button", { name: "Tête de réseau : Greta Sud" }));
    const dialog = await screen.findByRole("dialog", { name: "Tête de réseau — Greta Sud" });
    const radios = within(dialog).getByRole("radiogroup", { name: "Cet organisme est" });
    expect(within(radios).getByRole("radio", { name: "Tête d’aucun réseau" })).toBeChecked();
    expect(within(dialog).getByRole("button", { name: "Enregistrer" })).toBeDisabled();
    await user.click(within(radios).getByRole("radio", { name: "Tête du réseau Greta" }));
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "SetOrganisationNetworkHead")).toEqual([
        { organisationId: "org-greta-sud", network: "GRETA" },
      ]),
    );
    expect(await within(dialog).findByText(/a déjà pour tête « Greta Nord »/)).toBeVisible();
    expect(screen.getByRole("dialog", { name: "Tête de réseau — Greta Sud" })).toBeVisible();
  });

  it("relieves a network's head of the role", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = page({
      SetOrganisationNetworkHead: {
        data: { setOrganisationNetworkHead: { organisation: { id: "org-greta-nord", headsNetwork: null }, errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    await user.click(await screen.findByRole("button", { name: "Tête de réseau : Greta Nord" }));
    const dialog = await screen.findByRole("dialog", { name: "Tête de réseau — Greta Nord" });
    expect(within(dialog).getByRole("radio", { name: "Tête du réseau Greta" })).toBeChecked();
    await user.click(within(dialog).getByRole("radio", { name: "Tête d’aucun réseau" }));
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "SetOrganisationNetworkHead")).toEqual([
        { organisationId: "org-greta-nord", network: null },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("explains that an organisation outside any network cannot head one", async () => {
    const user = userEvent.setup();
    const { client } = page();
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    await user.click(await screen.findByRole("button", { name: "Tête de réseau : Organisme Seul" }));
    const dialog = await screen.findByRole("dialog", { name: "Tête de réseau — Organisme Seul" });
    expect(within(dialog).getByText(/n’appartient à aucun réseau national/)).toBeVisible();
    expect(within(dialog).queryByRole("button", { name: "Enregistrer" })).toBeNull();
  });

  it("is refused to non Certif'Pro users", async () => {
    const { client } = mockOperations({ Viewer: viewerData() });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/organismes" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Accès refusé");
  });
});
