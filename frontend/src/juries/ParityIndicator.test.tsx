import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { attendee, ATTENDEES, certificationsData, NOT_PARITAIRE, sessionFixture } from "../test/juryFixtures";
import { renderWithProviders } from "../test/render";
import { isParitaire, ParityIndicator, presentCounts } from "./ParityIndicator";

/** The routes load their page lazily: the first look waits longer. */
const PAGE = { timeout: 5000 };

describe("parity", () => {
  it("counts the members present on each side", () => {
    expect(presentCounts(ATTENDEES)).toEqual({ employers: 0, employees: 0 });
    expect(
      presentCounts([
        attendee("a", "A", "EMPLOYER", true),
        attendee("b", "B", "EMPLOYER", true),
        attendee("c", "C", "EMPLOYEE", true),
        attendee("d", "D", "EMPLOYEE", false),
      ]),
    ).toEqual({ employers: 2, employees: 1 });
  });

  it("is paritaire with as many of each side, at least one", () => {
    expect(isParitaire({ employers: 0, employees: 0 })).toBe(false);
    expect(isParitaire({ employers: 1, employees: 0 })).toBe(false);
    expect(isParitaire({ employers: 2, employees: 1 })).toBe(false);
    expect(isParitaire({ employers: 1, employees: 1 })).toBe(true);
    expect(isParitaire({ employers: 3, employees: 3 })).toBe(true);
  });
});

describe("ParityIndicator", () => {
  it("says why the jury is not paritaire, with the API's words", () => {
    renderWithProviders(
      <ParityIndicator
        attendees={[attendee("a", "A", "EMPLOYER", true), attendee("b", "B", "EMPLOYER", true), attendee("c", "C", "EMPLOYEE", true)]}
        parityProblem="Jury non paritaire : 2 représentant(s) des employeurs et 1 des salariés présents."
      />,
    );
    const indicator = screen.getByTestId("parity");
    expect(indicator).toHaveAttribute("role", "status");
    expect(indicator).toHaveAttribute("data-paritaire", "false");
    expect(indicator).toHaveTextContent("Non paritaire");
    expect(indicator).toHaveTextContent("Présents : 2 représentants des employeurs, 1 représentant des salariés.");
    expect(indicator).toHaveTextContent("Jury non paritaire : 2 représentant(s) des employeurs et 1 des salariés présents.");
  });

  it("says when it is paritaire", () => {
    renderWithProviders(
      <ParityIndicator
        attendees={[attendee("a", "A", "EMPLOYER", true), attendee("c", "C", "EMPLOYEE", true)]}
        parityProblem={null}
      />,
    );
    const indicator = screen.getByTestId("parity");
    expect(indicator).toHaveAttribute("data-paritaire", "true");
    expect(indicator).toHaveTextContent("Le jury est paritaire.");
    expect(indicator).toHaveTextContent("Présents : 1 représentant des employeurs, 1 représentant des salariés.");
  });

  it("follows the attendance toggles of the session page, then the API's answer", async () => {
    const user = userEvent.setup();
    const present = new Set<string>(["m1", "m3"]);
    const current = () =>
      sessionFixture({
        attendees: ATTENDEES.map((a) => ({ ...a, present: present.has(a.memberId) })),
        parityProblem: null,
      });
    let answer: "pending" | "answer" = "answer";
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      JuryCertifications: certificationsData,
      JurySession: () => ({ data: { jurySession: current() } }),
      JuryAgenda: { data: { juryAgenda: [] } },
      ReadyForJury: { data: { readyForJury: [] } },
      JuryMembers: { data: { juryMembers: [] } },
      RecordJuryAttendance: (variables) => {
        if (answer === "pending") return "pending";
        if (variables.present) present.add(String(variables.memberId));
        else present.delete(String(variables.memberId));
        const session = current();
        const employers = session.attendees.filter((a) => a.present && a.side === "EMPLOYER").length;
        const employees = session.attendees.filter((a) => a.present && a.side === "EMPLOYEE").length;
        return {
          data: {
            recordJuryAttendance: {
              session: { ...session, parityProblem: employers === employees ? null : NOT_PARITAIRE },
              errors: [],
            },
          },
        };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/sessions/s1" });
    const indicator = await screen.findByTestId("parity", undefined, PAGE);
    expect(indicator).toHaveAttribute("data-paritaire", "true");

    // The toggle shows at once, the indicator with it, before the API answers
    answer = "pending";
    await user.click(screen.getByRole("switch", { name: "Présence de Marc Duval" }));
    expect(screen.getByRole("switch", { name: "Présence de Marc Duval" })).toBeChecked();
    expect(screen.getByRole("switch", { name: "Présence de Marc Duval" })).toBeDisabled();
    expect(screen.getByTestId("parity")).toHaveAttribute("data-paritaire", "false");
    expect(screen.getByTestId("parity")).toHaveTextContent(
      "Présents : 2 représentants des employeurs, 1 représentant des salariés.",
    );
    expect(callsOf(executeMutation, "RecordJuryAttendance")).toEqual([
      { sessionId: "s1", memberId: "m2", present: true },
    ]);
  });

  it("shows the API's parity problem after a toggle, and « Ouvrir » disabled with it", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      JuryCertifications: certificationsData,
      JurySession: { data: { jurySession: sessionFixture() } },
      JuryAgenda: { data: { juryAgenda: [] } },
      ReadyForJury: { data: { readyForJury: [] } },
      JuryMembers: { data: { juryMembers: [] } },
      RecordJuryAttendance: (variables) => ({
        data: {
          recordJuryAttendance: {
            session: sessionFixture({
              attendees: ATTENDEES.map((a) => ({ ...a, present: a.memberId === variables.memberId })),
              parityProblem:
                "Jury non paritaire : 1 représentant(s) des employeurs et 0 des salariés présents (il en faut autant de chaque côté, au moins un).",
            }),
            errors: [],
          },
        },
      }),
      OpenJurySession: {
        data: {
          openJurySession: {
            session: null,
            errors: [{ __typename: "JuryProblem", code: "NOT_PARITAIRE", field: null, message: "Jury non paritaire : 1 représentant(s) des employeurs et 0 des salariés présents." }],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/sessions/s1" });
    await user.click(await screen.findByRole("switch", { name: "Présence de Hélène Garnier" }, PAGE));
    await waitFor(() =>
      expect(screen.getByTestId("parity")).toHaveTextContent("1 représentant(s) des employeurs et 0 des salariés"),
    );
    expect(screen.getByRole("switch", { name: "Présence de Hélène Garnier" })).toBeEnabled();

    // Not paritaire: « Ouvrir » is disabled, with the reason next to it (the API refuses too)
    const open = within(screen.getByTestId("session-actions")).getByRole("button", { name: "Ouvrir la session" });
    await waitFor(() => expect(open).toBeDisabled());
    expect(open).toHaveAccessibleDescription(/Jury non paritaire/);
    expect(screen.getByTestId("open-blocked")).toHaveTextContent("Jury non paritaire");
    expect(screen.getByTestId("session-status")).toHaveTextContent("Convoquée");
  });
});
