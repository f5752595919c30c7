import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { connection, payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const SECRET = "whsec_c2VjcmV0LXRyZXMtbG9uZy1wb3VyLWxlcy10ZXN0cw==";
const EVENT_TYPES = [
  { __typename: "WebhookEventType", code: "dossier.status_changed", label: "Changement de statut d'un dossier" },
  { __typename: "WebhookEventType", code: "certificate.issued", label: "Certificat délivré" },
];
const SUBSCRIPTION = {
  __typename: "WebhookSubscription",
  id: "s1",
  url: "https://erp.exemple.fr/clea",
  description: "ERP régional",
  events: ["certificate.issued"],
  active: false,
  consecutiveFailures: 5,
  disabledAt: "2026-12-01T10:00:00Z",
  disabledReason: "5 envois abandonnés d'affilée.",
  createdAt: "2026-11-01T10:00:00Z",
};
const DELIVERIES = {
  __typename: "WebhookDeliveryConnection",
  ...connection([
    {
      __typename: "WebhookDelivery",
      id: "d1",
      eventType: "certificate.issued",
      status: "DEAD",
      attempts: 6,
      lastStatusCode: 500,
      lastError: "réponse HTTP 500",
      createdAt: "2026-11-30T10:00:00Z",
      deliveredAt: null,
      replayOfId: null,
    },
  ]),
};

// jsdom has no layout: colour contrast is checked in the browser e2e tests.
async function seriousViolations() {
  const results = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

function page(extra = {}) {
  return mockOperations({
    Viewer: viewerData(),
    WebhookSubscriptions: { data: { webhookSubscriptions: [SUBSCRIPTION], webhookEventTypes: EVENT_TYPES } },
    WebhookDeliveries: { data: { webhookDeliveries: DELIVERIES } },
    ...extra,
  });
}

describe("WebhooksPage", () => {
  it("shows a disabled subscription with its reason, and its log with a replay", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = page({
      ReplayWebhookDelivery: {
        data: {
          replayWebhookDelivery: {
            delivery: null,
            errors: [payloadError("DISABLED", "Cet abonnement est désactivé : réactivez-le avant de renvoyer un événement.", "id")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/webhooks" });
    const table = await screen.findByRole("table", { name: "Abonnements" });
    const row = within(table).getByRole("row", { name: /erp.exemple.fr/ });
    expect(row).toHaveTextContent("Désactivé le");
    expect(row).toHaveTextContent("5 envois abandonnés d'affilée.");
    expect(row).toHaveTextContent("Certificat délivré");

    await user.click(within(row).getByRole("button", { name: "Journal des envois vers https://erp.exemple.fr/clea" }));
    const log = await screen.findByRole("table", { name: "Journal des envois" });
    expect(await seriousViolations()).toEqual([]);
    expect(within(log).getByRole("row", { name: /certificate.issued/ })).toHaveTextContent("Abandonné");
    await user.click(within(log).getByRole("button", { name: /Renvoyer l'événement certificate.issued/ }));
    await waitFor(() => expect(callsOf(executeMutation, "ReplayWebhookDelivery")).toEqual([{ id: "d1" }]));
    expect(await screen.findByText(/réactivez-le avant de renvoyer/)).toBeVisible();
  });

  it("creates a subscription and shows its secret once; a refused URL goes to its field", async () => {
    const user = userEvent.setup();
    let answers = 0;
    const { client, executeMutation } = page({
      CreateWebhookSubscription: () => {
        answers += 1;
        return answers === 1
          ? {
              data: {
                createWebhookSubscription: {
                  subscription: null,
                  secret: null,
                  errors: [payloadError("FORBIDDEN_DESTINATION", "L'adresse 10.0.0.8 désigne un réseau interne.", "url")],
                },
              },
            }
          : {
              data: {
                createWebhookSubscription: {
                  subscription: { __typename: "WebhookSubscription", id: "s2", url: "https://si.exemple.fr/hook" },
                  secret: SECRET,
                  errors: [],
                },
              },
            };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/webhooks" });
    const form = await screen.findByRole("form", { name: "Nouvel abonnement" });
    const url = within(form).getByRole("textbox", { name: /Adresse \(URL\)/ });
    await user.type(url, "https://10.0.0.8/hook");
    await user.click(within(form).getByRole("checkbox", { name: "Certificat délivré" }));
    await user.click(within(form).getByRole("button", { name: "Créer l'abonnement" }));
    expect(await within(form).findByText("L'adresse 10.0.0.8 désigne un réseau interne.")).toBeVisible();

    await user.clear(url);
    await user.type(url, "https://si.exemple.fr/hook");
    await user.click(within(form).getByRole("button", { name: "Créer l'abonnement" }));
    const dialog = await screen.findByRole("dialog", { name: "Abonnement créé" });
    expect(within(dialog).getByTestId("webhook-secret")).toHaveTextContent(SECRET);
    expect(callsOf(executeMutation, "CreateWebhookSubscription")[1]).toEqual({
      url: "https://si.exemple.fr/hook",
      description: "",
      events: ["certificate.issued"],
    });
  });
});

describe("DeclarationsPage", () => {
  it("lists the certificates to declare with their deadline, and reports a batch", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData({ certifProAdmin: true }),
      Declarations: {
        data: {
          pendingDeclarations: [
            {
              __typename: "PendingDeclaration",
              certificateId: "c1",
              number: "CLEA-2026-000042",
              organisationName: "Greta Paris",
              issuedOn: "2026-09-15",
              deadline: "2026-12-15",
              approaching: true,
              overdue: false,
            },
          ],
          declarationBatches: [],
        },
      },
      CreateDeclarationBatch: {
        data: {
          createDeclarationBatch: {
            batch: { __typename: "DeclarationBatch", id: "b1", certificateCount: 3, fileName: "accrochage.xml" },
            incomplete: [
              {
                __typename: "IncompleteDeclaration",
                certificateId: "c9",
                number: "CLEA_NUMERIQUE-2026-000001",
                organisationName: "Greta Paris",
                missingLabels: ["code de la certification au répertoire (plugin)"],
              },
            ],
            errors: [],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/declarations" });
    const table = await screen.findByRole("table", { name: "Certificats à déclarer" });
    expect(within(table).getByRole("row", { name: /CLEA-2026-000042/ })).toHaveTextContent("Échéance proche");
    expect(await seriousViolations()).toEqual([]);

    const form = screen.getByRole("form", { name: "Nouveau lot de déclarations" });
    await user.type(within(form).getByLabelText(/Délivrés à partir du/), "01/11/2026");
    await user.type(within(form).getByLabelText(/Jusqu'au/), "30/11/2026");
    await user.click(within(form).getByRole("button", { name: "Produire le lot" }));
    const status = await screen.findByRole("status");
    expect(status).toHaveTextContent("3 certificat(s) déclaré(s)");
    expect(status).toHaveTextContent("CLEA_NUMERIQUE-2026-000001");
  });
});

describe("OutboxPage", () => {
  it("shows both channels and queues a webhook set aside again", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ certifProAdmin: true }),
      Outbox: {
        data: {
          outboxChannels: [
            { __typename: "OutboxChannel", channel: "mail", pending: 2, dead: 0 },
            { __typename: "OutboxChannel", channel: "webhooks", pending: 0, dead: 1 },
          ],
          undeliverableEmails: connection([]),
          undeliverableWebhookDeliveries: connection([
            {
              __typename: "UndeliverableWebhookDelivery",
              id: "w1",
              organisationId: "org-1",
              eventType: "certificate.issued",
              attempts: 6,
              lastStatusCode: 503,
              lastError: "réponse HTTP 503",
              deadAt: "2026-12-01T10:00:00Z",
            },
          ]),
        },
      },
      RetryWebhookDelivery: { data: { retryWebhookDelivery: { queued: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/envois" });
    const channels = await screen.findByRole("table", { name: "Files d'envoi" });
    expect(within(channels).getByRole("row", { name: /Courriels/ })).toHaveTextContent("2");
    expect(within(channels).getByRole("row", { name: /Webhooks/ })).toHaveTextContent("1");
    expect(screen.getByText("Aucun courriel mis de côté.")).toBeVisible();
    expect(await seriousViolations()).toEqual([]);
    const table = screen.getByRole("table", { name: "Webhooks mis de côté" });
    await user.click(within(table).getByRole("button", { name: /Renvoyer le webhook certificate.issued/ }));
    await waitFor(() => expect(callsOf(executeMutation, "RetryWebhookDelivery")).toEqual([{ id: "w1" }]));
  });
});
