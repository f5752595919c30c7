import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { choicesData, LEA } from "../test/pathwayFixtures";
import { labelText, renderWithProviders } from "../test/render";
import { todayIso } from "../components/format";
import { frenchDay } from "../components/dates";

const DUPLICATE_MESSAGE =
  "1 candidat(s) portent déjà ces nom, prénom et date de naissance : vérifiez qu'il ne s'agit pas de la même personne, ou confirmez la création.";

const OPENED = { dossier: { id: "d42", status: "OPENED" }, errors: [] };

function wizard(
  openDossier: (variables: Record<string, unknown>) => unknown = () => OPENED,
  viewer = viewerData({ activeRoles: ["ADVISER"] }),
  elsewhere: { certificationCode: string; organisationName: string; statusLabel: string }[] = [],
  known: unknown[] = [],
) {
  return mockOperations({
    Viewer: viewer,
    PathwayChoices: { data: choicesData },
    DossiersElsewhere: { data: { dossiersElsewhere: elsewhere } },
    OpenDossier: (variables) => ({ data: { openDossier: openDossier(variables) } }),
    Candidates: (variables) => ({
      data: {
        candidates: {
          totalCount: known.length,
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: variables.birthDate === "1990-04-12" ? known.map((node) => ({ cursor: "cand-1", node })) : [],
        },
      },
    }),
    OrganisationStaff: { data: { organisationStaff: [{ id: "user-7", displayName: "Sophie Leroy", roles: ["EVALUATOR"] }] } },
    RecordInformationInterview: (variables) => ({
      data: {
        recordInformationInterview: {
          interview: { id: "interview-1", outcome: variables.outcome },
          errors: [],
        },
      },
    }),
  });
}

async function choose(user: UserEvent, label: string, option: string) {
  await user.click(screen.getByRole("combobox", { name: label }));
  await user.click(await screen.findByRole("option", { name: option }));
}

async function fillCandidate(user: UserEvent) {
  await user.click(screen.getByRole("radio", { name: "Madame" }));
  await fill(user, screen.getByRole("textbox", { name: "Nom de naissance" }), "Dupont");
  await user.type(screen.getByRole("textbox", { name: "Prénom(s)" }), "Léa");
  await user.type(screen.getByLabelText(labelText("Date de naissance")), "12/04/1990");
  await fill(user, screen.getByRole("textbox", { name: "Commune de naissance" }), "Lille");
  await fill(user, screen.getByRole("textbox", { name: "Téléphone" }), "06 12 34 56 78");
  await choose(user, "Situation à l’inscription", "Demandeur d’emploi");
  await choose(user, "Niveau de diplôme", "CAP, BEP (niveau 3)");
}

/** Step 2 filled (the interview held today by the viewer), then on to the summary. */
async function toSummary(user: UserEvent) {
  await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
  await choose(user, "Certification", "CléA");
  await choose(user, "Site", "Roubaix");
  await choose(user, "Prescripteur", "France Travail");
  await choose(user, "Financement", "Compte personnel de formation (CPF)");
  await user.click(screen.getByRole("checkbox", { name: "Le candidat a donné son accord lors de l’entretien d’information" }));
  await user.click(screen.getByRole("button", { name: "Suivant" }));
  await screen.findByRole("heading", { name: "Étape 3 sur 3 : Récapitulatif" });
}

/** The new candidate as step 1 sends it with the opening. */
const NEW_LEA = {
  civility: "MADAME",
  birthName: "Dupont",
  firstNames: "Léa",
  birthDate: "1990-04-12",
  birthCountry: "France",
  birthCity: "Lille",
  phone: "0612345678",
  statusAtRegistration: "JOBSEEKER",
  educationLevel: "CAP_BEP",
};

const KNOWN_LEA = {
  candidate: { ...LEA, email: "lea.dupont@exemple.fr" },
  dossiers: [{ id: "d-old", certificationCode: "CLEA", status: "ABANDONED", openedAt: "2023-01-05T09:00:00Z" }],
};

/** Types a whole value at once (paste): quicker than key by key in jsdom. */
async function fill(user: UserEvent, element: HTMLElement, text: string) {
  await user.click(element);
  await user.paste(text);
}

describe("NewDossierPage", () => {
  it("checks the candidate client-side and registers nobody before the last step", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fill(user, screen.getByRole("textbox", { name: "Téléphone" }), "12345");
    await user.type(screen.getByRole("textbox", { name: "Pays de naissance" }), "{selectall}Maroc");
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    expect(screen.getByRole("textbox", { name: "Nom de naissance" })).toHaveAccessibleDescription(
      "Le nom de naissance est obligatoire.",
    );
    expect(screen.getByRole("textbox", { name: "Téléphone" })).toHaveAccessibleDescription(/Numéro de téléphone invalide/);
    expect(screen.getByRole("checkbox", { name: "Né(e) à l’étranger" })).toHaveAccessibleDescription(
      /cochez « Né\(e\) à l’étranger »/,
    );
    expect(executeMutation).not.toHaveBeenCalled();
  }, 15_000);

  it("abandoned after the candidate step, the wizard has registered nothing", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    await user.click(screen.getByRole("button", { name: "Précédent" }));
    // Back on step 1, the typed candidate is still there, to correct
    expect(await screen.findByRole("textbox", { name: "Nom de naissance" })).toHaveValue("Dupont");
    await user.click(screen.getByRole("link", { name: "Annuler" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers"));
    expect(executeMutation).not.toHaveBeenCalled();
  }, 30_000);

  it("tells that the person is already followed elsewhere, when she agreed to share it", async () => {
    const user = userEvent.setup();
    const { client } = wizard(
      () => OPENED,
      viewerData({ activeRoles: ["ADVISER"] }),
      [{ certificationCode: "CLEA", organisationName: "Greta Paris", statusLabel: "en formation" }],
      [KNOWN_LEA],
    );
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    const found = await screen.findByRole("list", { name: "Candidats déjà enregistrés" }, { timeout: 3000 });
    await user.click(within(found).getByRole("button", { name: /^Utiliser ce candidat/ }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    const notice = await screen.findByTestId("elsewhere");
    expect(notice).toHaveTextContent("Cette personne est déjà suivie dans un autre organisme");
    expect(notice).toHaveTextContent("CLEA chez « Greta Paris » (en formation)");
    expect(screen.getByRole("checkbox", { name: /autres organismes habilités sachent/ })).not.toBeChecked();
  }, 30_000);

  it("opens the dossier with the new candidate in one call; a possible duplicate goes back to step 1 to confirm", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard((variables) =>
      (variables.newCandidate as { confirmNotDuplicate: boolean }).confirmNotDuplicate
        ? OPENED
        : { dossier: null, errors: [payloadError("POSSIBLE_DUPLICATE", DUPLICATE_MESSAGE, "newCandidate.birthName")] },
    );
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    // Step 2: the interview was held today by the viewer and oriented the candidate; the consent is required.
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    expect(screen.getByLabelText(labelText("Date de l’entretien"))).toHaveValue(frenchDay(todayIso()));
    expect(screen.getByRole("combobox", { name: "Issue de l’entretien" })).toHaveValue("Orienté vers la certification");
    await choose(user, "Certification", "CléA");
    await choose(user, "Site", "Roubaix");
    await choose(user, "Prescripteur", "France Travail");
    await fill(user, screen.getByRole("textbox", { name: "Nom du prescripteur" }), "Agence de Lille");
    await choose(user, "Financement", "Compte personnel de formation (CPF)");
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    const consent = screen.getByRole("checkbox", {
      name: "Le candidat a donné son accord lors de l’entretien d’information",
    });
    expect(consent).toHaveAccessibleDescription(/consentement du candidat/);
    await user.click(consent);
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    // Step 3: summary, then open.
    await screen.findByRole("heading", { name: "Étape 3 sur 3 : Récapitulatif" });
    const summary = screen.getByTestId("dossier-summary");
    expect(summary).toHaveTextContent("Léa DUPONT");
    expect(summary).toHaveTextContent("12/04/1990");
    expect(summary).toHaveTextContent("Roubaix");
    expect(summary).toHaveTextContent("avec vous-même — Orienté vers la certification");
    expect(summary).toHaveTextContent("il sera enregistré avec le dossier");
    expect(executeMutation).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Ouvrir le dossier" }));

    // A possible duplicate: back to step 1, with the warning to confirm.
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning).toHaveTextContent(DUPLICATE_MESSAGE);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    expect(within(warning).getByRole("checkbox", { name: "Il ne s’agit pas de la même personne" })).toHaveAccessibleDescription(
      /Cochez cette case/,
    );
    await user.click(within(warning).getByRole("checkbox", { name: "Il ne s’agit pas de la même personne" }));
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await user.click(await screen.findByRole("button", { name: "Ouvrir le dossier" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers/d42"));

    const opening = {
      candidateId: null,
      certificationCode: "CLEA",
      siteId: "site-2",
      prescriberType: "FRANCE_TRAVAIL",
      prescriberName: "Agence de Lille",
      financing: "CPF",
      consent: true,
      consentToShare: false,
      interview: { heldOn: todayIso(), adviserId: "user-1" },
    };
    expect(callsOf(executeMutation, "OpenDossier")).toEqual([
      { ...opening, newCandidate: expect.objectContaining({ ...NEW_LEA, confirmNotDuplicate: false }) },
      { ...opening, newCandidate: expect.objectContaining({ ...NEW_LEA, confirmNotDuplicate: true }) },
    ]);
    expect(callsOf(executeMutation, "RecordInformationInterview")).toEqual([]);
  }, 60_000);

  it("records an interview that oriented elsewhere without opening a dossier, with its new candidate", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });

    await choose(user, "Conseiller", "Sophie Leroy");
    await choose(user, "Issue de l’entretien", "Autre orientation");
    await choose(user, "Certification", "CléA");
    expect(screen.getByRole("button", { name: "Suivant" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Enregistrer l’entretien sans ouvrir de dossier" }));

    expect(await screen.findByRole("status")).toHaveTextContent("aucun dossier n’est ouvert");
    expect(callsOf(executeMutation, "RecordInformationInterview")).toEqual([
      expect.objectContaining({
        candidateId: null,
        newCandidate: expect.objectContaining(NEW_LEA),
        adviserId: "user-7",
        outcome: "OTHER_ORIENTATION",
        certificationCode: "CLEA",
      }),
    ]);
    // Registered now: going back or on would register the candidate twice.
    await choose(user, "Issue de l’entretien", "Orienté vers la certification");
    expect(screen.getByRole("button", { name: "Suivant" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Précédent" })).toBeDisabled();
    expect(callsOf(executeMutation, "OpenDossier")).toEqual([]);
  }, 30_000);

  it("shows the interview the server refuses next to its adviser, and what concerns no field above", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      PathwayChoices: { data: choicesData },
      DossiersElsewhere: { data: { dossiersElsewhere: [] } },
      OrganisationStaff: { data: { organisationStaff: [{ id: "user-7", displayName: "Sophie Leroy", roles: ["EVALUATOR"] }] } },
      RecordInformationInterview: {
        data: {
          recordInformationInterview: {
            interview: null,
            errors: [
              payloadError("INVALID_INTERVIEW", "Le conseiller doit être un membre de l'organisation.", "adviserId"),
              payloadError("UNKNOWN_CERTIFICATION", "Certification inconnue.", null),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });

    await choose(user, "Conseiller", "Sophie Leroy");
    await choose(user, "Issue de l’entretien", "Autre orientation");
    await choose(user, "Certification", "CléA");
    await user.click(screen.getByRole("button", { name: "Enregistrer l’entretien sans ouvrir de dossier" }));

    await waitFor(() =>
      expect(screen.getByRole("combobox", { name: "Conseiller" })).toHaveAccessibleDescription(
        /Le conseiller doit être un membre de l'organisation/,
      ),
    );
    expect(screen.getByText("Certification inconnue.").closest("[role=alert]")).toHaveTextContent(
      "Entretien non enregistré",
    );
    expect(screen.queryByRole("status")).toBeNull();
  }, 30_000);

  it("a refused opening goes back to the step at fault, and the retry sends everything again", async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, executeMutation } = wizard(() => {
      attempts += 1;
      return attempts === 1
        ? {
            dossier: null,
            errors: [
              payloadError("NOT_ACCREDITED", "L'organisme n'est pas habilité pour CLEA sur le site.", "certificationCode"),
            ],
          }
        : OPENED;
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await toSummary(user);
    await user.click(screen.getByRole("button", { name: "Ouvrir le dossier" }));

    // Refused on the certification: back to step 2, then tried again
    expect(await screen.findByRole("combobox", { name: "Certification" })).toHaveAccessibleDescription(/pas habilité/);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await user.click(await screen.findByRole("button", { name: "Ouvrir le dossier" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers/d42"));

    const calls = callsOf(executeMutation, "OpenDossier");
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[1]).toMatchObject({ newCandidate: expect.objectContaining(NEW_LEA) });
    expect(callsOf(executeMutation, "RecordInformationInterview")).toEqual([]);
  }, 45_000);

  it("refuses an interview dated in the future before calling the API", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard();
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });

    const date = screen.getByLabelText(labelText("Date de l’entretien"));
    await user.clear(date);
    await user.type(date, "01/01/2999");
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    expect(date).toHaveAccessibleDescription("L’entretien d’information ne peut pas être daté dans le futur.");
    expect(executeMutation).not.toHaveBeenCalled();
  }, 30_000);

  it("shows the server's errors about the new candidate next to its fields, back on step 1", async () => {
    const user = userEvent.setup();
    const { client } = wizard(() => ({
      dossier: null,
      errors: [
        payloadError(
          "INVALID_CANDIDATE",
          "Code postal invalide : 5 chiffres attendus (par exemple 75011).",
          "newCandidate.birthPostalCode",
        ),
        payloadError("INVALID_CANDIDATE", "Données du candidat incomplètes.", "newCandidate"),
      ],
    }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await toSummary(user);
    await user.click(screen.getByRole("button", { name: "Ouvrir le dossier" }));
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "Code postal de naissance" })).toHaveAccessibleDescription(
        /Code postal invalide/,
      ),
    );
    expect(screen.getByText("Données du candidat incomplètes.").closest("[role=alert]")).toHaveTextContent(
      "Candidat non enregistré",
    );
  }, 45_000);

  it("is refused to a trainer", async () => {
    const { client } = wizard(() => null, viewerData({ activeRoles: ["TRAINER"] }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    expect(await screen.findByTestId("forbidden")).toHaveTextContent("réservée aux conseillers");
  });

  it("looks the person up as she is typed and offers « Utiliser ce candidat »: nobody is registered twice", async () => {
    const user = userEvent.setup();
    const { client, executeMutation, executeQuery } = wizard(() => OPENED, undefined, [], [KNOWN_LEA]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" }, { timeout: 10_000 });
    await fill(user, screen.getByRole("textbox", { name: "Nom de naissance" }), "Dupont");
    await user.type(screen.getByRole("textbox", { name: "Prénom(s)" }), "Léa");
    await user.type(screen.getByLabelText(labelText("Date de naissance")), "12/04/1990");

    const found = await screen.findByRole("list", { name: "Candidats déjà enregistrés" }, { timeout: 3000 });
    expect(within(found).getByText("Léa DUPONT")).toBeVisible();
    expect(within(found).getByText("CLEA : abandonné")).toBeVisible();
    expect(callsOf(executeQuery, "Candidates").at(-1)).toMatchObject({ search: "Dupont Léa", birthDate: "1990-04-12" });
    await user.click(within(found).getByRole("button", { name: /^Utiliser ce candidat/ }));

    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    await user.click(screen.getByRole("button", { name: "Précédent" }));
    expect(await screen.findByText(/déjà enregistré dans l’organisme, est choisi/)).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await toSummary(user);
    await user.click(screen.getByRole("button", { name: "Ouvrir le dossier" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers/d42"));
    expect(callsOf(executeMutation, "OpenDossier")).toEqual([
      expect.objectContaining({ candidateId: "cand-1", newCandidate: null }),
    ]);
  }, 45_000);
});
