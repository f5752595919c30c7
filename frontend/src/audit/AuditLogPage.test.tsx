import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { connection, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

function event(id: string, operation: string) {
  return {
    __typename: "AuditEvent",
    id,
    occurredAt: "2025-03-01T09:00:00Z",
    actorLabel: "camille.martin@example.fr",
    organisationName: "Acme Formation",
    operation,
    outcome: "ok",
    objectIds: [`obj-${id}`],
    requestId: `req-${id}`,
    ipAddress: "192.0.2.1",
  };
}

const PAGES: Record<string, ReturnType<typeof connection>> = {
  first: connection([event("e1", "member.invite"), event("e2", "site.create")], {
    hasNextPage: true,
    endCursor: "cursor-2",
    totalCount: 3,
  }),
  "cursor-2": connection([event("e3", "apikey.create")], { hasNextPage: false, endCursor: "cursor-3", totalCount: 3 }),
};

function auditPage(viewer = viewerData()) {
  return mockOperations({
    Viewer: viewer,
    AuditEvents: (variables) => ({
      data: { auditEvents: PAGES[(variables.after as string | null) ?? "first"] },
    }),
    OrganisationChoices: {
      data: { organisations: { edges: [{ node: { id: "org-acme", name: "Acme Formation" } }] } },
    },
  });
}

describe("AuditLogPage", () => {
  it("paginates with the connection's endCursor", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = auditPage();
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/journal" });

    const table = await screen.findByRole("table", { name: "Événements" });
    expect(within(table).getByText("member.invite")).toBeVisible();
    const pager = screen.getByRole("navigation", { name: "Pagination du journal d'audit" });
    expect(pager).toHaveTextContent("Page 1 · 3 résultats");
    expect(within(pager).getByRole("button", { name: "Page précédente" })).toBeDisabled();

    await user.click(within(pager).getByRole("button", { name: "Page suivante" }));

    expect(await screen.findByText("apikey.create")).toBeVisible();
    expect(screen.queryByText("member.invite")).toBeNull();
    // Distinct pages requested, in order (a remount may repeat the first one).
    const afters = callsOf(executeQuery, "AuditEvents").map((v) => v.after);
    expect(afters.filter((after, i) => i === 0 || after !== afters[i - 1])).toEqual([null, "cursor-2"]);
    const pager2 = screen.getByRole("navigation", { name: "Pagination du journal d'audit" });
    expect(pager2).toHaveTextContent("Page 2");
    expect(within(pager2).getByRole("button", { name: "Page suivante" })).toBeDisabled();

    await user.click(within(pager2).getByRole("button", { name: "Page précédente" }));
    expect(await screen.findByText("member.invite")).toBeVisible();
  });

  it("sends the filters (dates as day boundaries) and restarts at page 1", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = auditPage();
    renderWithProviders(<AppRoutes />, { client, route: "/organisation/journal" });
    await screen.findByRole("table", { name: "Événements" });
    await user.click(screen.getByRole("button", { name: "Page suivante" }));
    await screen.findByText("apikey.create");

    await user.type(screen.getByRole("textbox", { name: "Opération" }), "member.invite");
    await user.type(screen.getByRole("textbox", { name: "Adresse e-mail de l’acteur" }), "camille.martin@example.fr");
    await user.type(screen.getByLabelText("Du"), "01/03/2025");
    await user.type(screen.getByLabelText("Au"), "31/03/2025");
    await user.click(screen.getByRole("button", { name: "Filtrer" }));

    await waitFor(() => {
      const last = callsOf(executeQuery, "AuditEvents").at(-1)!;
      expect(last).toMatchObject({
        after: null,
        operation: "member.invite",
        actorEmail: "camille.martin@example.fr",
        occurredFrom: new Date("2025-03-01T00:00:00").toISOString(),
        occurredTo: new Date("2025-03-31T23:59:59.999").toISOString(),
      });
      expect(last).not.toHaveProperty("organisationId");
    });
  });

  it("offers an organisation filter on the platform log", async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = auditPage(viewerData({ active: null, certifProAdmin: true }));
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/journal" });
    expect(await screen.findByRole("heading", { level: 1, name: "Journal d'audit de la plateforme" })).toBeVisible();
    const table = await screen.findByRole("table", { name: "Événements" });
    expect(within(table).getByRole("columnheader", { name: "Organisation" })).toBeVisible();
    await user.click(screen.getByRole("combobox", { name: "Organisation" }));
    await user.click(await screen.findByRole("option", { name: "Acme Formation" }));
    await user.click(screen.getByRole("button", { name: "Filtrer" }));
    await waitFor(() =>
      expect(callsOf(executeQuery, "AuditEvents").at(-1)).toMatchObject({ organisationId: "org-acme" }),
    );
  });
});
