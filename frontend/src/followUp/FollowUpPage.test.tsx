import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { callsOf, mockOperations } from "../test/mockClient";
import { renderWithProviders } from "../test/render";

const PAGE = { timeout: 10_000 };

const QUESTIONNAIRE = {
  data: {
    followUpQuestionnaire: {
      __typename: "FollowUpQuestionnaire",
      certificationTitle: "CléA",
      organisationName: "GRETA de Rouen",
      wave: 6,
      expiresAt: "2027-02-01T00:00:00+00:00",
    },
  },
};

describe("follow-up questionnaire", () => {
  it("a certified person answers with the e-mailed link, without an account", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      FollowUpQuestionnaire: QUESTIONNAIRE,
      AnswerFollowUp: { data: { answerFollowUp: { __typename: "AnswerFollowUpPayload", ok: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/suivi-certifies?jeton=secret" });
    expect(await screen.findByText(/il y a 6 mois, avec GRETA de Rouen/, {}, PAGE)).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "En emploi" }));
    await user.click(screen.getByRole("radio", { name: "Un nouvel employeur" }));
    await user.click(screen.getByRole("radio", { name: "Oui" }));
    await user.click(screen.getByRole("button", { name: "Envoyer mes réponses" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Vos réponses sont enregistrées");
    expect(callsOf(executeMutation, "AnswerFollowUp").at(-1)).toMatchObject({
      input: { token: "secret", situation: "employed", employer: "new", nextCertificationPlanned: true },
    });
  });

  it("an expired link says why in French", async () => {
    const { client } = mockOperations({
      FollowUpQuestionnaire: {
        data: {
          followUpQuestionnaire: {
            __typename: "FollowUpRefusal",
            errors: [
              {
                __typename: "FollowUpProblem",
                code: "EXPIRED_LINK",
                field: "token",
                message: "Ce lien a expiré : le questionnaire se remplit dans les 60 jours.",
              },
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/suivi-certifies?jeton=old" });
    expect(await screen.findByRole("alert", {}, PAGE)).toHaveTextContent("Ce lien a expiré");
    expect(screen.queryByRole("button", { name: "Envoyer mes réponses" })).not.toBeInTheDocument();
  });

  it("a candidate signed in to their space answers one of their own questionnaires", async () => {
    const user = userEvent.setup();
    const { client, executeMutation, executeQuery } = mockOperations({
      AnswerFollowUp: { data: { answerFollowUp: { __typename: "AnswerFollowUpPayload", ok: true, errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/suivi-certifies?questionnaire=survey-1" });
    await user.click(await screen.findByRole("radio", { name: "En recherche d’emploi" }, PAGE));
    await user.click(screen.getByRole("button", { name: "Envoyer mes réponses" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Vos réponses sont enregistrées");
    expect(callsOf(executeMutation, "AnswerFollowUp").at(-1)).toMatchObject({
      input: { surveyId: "survey-1", situation: "job_seeking", employer: null, nextCertificationPlanned: null },
    });
    expect(callsOf(executeQuery, "FollowUpQuestionnaire")).toHaveLength(0);
  });
});
