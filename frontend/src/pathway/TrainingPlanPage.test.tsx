import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import {
  pathwayReferentielData,
  staffData,
  trainingPlanDossier,
  trainingPlanFixture,
} from "../test/pathwayFixtures";
import { renderWithProviders } from "../test/render";

function planPage(extra: Parameters<typeof mockOperations>[0] = {}, roles: ("TRAINER" | "EVALUATOR")[] = ["TRAINER"]) {
  return mockOperations({
    Viewer: viewerData({ activeRoles: roles }),
    TrainingPlan: { data: trainingPlanDossier() },
    PathwayReferentiel: { data: pathwayReferentielData() },
    OrganisationStaff: staffData,
    ...extra,
  });
}

/** Types a whole value at once (paste): quicker than key by key in jsdom. */
async function fill(user: UserEvent, element: HTMLElement, text: string) {
  await user.click(element);
  await user.paste(text);
}

describe("TrainingPlanPage", () => {
  it("saves the edited objectives, hours and organisation with the plan's revision", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = planPage({
      UpdateTrainingPlan: { data: { updateTrainingPlan: { trainingPlan: trainingPlanFixture({ revision: 3 }), errors: [] } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    const form = await screen.findByRole("form", { name: "Plan de formation" });

    const objective = within(form).getByRole("textbox", { name: "1.1.2 Comprendre une consigne" });
    expect(objective).toHaveValue("Acquérir : Comprendre une consigne");
    await user.clear(objective);
    await fill(user, objective, "Reformuler une consigne orale");
    await user.click(within(form).getByRole("button", { name: "Retirer l’item 2.1.1" }));
    expect(within(form).queryByRole("textbox", { name: "2.1.1 Effectuer des calculs simples" })).toBeNull();

    await user.click(within(form).getByRole("combobox", { name: "Ajouter un item" }));
    await user.click(await screen.findByRole("option", { name: "1.2.1 Transmettre une information" }));
    await user.click(within(form).getByRole("button", { name: "Ajouter l’item" }));
    expect(within(form).getByRole("textbox", { name: "1.2.1 Transmettre une information" })).toHaveValue(
      "Acquérir : Transmettre une information",
    );

    // Hours go to the domains the plan trains in: none for domain 2 once 2.1.1 is removed
    expect(within(form).queryByRole("textbox", { name: /^Heures — 2 / })).toBeNull();
    const hours = within(form).getByRole("textbox", { name: "Heures — 1 La communication en français" });
    await user.clear(hours);
    await user.type(hours, "12");
    expect(within(form).getByTestId("plan-unsaved")).toHaveTextContent("Modifications non enregistrées");
    await user.click(within(form).getByRole("radio", { name: "Un autre organisme (non habilité)" }));
    await fill(user, within(form).getByRole("textbox", { name: "SIRET de l’organisme de formation" }), "123 456 789 00012");
    await fill(user, within(form).getByRole("textbox", { name: "Nom de l’organisme de formation" }), "Greta Lille");
    await fill(user, within(form).getByRole("textbox", { name: "Nom du formateur" }), "Paul Martin");
    await user.type(within(form).getByLabelText("Début de la formation"), "01/04/2025");
    await user.type(within(form).getByLabelText("Fin de la formation"), "30/06/2025");
    await user.click(within(form).getByRole("button", { name: "Enregistrer le plan" }));

    expect(await screen.findByText("Le plan de formation a été enregistré.")).toBeVisible();
    expect(callsOf(executeMutation, "UpdateTrainingPlan")).toEqual([
      {
        planId: "plan-1",
        revision: 2,
        objectives: [
          { itemCode: "1.1.2", objective: "Reformuler une consigne orale" },
          { itemCode: "1.2.1", objective: "Acquérir : Transmettre une information" },
        ],
        hoursByDomain: { "1": 12 },
        trainerId: null,
        trainingOrganisationId: null,
        trainerName: "Paul Martin",
        trainingSiret: "12345678900012",
        trainingOrganisationName: "Greta Lille",
        startsOn: "2025-04-01",
        endsOn: "2025-06-30",
        financing: "CPF",
      },
    ]);
  }, 60_000);

  it("explains a stale revision and shows field errors", async () => {
    const user = userEvent.setup();
    const { client } = planPage({
      UpdateTrainingPlan: {
        data: {
          updateTrainingPlan: {
            trainingPlan: null,
            errors: [payloadError("STALE_REVISION", "Le plan a été modifié entre-temps : rechargez-le ; rien n'a été enregistré.", "revision")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    const form = await screen.findByRole("form", { name: "Plan de formation" });
    await user.type(within(form).getByLabelText("Fin de la formation"), "01/01/2031");
    await user.click(within(form).getByRole("button", { name: "Enregistrer le plan" }));
    expect(within(form).getByLabelText("Fin de la formation")).toHaveAccessibleDescription(
      /avant la fin du délai du dossier \(01\/03\/2030\)/,
    );
    await user.clear(within(form).getByLabelText("Fin de la formation"));
    await user.click(within(form).getByRole("button", { name: "Enregistrer le plan" }));
    const stale = await screen.findByTestId("plan-stale");
    expect(stale).toHaveTextContent("Le plan a été modifié entre-temps");
    expect(within(stale).getByRole("button", { name: /Recharger le plan/ })).toBeVisible();
  });

  it("names a trainer of the organisation from the list, and shows the server's refusal on it", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = planPage({
      UpdateTrainingPlan: {
        data: {
          updateTrainingPlan: {
            trainingPlan: null,
            errors: [
              payloadError(
                "TRAINER_IS_EVALUATOR",
                "Cette personne évalue ce candidat (séance prévue) : son formateur ne peut pas être son évaluateur.",
                "trainerId",
              ),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    const form = await screen.findByRole("form", { name: "Plan de formation" });

    const trainer = within(form).getByRole("combobox", { name: "Formateur de l’organisme" });
    await user.click(trainer);
    expect(screen.queryByRole("option", { name: "Camille Martin" })).toBeNull(); // evaluators only
    await user.click(await screen.findByRole("option", { name: "Nora Haddad" }));
    expect(within(form).getByRole("textbox", { name: "Nom du formateur" })).toHaveValue("Nora Haddad");
    await user.click(within(form).getByRole("button", { name: "Enregistrer le plan" }));

    await waitFor(() =>
      expect(callsOf(executeMutation, "UpdateTrainingPlan")[0]).toMatchObject({
        trainerId: "user-2",
        trainerName: "Nora Haddad",
      }),
    );
    expect(await within(form).findByRole("combobox", { name: "Formateur de l’organisme" })).toHaveAccessibleDescription(
      /son formateur ne peut pas être son évaluateur/,
    );
  });

  it("records a training session among the plan's items", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = planPage({
      RecordTrainingProgress: {
        data: { recordTrainingProgress: { trainingPlan: trainingPlanFixture(), errors: [] } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    const form = await screen.findByRole("form", { name: "Enregistrer une séance de formation" });
    expect(screen.getByTestId("hours-done")).toHaveTextContent("Heures réalisées : 0 h sur 10 h prévues");
    const day = within(form).getByLabelText(/^Date de la séance/);
    await user.clear(day);
    await user.type(day, "03/04/2025");
    await user.type(within(form).getByRole("textbox", { name: "Durée (heures)" }), "3");
    await user.click(within(form).getByRole("combobox", { name: "Items travaillés" }));
    await user.click(await screen.findByRole("option", { name: "2.1.1 Effectuer des calculs simples" }));
    await fill(user, within(form).getByRole("textbox", { name: "Note" }), "Fractions");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la séance" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "RecordTrainingProgress")).toEqual([
        { planId: "plan-1", day: "2025-04-03", hours: 3, itemsWorked: ["2.1.1"], note: "Fractions" },
      ]),
    );
    expect(await screen.findByText("La séance de formation a été enregistrée.")).toBeVisible();
  });

  it("shows a refused training session's errors next to the items worked and above the form", async () => {
    const user = userEvent.setup();
    const { client } = planPage({
      RecordTrainingProgress: {
        data: {
          recordTrainingProgress: {
            trainingPlan: null,
            errors: [
              payloadError("UNKNOWN_ITEMS", "Items non visés par le plan : 2.1.1.", "itemsWorked"),
              payloadError("INVALID_STATE", "Le dossier n’est plus en formation."),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    const form = await screen.findByRole("form", { name: "Enregistrer une séance de formation" });
    await user.type(within(form).getByRole("textbox", { name: "Durée (heures)" }), "2");
    await user.click(within(form).getByRole("button", { name: "Enregistrer la séance" }));

    await waitFor(() =>
      expect(within(form).getByRole("combobox", { name: "Items travaillés" })).toHaveAccessibleDescription(
        "Items non visés par le plan : 2.1.1.",
      ),
    );
    const alert = within(form).getByRole("alert");
    expect(alert).toHaveTextContent("Séance non enregistrée");
    expect(alert).toHaveTextContent("Le dossier n’est plus en formation.");
    expect(screen.queryByText("La séance de formation a été enregistrée.")).toBeNull();
  });

  it("builds the plan from the dossier, and says why when it is refused", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = planPage({
      TrainingPlan: { data: trainingPlanDossier(null) },
      CreateTrainingPlan: {
        data: {
          createTrainingPlan: {
            trainingPlan: null,
            errors: [payloadError("INVALID_STATE", "Un plan de formation se construit quand le dossier est « en formation ».")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    await user.click(await screen.findByRole("button", { name: "Construire le plan de formation" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Plan non construit");
    expect(alert).toHaveTextContent("Un plan de formation se construit quand le dossier est « en formation ».");
    expect(callsOf(executeMutation, "CreateTrainingPlan")).toEqual([{ dossierId: "d1" }]);
  });

  it("is read-only for an evaluator", async () => {
    const { client } = planPage({}, ["EVALUATOR"]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d1/plan" });
    const form = await screen.findByRole("form", { name: "Plan de formation" });
    expect(within(form).getByRole("textbox", { name: "1.1.2 Comprendre une consigne" })).toBeDisabled();
    expect(within(form).queryByRole("button", { name: "Enregistrer le plan" })).toBeNull();
    expect(screen.queryByRole("form", { name: "Enregistrer une séance de formation" })).toBeNull();
  });

  it("tells that the dossier is not found when the API answers NotFound", async () => {
    const { client } = planPage({
      TrainingPlan: { data: { dossier: { __typename: "NotFound", message: "Dossier introuvable." } } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/d9/plan" });
    expect(await screen.findByRole("heading", { level: 1, name: "Dossier introuvable" })).toBeVisible();
    expect(screen.queryByRole("form", { name: "Plan de formation" })).toBeNull();
  });
});

