import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { callsOf, mockOperations } from "../test/mockClient";
import { decisionFixture } from "../test/juryFixtures";
import { renderWithProviders } from "../test/render";
import { DecisionForm, reasonProblem } from "./DecisionForm";

function decided(outcome: "CERTIFIED" | "NOT_CERTIFIED" | "POSTPONED") {
  return { data: { decideJuryDossier: { decision: decisionFixture(outcome), errors: [] } } };
}

function refused(code: string, message: string, field: string | null = null) {
  return {
    data: {
      decideJuryDossier: { decision: null, errors: [{ __typename: "JuryProblem", code, field, message }] },
    },
  };
}

describe("reasonProblem", () => {
  it("asks for a reason unless the dossier is certified, and always for an amendment", () => {
    expect(reasonProblem(null, "")).toBeNull();
    expect(reasonProblem("CERTIFIED", "")).toBeNull();
    expect(reasonProblem("NOT_CERTIFIED", "  ")).toMatch(/Motivez la décision/);
    expect(reasonProblem("POSTPONED", "")).toMatch(/Motivez la décision/);
    expect(reasonProblem("POSTPONED", "Pièces manquantes")).toBeNull();
    expect(reasonProblem("CERTIFIED", "", true)).toBe("Motivez la rectification.");
  });
});

describe("DecisionForm", () => {
  it("records « certifié » without a reason", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({ DecideJuryDossier: decided("CERTIFIED") });
    renderWithProviders(<DecisionForm sessionId="s1" dossierId="d1" />, { client });
    const form = screen.getByRole("form", { name: "Décision du jury" });

    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    expect(within(form).getByText("Choisissez la décision.")).toBeVisible();
    expect(callsOf(executeMutation, "DecideJuryDossier")).toEqual([]);

    await user.click(within(form).getByRole("radio", { name: "Certifié" }));
    expect(within(form).getByRole("textbox", { name: "Motif" })).not.toBeRequired();
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Décision enregistrée : Certifié.");
    expect(callsOf(executeMutation, "DecideJuryDossier")).toEqual([
      {
        input: { sessionId: "s1", dossierId: "d1", outcome: "CERTIFIED", reason: "", criteriaAtIssue: [], candidateComment: "", organisationComment: "", internalComment: "", mode: "CONSENSUS", revision: null },
      },
    ]);
  });

  it("requires the reason of a refusal before sending it", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({ DecideJuryDossier: decided("NOT_CERTIFIED") });
    renderWithProviders(<DecisionForm sessionId="s1" dossierId="d1" />, { client });
    const form = screen.getByRole("form", { name: "Décision du jury" });

    await user.click(within(form).getByRole("radio", { name: "Non certifié" }));
    const reason = within(form).getByRole("textbox", { name: "Motif" });
    expect(reason).toBeRequired();
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    expect(reason).toHaveAccessibleDescription(/Motivez la décision : le motif est transmis à l’organisme\./);
    expect(callsOf(executeMutation, "DecideJuryDossier")).toEqual([]);

    await user.click(reason);
    await user.paste("Preuves insuffisantes sur le domaine 3.");
    // « Non certifié » also names the domains or criteria at issue
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    const criteria = within(form).getByRole("textbox", { name: "Domaines ou critères en cause" });
    expect(criteria).toHaveAccessibleDescription(/indiquez les domaines ou critères en cause/);
    expect(callsOf(executeMutation, "DecideJuryDossier")).toEqual([]);
    await user.click(criteria);
    await user.paste("3");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "DecideJuryDossier")).toEqual([
        {
          input: {
            sessionId: "s1",
            dossierId: "d1",
            outcome: "NOT_CERTIFIED",
            reason: "Preuves insuffisantes sur le domaine 3.",
            criteriaAtIssue: ["3"],
            candidateComment: "",
            organisationComment: "",
            internalComment: "",
            mode: "CONSENSUS",
            revision: null,
          },
        },
      ]),
    );
  });

  it("shows typed refusals: the recusal as such, a reason error on its field", async () => {
    const user = userEvent.setup();
    let answer = refused("RECUSED", "Vous êtes récusé(e) pour ce dossier : vous travaillez avec l’organisme évaluateur.");
    const { client } = mockOperations({ DecideJuryDossier: () => answer });
    renderWithProviders(<DecisionForm sessionId="s1" dossierId="d1" />, { client });
    const form = screen.getByRole("form", { name: "Décision du jury" });

    await user.click(within(form).getByRole("radio", { name: "Certifié" }));
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    const alert = await within(form).findByRole("alert");
    expect(alert).toHaveTextContent("Vous êtes récusé(e) pour ce dossier");
    expect(alert).toHaveTextContent("vous travaillez avec l’organisme évaluateur");

    answer = refused("NOT_PARITAIRE", "Jury non paritaire : 2 représentant(s) des employeurs et 1 des salariés présents.");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    await waitFor(() => expect(within(form).getByRole("alert")).toHaveTextContent("Jury non paritaire"));

    answer = refused("REASON_REQUIRED", "Motivez la décision : le motif est transmis à l'organisme.", "reason");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    await waitFor(() =>
      expect(within(form).getByRole("textbox", { name: "Motif" })).toHaveAccessibleDescription(/Motivez la décision/),
    );
    expect(within(form).queryByRole("alert")).toBeNull();
  });

  it("starts from the decision recorded so far, which a new one replaces", () => {
    renderWithProviders(
      <DecisionForm sessionId="s1" dossierId="d1" current={decisionFixture("POSTPONED")} />,
      { client: mockOperations({}).client },
    );
    const form = screen.getByRole("form", { name: "Décision du jury" });
    expect(within(form).getByRole("radio", { name: "Ajourné" })).toBeChecked();
    expect(within(form).getByRole("textbox", { name: "Motif" })).toHaveValue("Preuves insuffisantes sur le domaine 3.");
    expect(within(form).getByTestId("current-decision")).toHaveTextContent("Ajourné");
  });

  it("amends a frozen decision with a reason, through amendJuryDecision", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      AmendJuryDecision: {
        data: { amendJuryDecision: { decision: { ...decisionFixture("NOT_CERTIFIED", true), id: "dec-2" }, errors: [] } },
      },
    });
    renderWithProviders(
      <DecisionForm
        sessionId="s1"
        dossierId="d1"
        amending={decisionFixture("CERTIFIED", true)}
        label="Rectification de la décision"
      />,
      { client },
    );
    const form = screen.getByRole("form", { name: "Rectification de la décision" });
    await user.click(within(form).getByRole("radio", { name: "Non certifié" }));
    await user.click(within(form).getByRole("textbox", { name: "Domaines ou critères en cause" }));
    await user.paste("3");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la rectification" }));
    expect(within(form).getByRole("textbox", { name: "Motif" })).toHaveAccessibleDescription(
      /Motivez la rectification\./,
    );
    await user.click(within(form).getByRole("textbox", { name: "Motif" }));
    await user.paste("Erreur matérielle au procès-verbal.");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la rectification" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Rectification enregistrée : Non certifié.");
    expect(callsOf(executeMutation, "AmendJuryDecision")).toEqual([
      {
        input: {
          decisionId: "dec-1",
          outcome: "NOT_CERTIFIED",
          reason: "Erreur matérielle au procès-verbal.",
          criteriaAtIssue: ["3"],
          candidateComment: "",
          organisationComment: "",
          internalComment: "",
        },
      },
    ]);
  });

  it("shows the decision recorded meanwhile, and starts again from it on request", async () => {
    const user = userEvent.setup();
    const earlier = { ...decisionFixture("CERTIFIED"), revision: 2, recordedBy: "Marc Duval" };
    const answers = [
      {
        data: {
          decideJuryDossier: {
            decision: null,
            errors: [
              {
                __typename: "JuryProblem",
                code: "STALE_REVISION",
                field: "revision",
                message: "Une décision a déjà été enregistrée pour ce dossier par Marc Duval.",
                earlierDecision: earlier,
              },
            ],
          },
        },
      },
      decided("POSTPONED"),
    ];
    const { client, executeMutation } = mockOperations({ DecideJuryDossier: () => answers.shift() ?? decided("POSTPONED") });
    renderWithProviders(<DecisionForm sessionId="s1" dossierId="d1" />, { client });
    const form = screen.getByRole("form", { name: "Décision du jury" });
    await user.click(within(form).getByRole("radio", { name: "Ajourné" }));
    await user.click(within(form).getByRole("textbox", { name: "Motif" }));
    await user.paste("Pièce manquante.");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    const shown = await within(form).findByTestId("earlier-decision");
    expect(shown).toHaveTextContent("Certifié");
    expect(shown).toHaveTextContent("enregistrée par Marc Duval");
    expect(within(form).getByRole("alert")).toHaveTextContent("Une décision a déjà été enregistrée");
    await user.click(within(form).getByRole("button", { name: "Repartir de cette décision" }));
    expect(within(form).getByRole("radio", { name: "Certifié" })).toBeChecked();
    await user.click(within(form).getByRole("radio", { name: "Ajourné" }));
    await user.click(within(form).getByRole("textbox", { name: "Motif" }));
    await user.paste("Pièce manquante.");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la décision" }));
    await waitFor(() => expect(callsOf(executeMutation, "DecideJuryDossier")).toHaveLength(2));
    expect(callsOf(executeMutation, "DecideJuryDossier")[1]).toMatchObject({ input: { revision: 2 } });
  });
});
