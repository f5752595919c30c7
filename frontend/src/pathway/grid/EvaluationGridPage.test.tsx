import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { AppRoutes } from "../../routes";
import { viewerData } from "../../test/identityFixtures";
import { callsOf, mockOperations, networkError } from "../../test/mockClient";
import {
  choicesData,
  dossierFixture,
  evaluationFixture,
  pathwayReferentielData,
  staffData,
} from "../../test/pathwayFixtures";
import { renderWithProviders } from "../../test/render";
import { storageKey } from "./autosave";

const ROUTE = "/evaluations/eval-1?dossier=d1";

const ONE_RESULT = [{ itemCode: "2.1.1", value: "non_acquis", comment: "Calcul mental difficile" }];
/** Every criterion of the fixture's grid recorded. */
const ALL_RESULTS = [
  { itemCode: "1.1.1", value: "acquis" },
  { itemCode: "1.1.2", value: "acquis" },
  { itemCode: "1.2.1", value: "acquis" },
  ...ONE_RESULT,
];

function gridOperations(
  overrides: Record<string, Parameters<typeof mockOperations>[0][string]> = {},
  results: { itemCode: string; value: string; comment?: string }[] = ONE_RESULT,
) {
  const evaluation = evaluationFixture({ results });
  return mockOperations({
    Viewer: viewerData({ activeRoles: ["EVALUATOR"] }),
    Evaluation: () => ({ data: { evaluation } }),
    Dossier: { data: { dossier: dossierFixture({ status: "INITIAL_EVALUATION", evaluations: [evaluation] }) } },
    PathwayReferentiel: { data: pathwayReferentielData() },
    PathwayChoices: { data: choicesData },
    OrganisationStaff: staffData,
    ...overrides,
  });
}

function saved(revision: number) {
  return { data: { saveEvaluationResults: { revision, saved: 1, errors: [] } } };
}

async function openGrid(client: ReturnType<typeof mockOperations>["client"]) {
  renderWithProviders(<AppRoutes />, { client, route: ROUTE });
  return screen.findByTestId("evaluation-grid", {}, { timeout: 3000 });
}

function radio(item: string, title: string, value: "Acquis" | "Non acquis") {
  return within(screen.getByRole("radiogroup", { name: `${item} ${title}` })).getByRole("radio", { name: value });
}

describe("EvaluationGridPage", () => {
  afterEach(() => window.sessionStorage.clear());

  it("shows the targeted items by domain with accessible result controls and progress", async () => {
    const { client } = gridOperations();
    await openGrid(client);
    expect(screen.getByRole("heading", { level: 1, name: "Évaluation préalable" })).toBeVisible();
    expect(screen.getByRole("heading", { level: 2, name: "1 La communication en français" })).toBeVisible();
    expect(radio("2.1.1", "Effectuer des calculs simples", "Non acquis")).toBeChecked();
    expect(radio("1.1.1", "Écouter un message oral", "Acquis")).not.toBeChecked();
    expect(screen.getByTestId("grid-progress")).toHaveTextContent("1/4 critères renseignés");
    expect(screen.getByTestId("progress-1")).toHaveTextContent("0/3 critères renseignés");
    expect(screen.getByTestId("progress-2")).toHaveTextContent("1/1 critère renseigné");
    expect(screen.getByTestId("save-status")).toHaveTextContent("À jour");
    // The existing comment is shown; its toggle says so.
    expect(screen.getByRole("textbox", { name: "Commentaire sur 2.1.1" })).toHaveValue("Calcul mental difficile");
  });

  it("batches changes into one save with the revision, then uses the new revision", async () => {
    const user = userEvent.setup();
    let revision = 3;
    const { client, executeMutation } = gridOperations({
      SaveEvaluationResults: () => saved(++revision),
    });
    await openGrid(client);

    await user.click(radio("1.1.1", "Écouter un message oral", "Acquis"));
    await user.click(radio("1.1.2", "Comprendre une consigne", "Non acquis"));
    expect(screen.getByTestId("save-status")).toHaveTextContent("Modifications en attente…");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Enregistré"), { timeout: 3000 });

    const calls = callsOf(executeMutation, "SaveEvaluationResults");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      evaluationId: "eval-1",
      revision: 3,
      results: [
        { itemCode: "1.1.1", value: "acquis", comment: "" },
        { itemCode: "1.1.2", value: "non_acquis", comment: "" },
      ],
    });
    expect(typeof calls[0]!.idempotencyKey).toBe("string");
    expect(screen.getByTestId("grid-progress")).toHaveTextContent("3/4 critères renseignés");

    // Keyboard: arrow keys move within the radio group and change the value.
    radio("1.1.1", "Écouter un message oral", "Acquis").focus();
    await user.keyboard("{ArrowRight}");
    expect(radio("1.1.1", "Écouter un message oral", "Non acquis")).toBeChecked();
    await waitFor(() => expect(callsOf(executeMutation, "SaveEvaluationResults")).toHaveLength(2), { timeout: 3000 });
    const second = callsOf(executeMutation, "SaveEvaluationResults")[1]!;
    expect(second).toMatchObject({ revision: 4, results: [{ itemCode: "1.1.1", value: "non_acquis" }] });
    expect(second.idempotencyKey).not.toBe(calls[0]!.idempotencyKey);
  });

  it("clears a recorded result with « Effacer »: value null, and the progress goes down", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = gridOperations({ SaveEvaluationResults: () => saved(4) });
    await openGrid(client);
    expect(screen.getByTestId("grid-progress")).toHaveTextContent("1/4 critères renseignés");
    expect(screen.queryByRole("button", { name: "Effacer le résultat de 1.1.1" })).toBeNull();

    await user.click(screen.getByRole("button", { name: "Effacer le résultat de 2.1.1" }));
    expect(radio("2.1.1", "Effectuer des calculs simples", "Non acquis")).not.toBeChecked();
    expect(screen.getByTestId("grid-progress")).toHaveTextContent("0/4 critères renseignés");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Enregistré"), { timeout: 3000 });
    expect(callsOf(executeMutation, "SaveEvaluationResults")).toMatchObject([
      { revision: 3, results: [{ itemCode: "2.1.1", value: null, comment: "" }] },
    ]);
  });

  it("on a conflict lists the items, keeps local values, and reloads on demand", async () => {
    const user = userEvent.setup();
    let evaluation = evaluationFixture({ revision: 3 });
    const { client, executeMutation } = gridOperations({
      Evaluation: () => ({ data: { evaluation } }),
      SaveEvaluationResults: (variables) =>
        variables.revision === 3
          ? {
              data: {
                saveEvaluationResults: {
                  revision: null,
                  saved: 0,
                  errors: [
                    {
                      code: "STALE_REVISION",
                      field: "revision",
                      message: "La grille a été modifiée par quelqu'un d'autre entre-temps (1.1.1).",
                      items: ["1.1.1"],
                    },
                  ],
                },
              },
            }
          : saved(6),
    });
    await openGrid(client);

    await user.click(radio("1.1.1", "Écouter un message oral", "Acquis"));
    await user.click(radio("1.2.1", "Transmettre une information", "Acquis"));
    const alert = await screen.findByTestId("grid-conflict", {}, { timeout: 3000 });
    expect(screen.getByTestId("save-status")).toHaveTextContent("Conflit");
    expect(within(alert).getByTestId("conflict-items")).toHaveTextContent("1.1.1 Écouter un message oral");
    // Local values are kept on screen and in sessionStorage.
    expect(radio("1.1.1", "Écouter un message oral", "Acquis")).toBeChecked();
    expect(radio("1.2.1", "Transmettre une information", "Acquis")).toBeChecked();
    expect(JSON.parse(window.sessionStorage.getItem(storageKey("eval-1"))!).pending).toMatchObject({
      "1.1.1": { value: "acquis" },
      "1.2.1": { value: "acquis" },
    });

    // Someone else recorded 1.1.1 as "non acquis" (revision 5).
    evaluation = evaluationFixture({
      revision: 5,
      results: [{ itemCode: "1.1.1", value: "non_acquis", changedInRevision: 5 }],
    });
    await user.click(within(screen.getByTestId("grid-toolbar")).getByRole("button", { name: "Recharger" }));

    await waitFor(() => expect(radio("1.1.1", "Écouter un message oral", "Non acquis")).toBeChecked());
    expect(screen.getByTestId("discarded-1.1.1")).toHaveTextContent("Votre saisie remplacée : Acquis");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Enregistré"), { timeout: 3000 });
    const calls = callsOf(executeMutation, "SaveEvaluationResults");
    expect(calls.at(-1)).toMatchObject({
      revision: 5,
      results: [{ itemCode: "1.2.1", value: "acquis", comment: "" }],
    });

    await user.click(screen.getByRole("button", { name: "Rétablir ma saisie pour 1.1.1" }));
    expect(radio("1.1.1", "Écouter un message oral", "Acquis")).toBeChecked();
  });

  it("shows the offline status and retries with the same idempotency key", async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, executeMutation } = gridOperations({
      SaveEvaluationResults: () => (++attempts === 1 ? { error: networkError() } : saved(4)),
    });
    await openGrid(client);
    await user.click(radio("1.1.1", "Écouter un message oral", "Acquis"));
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Hors ligne — nouvel essai…"), {
      timeout: 3000,
    });
    await user.click(screen.getByRole("button", { name: "Réessayer maintenant" }));
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Enregistré"));
    const [first, second] = callsOf(executeMutation, "SaveEvaluationResults");
    expect(second).toEqual(first);
  });

  it("restores unsent values from sessionStorage", async () => {
    window.sessionStorage.setItem(
      storageKey("eval-1"),
      JSON.stringify({ revision: 3, pending: { "1.1.2": { value: "acquis", comment: "" } }, inFlight: null }),
    );
    const { client, executeMutation } = gridOperations({ SaveEvaluationResults: () => saved(4) });
    await openGrid(client);
    expect(radio("1.1.2", "Comprendre une consigne", "Acquis")).toBeChecked();
    await waitFor(() => expect(callsOf(executeMutation, "SaveEvaluationResults")).toHaveLength(1), { timeout: 3000 });
    expect(callsOf(executeMutation, "SaveEvaluationResults")[0]).toMatchObject({
      revision: 3,
      results: [{ itemCode: "1.1.2", value: "acquis" }],
    });
  });

  it("marks a whole domain « acquis » in one save, and undoes it", async () => {
    const user = userEvent.setup();
    let revision = 3;
    const { client, executeMutation } = gridOperations({ SaveEvaluationResults: () => saved(++revision) });
    await openGrid(client);

    await user.click(screen.getByRole("button", { name: "Tout acquis : les 3 critères sans résultat du domaine 1" }));
    for (const [code, title] of [
      ["1.1.1", "Écouter un message oral"],
      ["1.1.2", "Comprendre une consigne"],
      ["1.2.1", "Transmettre une information"],
    ] as const) {
      expect(radio(code, title, "Acquis")).toBeChecked();
    }
    // The criterion already recorded « non acquis » is left as it was.
    expect(radio("2.1.1", "Effectuer des calculs simples", "Non acquis")).toBeChecked();
    expect(screen.getByTestId("grid-progress")).toHaveTextContent("4/4 critères renseignés");
    expect(screen.getByTestId("marked-acquired")).toHaveTextContent("3 critères du domaine 1 marqués « acquis ».");
    await waitFor(() => expect(callsOf(executeMutation, "SaveEvaluationResults")).toHaveLength(1), { timeout: 3000 });
    expect(callsOf(executeMutation, "SaveEvaluationResults")[0]).toMatchObject({
      results: [
        { itemCode: "1.1.1", value: "acquis" },
        { itemCode: "1.1.2", value: "acquis" },
        { itemCode: "1.2.1", value: "acquis" },
      ],
    });
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Enregistré"), { timeout: 3000 });

    await user.click(within(screen.getByTestId("marked-acquired")).getByRole("button", { name: "Annuler" }));
    expect(radio("1.1.1", "Écouter un message oral", "Acquis")).not.toBeChecked();
    expect(screen.getByTestId("grid-progress")).toHaveTextContent("1/4 critères renseignés");
    await waitFor(() => expect(callsOf(executeMutation, "SaveEvaluationResults")).toHaveLength(2), { timeout: 3000 });
    expect(callsOf(executeMutation, "SaveEvaluationResults")[1]).toMatchObject({
      results: [
        { itemCode: "1.1.1", value: null },
        { itemCode: "1.1.2", value: null },
        { itemCode: "1.2.1", value: null },
      ],
    });
  });

  it("marks a sub-domain « acquis »; its button goes once nothing is missing", async () => {
    const user = userEvent.setup();
    const { client } = gridOperations({ SaveEvaluationResults: () => saved(4) });
    await openGrid(client);
    await user.click(
      screen.getByRole("button", { name: "Tout acquis : les 2 critères sans résultat du sous-domaine 1.1" }),
    );
    expect(radio("1.1.2", "Comprendre une consigne", "Acquis")).toBeChecked();
    expect(radio("1.2.1", "Transmettre une information", "Acquis")).not.toBeChecked();
    expect(screen.queryByRole("button", { name: /sous-domaine 1\.1$/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Tout acquis : le critère sans résultat du domaine 1" })).toBeVisible();
  });

  it("jump links are named after the domains; « critère manquant suivant » goes to the next one", async () => {
    const user = userEvent.setup();
    const { client } = gridOperations();
    await openGrid(client);
    const nav = screen.getByRole("navigation", { name: "Domaines de la grille" });
    expect(within(nav).getByRole("link", { name: "1 La communication en français" })).toHaveAttribute(
      "href",
      "#grille-1",
    );
    await user.click(screen.getByRole("button", { name: "Critère manquant suivant" }));
    expect(radio("1.1.1", "Écouter un message oral", "Acquis")).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Critère manquant suivant" }));
    expect(radio("1.1.2", "Comprendre une consigne", "Acquis")).toHaveFocus();
  });

  it("closing waits for every criterion: the dialog counts and links the missing ones", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = gridOperations();
    await openGrid(client);
    expect(screen.getByTestId("missing-count")).toHaveTextContent("3 critères sans résultat");
    await user.click(screen.getByRole("button", { name: "Clore l’évaluation" }));
    const dialog = await screen.findByRole("dialog", { name: "Clore l’évaluation" });
    expect(dialog).toHaveTextContent("3 critères n’ont pas de résultat : complétez-les avant de clore.");
    expect(within(dialog).getByRole("button", { name: "Confirmer la clôture" })).toBeDisabled();
    await user.click(within(dialog).getByRole("button", { name: "1.2.1 Transmettre une information" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(radio("1.2.1", "Transmettre une information", "Acquis")).toHaveFocus());
    expect(callsOf(executeMutation, "CloseEvaluation")).toEqual([]);
  });

  it("closing reports the criteria the server still finds without a result (INCOMPLETE)", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = gridOperations({
      CloseEvaluation: {
        data: {
          closeEvaluation: {
            evaluation: null,
            errors: [
              {
                code: "INCOMPLETE",
                field: null,
                message: "3 critère(s) sans résultat : 1.1.1, 1.1.2, 1.2.1.",
                items: ["1.1.1", "1.1.2", "1.2.1"],
              },
            ],
          },
        },
      },
    }, ALL_RESULTS);
    await openGrid(client);
    await user.click(screen.getByRole("button", { name: "Clore l’évaluation" }));
    const dialog = await screen.findByRole("dialog", { name: "Clore l’évaluation" });
    await user.click(within(dialog).getByRole("button", { name: "Confirmer la clôture" }));
    const missing = await within(dialog).findByTestId("missing-items");
    expect(missing).toHaveTextContent("1.1.2 Comprendre une consigne");
    expect(callsOf(executeMutation, "CloseEvaluation")).toEqual([{ evaluationId: "eval-1" }]);
  });

  it("closing returns to the dossier page", async () => {
    const user = userEvent.setup();
    const { client } = gridOperations({
      CloseEvaluation: {
        data: { closeEvaluation: { evaluation: evaluationFixture({ status: "CLOSED" }), errors: [] } },
      },
    }, ALL_RESULTS);
    await openGrid(client);
    await user.click(screen.getByRole("button", { name: "Clore l’évaluation" }));
    const dialog = await screen.findByRole("dialog", { name: "Clore l’évaluation" });
    await user.click(within(dialog).getByRole("button", { name: "Confirmer la clôture" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers/d1"));
  });

  it("plans a session with the current evaluator and shows TOO_LONG on the end time", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = gridOperations({
      PlanEvaluationSession: {
        data: {
          planEvaluationSession: {
            evaluation: null,
            errors: [
              {
                code: "TOO_LONG",
                field: "endsAt",
                message: "L'évaluation préalable ne peut dépasser 7 h au total (séances prévues : 8 h 00).",
                items: [],
              },
            ],
          },
        },
      },
    });
    await openGrid(client);
    await user.click(screen.getByRole("button", { name: "Planifier une séance" }));
    const dialog = await screen.findByRole("dialog", { name: "Planifier une séance d’évaluation" });
    await user.type(within(dialog).getByLabelText(/^Date de la séance/), "02/04/2025");
    const end = within(dialog).getByLabelText(/^Heure de fin/);
    await user.clear(end);
    await user.type(end, "17:00");
    await user.click(within(dialog).getByRole("button", { name: "Planifier la séance" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "PlanEvaluationSession")).toEqual([
        {
          evaluationId: "eval-1",
          day: "2025-04-02",
          startsAt: "09:00",
          endsAt: "17:00",
          siteId: "site-1",
          evaluatorId: "user-1",
        },
      ]),
    );
    expect(within(dialog).getByLabelText(/^Heure de fin/)).toHaveAccessibleDescription(/ne peut dépasser 7 h/);
  });

  it("takes the scale from the certification: a percentage with its threshold for CléA numérique", async () => {
    const user = userEvent.setup();
    const evaluation = evaluationFixture({ targetItems: ["1.1.1"], results: [{ itemCode: "1.1.1", value: "80" }] });
    const { client, executeMutation } = gridOperations({
      Evaluation: () => ({ data: { evaluation } }),
      Dossier: {
        data: {
          dossier: dossierFixture({
            certificationCode: "CLEA_NUMERIQUE",
            status: "INITIAL_EVALUATION",
            evaluations: [evaluation],
          }),
        },
      },
      SaveEvaluationResults: () => saved(4),
    });
    await openGrid(client);
    expect(screen.getByTestId("scale-summary")).toHaveTextContent("acquis à partir de 75 %");
    const score = within(screen.getByRole("group", { name: "1.1.1 Écouter un message oral" })).getByRole("textbox", {
      name: "Score (%)",
    });
    expect(score).toHaveValue("80");
    expect(score).toHaveAccessibleDescription("Acquis");

    await user.clear(score);
    await user.paste("60");
    expect(score).toHaveAccessibleDescription("Non acquis");
    // (on a slow machine, emptying the field may be saved first, as a clearing)
    await waitFor(
      () =>
        expect(callsOf(executeMutation, "SaveEvaluationResults").at(-1)).toMatchObject({
          results: [{ itemCode: "1.1.1", value: "60" }],
        }),
      { timeout: 3000 },
    );
  });

  it("without the certification's scale, says so instead of guessing one", async () => {
    const { client } = gridOperations({
      PathwayChoices: { data: { ...choicesData, certifications: [] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: ROUTE });
    expect(await screen.findByTestId("scale-missing")).toHaveTextContent("« CLEA » est inconnue");
    expect(screen.queryByTestId("evaluation-grid")).toBeNull();
  });

  it("plans a session with an evaluator chosen by name, and lists the sittings with names", async () => {
    const user = userEvent.setup();
    const sittings = [
      { __typename: "EvaluationSession", id: "s1", day: "2025-04-01", startsAt: "09:00", endsAt: "12:00", siteId: "site-1", evaluatorId: "user-2" },
      { __typename: "EvaluationSession", id: "s2", day: "2025-04-02", startsAt: "09:00", endsAt: "10:00", siteId: "site-1", evaluatorId: "user-9" },
    ];
    const evaluation = { ...evaluationFixture(), sessions: sittings };
    const { client, executeMutation } = gridOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      Evaluation: () => ({ data: { evaluation } }),
      PlanEvaluationSession: { data: { planEvaluationSession: { evaluation, errors: [] } } },
    });
    await openGrid(client);
    const table = screen.getByTestId("sessions-table");
    expect(within(table).getByText("Nora Haddad")).toBeVisible();
    expect(within(table).getByText("Évaluateur hors de la liste")).toBeVisible();

    await user.click(screen.getByRole("button", { name: "Planifier une séance" }));
    const dialog = await screen.findByRole("dialog", { name: "Planifier une séance d’évaluation" });
    await user.type(within(dialog).getByLabelText(/^Date de la séance/), "03/04/2025");
    await user.click(within(dialog).getByRole("combobox", { name: "Évaluateur" }));
    expect(screen.queryByRole("option", { name: "Paul Martin" })).toBeNull(); // a trainer only
    await user.click(await screen.findByRole("option", { name: "Nora Haddad" }));
    await user.click(within(dialog).getByRole("button", { name: "Planifier la séance" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "PlanEvaluationSession")).toEqual([
        {
          evaluationId: "eval-1",
          day: "2025-04-03",
          startsAt: "09:00",
          endsAt: "12:00",
          siteId: "site-1",
          evaluatorId: "user-2",
        },
      ]),
    );
  });

  it("is read-only for an adviser", async () => {
    const { client } = gridOperations({ Viewer: viewerData({ activeRoles: ["ADVISER"] }) });
    await openGrid(client);
    expect(radio("1.1.1", "Écouter un message oral", "Acquis")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Clore l’évaluation" })).toBeNull();
    expect(screen.queryByTestId("save-status")).toBeNull();
    expect(screen.getByRole("button", { name: "Planifier une séance" })).toBeVisible();
  });

  it("records the professional context the skills are assessed in, and shows a refusal next to the field", async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const { client, executeMutation } = gridOperations({
      SetEvaluationProfessionalContext: (variables) => {
        attempt += 1;
        return attempt === 1
          ? {
              data: {
                setEvaluationProfessionalContext: {
                  evaluation: null,
                  errors: [
                    {
                      __typename: "EvaluationProblem",
                      code: "INVALID_INPUT",
                      field: "professionalContext",
                      message: "« professionalContext » contient un caractère de contrôle.",
                      items: [],
                    },
                  ],
                },
              },
            }
          : {
              data: {
                setEvaluationProfessionalContext: {
                  evaluation: { __typename: "Evaluation", id: "eval-1", professionalContext: variables.professionalContext },
                  errors: [],
                },
              },
            };
      },
    });
    await openGrid(client);
    const section = screen.getByTestId("professional-context");
    const field = within(section).getByRole("textbox", { name: "Poste ou situation de travail retenus" });
    await user.type(field, "Préparateur de commandes en entrepôt ");
    await user.click(within(section).getByRole("button", { name: "Enregistrer le contexte" }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/caractère de contrôle/));
    await user.click(within(section).getByRole("button", { name: "Enregistrer le contexte" }));

    expect(await within(section).findByRole("status")).toHaveTextContent("Contexte enregistré.");
    expect(callsOf(executeMutation, "SetEvaluationProfessionalContext")).toEqual([
      { evaluationId: "eval-1", professionalContext: "Préparateur de commandes en entrepôt" },
      { evaluationId: "eval-1", professionalContext: "Préparateur de commandes en entrepôt" },
    ]);
  });

  it("shows the professional context as text once the evaluation is closed", async () => {
    const closed = evaluationFixture({
      status: "CLOSED",
      closedAt: "2025-03-10T15:00:00Z",
      professionalContext: "Agent de propreté en milieu hospitalier",
    });
    const { client } = gridOperations({ Evaluation: () => ({ data: { evaluation: closed } }) });
    await openGrid(client);
    const section = screen.getByTestId("professional-context");
    expect(section).toHaveTextContent("Agent de propreté en milieu hospitalier");
    expect(within(section).queryByRole("textbox")).toBeNull();
  });

  it("tells that an evaluation is not found when the API answers NotFound", async () => {
    const { client } = gridOperations({
      Evaluation: () => ({ data: { evaluation: { __typename: "NotFound", message: "Évaluation introuvable." } } }),
    });
    renderWithProviders(<AppRoutes />, { client, route: "/evaluations/eval-9" });
    expect(await screen.findByRole("heading", { level: 1, name: "Évaluation introuvable" })).toBeVisible();
    expect(screen.queryByTestId("evaluation-grid")).toBeNull();
  });
});

