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

function wizard(
  createCandidate: (variables: Record<string, unknown>) => unknown,
  viewer = viewerData({ activeRoles: ["ADVISER"] }),
  elsewhere: { certificationCode: string; organisationName: string; statusLabel: string }[] = [],
) {
  return mockOperations({
    Viewer: viewer,
    PathwayChoices: { data: choicesData },
    DossiersElsewhere: { data: { dossiersElsewhere: elsewhere } },
    CreateCandidate: (variables) => ({ data: { createCandidate: createCandidate(variables) } }),
    OpenDossier: { data: { openDossier: { dossier: { id: "d42", status: "OPENED" }, errors: [] } } },
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

/** Types a whole value at once (paste): quicker than key by key in jsdom. */
async function fill(user: UserEvent, element: HTMLElement, text: string) {
  await user.click(element);
  await user.paste(text);
}

describe("NewDossierPage", () => {
  it("checks the candidate client-side before calling the API", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard(() => ({ candidate: LEA, errors: [] }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fill(user, screen.getByRole("textbox", { name: "Téléphone" }), "12345");
    await user.type(screen.getByRole("textbox", { name: "Pays de naissance" }), "{selectall}Maroc");
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    expect(screen.getByRole("textbox", { name: "Nom de naissance" })).toHaveAccessibleDescription(
      "Le nom de naissance est obligatoire.",
    );
    expect(screen.getByRole("textbox", { name: "Téléphone" })).toHaveAccessibleDescription(/Numéro de téléphone invalide/);
    expect(screen.getByRole("checkbox", { name: "Né(e) à l’étranger" })).toHaveAccessibleDescription(
      /cochez « Né\(e\) à l’étranger »/,
    );
    expect(callsOf(executeMutation, "CreateCandidate")).toEqual([]);
  }, 15_000);

  it("tells that the person is already followed elsewhere, when she agreed to share it", async () => {
    const user = userEvent.setup();
    const { client } = wizard(() => ({ candidate: LEA, errors: [] }), viewerData({ activeRoles: ["ADVISER"] }), [
      { certificationCode: "CLEA", organisationName: "Greta Paris", statusLabel: "en formation" },
    ]);
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    const notice = await screen.findByTestId("elsewhere");
    expect(notice).toHaveTextContent("Cette personne est déjà suivie dans un autre organisme");
    expect(notice).toHaveTextContent("CLEA chez « Greta Paris » (en formation)");
    expect(screen.getByRole("checkbox", { name: /autres organismes habilités sachent/ })).not.toBeChecked();
  }, 30_000);

  it("warns about a possible duplicate and resends with confirmNotDuplicate, then opens the dossier", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard((variables) =>
      variables.confirmNotDuplicate
        ? { candidate: LEA, errors: [] }
        : { candidate: null, errors: [payloadError("POSSIBLE_DUPLICATE", DUPLICATE_MESSAGE, "birthName")] },
    );
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));

    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning).toHaveTextContent(DUPLICATE_MESSAGE);
    expect(callsOf(executeMutation, "CreateCandidate")).toHaveLength(1);
    expect(callsOf(executeMutation, "CreateCandidate")[0]).toMatchObject({
      civility: "MADAME",
      birthName: "Dupont",
      firstNames: "Léa",
      birthDate: "1990-04-12",
      birthCountry: "France",
      birthCity: "Lille",
      phone: "0612345678",
      statusAtRegistration: "JOBSEEKER",
      educationLevel: "CAP_BEP",
      confirmNotDuplicate: false,
    });

    // Not confirmed: nothing is sent.
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    expect(within(warning).getByRole("checkbox", { name: "Il ne s’agit pas de la même personne" })).toHaveAccessibleDescription(
      /Cochez cette case/,
    );
    expect(callsOf(executeMutation, "CreateCandidate")).toHaveLength(1);

    await user.click(within(warning).getByRole("checkbox", { name: "Il ne s’agit pas de la même personne" }));
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    expect(callsOf(executeMutation, "CreateCandidate")[1]).toMatchObject({ confirmNotDuplicate: true });

    // Step 2: the interview was held today by the viewer and oriented the candidate; the consent is required.
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
    await user.click(screen.getByRole("button", { name: "Ouvrir le dossier" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers/d42"));
    expect(callsOf(executeMutation, "RecordInformationInterview")).toEqual([
      {
        candidateId: "cand-1",
        certificationCode: "CLEA",
        heldOn: todayIso(),
        adviserId: "user-1",
        outcome: "ORIENTED",
        note: "",
      },
    ]);
    expect(callsOf(executeMutation, "OpenDossier")).toEqual([
      {
        candidateId: "cand-1",
        certificationCode: "CLEA",
        siteId: "site-2",
        prescriberType: "FRANCE_TRAVAIL",
        prescriberName: "Agence de Lille",
        financing: "CPF",
        consent: true,
        consentToShare: false,
        informationInterviewId: "interview-1",
      },
    ]);
  }, 45_000);

  it("records an interview that oriented elsewhere without opening a dossier", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard(() => ({ candidate: LEA, errors: [] }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });

    await choose(user, "Conseiller", "Sophie Leroy");
    await choose(user, "Issue de l’entretien", "Autre orientation");
    await choose(user, "Certification", "CléA");
    expect(screen.getByRole("button", { name: "Suivant" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Enregistrer l’entretien sans ouvrir de dossier" }));

    expect(await screen.findByRole("status")).toHaveTextContent("aucun dossier n’est ouvert");
    expect(callsOf(executeMutation, "RecordInformationInterview")).toEqual([
      expect.objectContaining({ adviserId: "user-7", outcome: "OTHER_ORIENTATION", certificationCode: "CLEA" }),
    ]);
    expect(callsOf(executeMutation, "OpenDossier")).toEqual([]);
  }, 30_000);

  it("shows the interview the server refuses next to its adviser, and what concerns no field above", async () => {
    const user = userEvent.setup();
    const { client } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      PathwayChoices: { data: choicesData },
      DossiersElsewhere: { data: { dossiersElsewhere: [] } },
      CreateCandidate: { data: { createCandidate: { candidate: LEA, errors: [] } } },
      OrganisationStaff: { data: { organisationStaff: [{ id: "user-7", displayName: "Sophie Leroy", roles: ["EVALUATOR"] }] } },
      RecordInformationInterview: {
        data: {
          recordInformationInterview: {
            interview: null,
            errors: [
              payloadError("INVALID_INTERVIEW", "Le conseiller doit être un membre de l'organisation.", "adviserId"),
              payloadError("NOT_FOUND", "Candidat introuvable.", "candidateId"),
            ],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
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
    expect(screen.getByText("Candidat introuvable.").closest("[role=alert]")).toHaveTextContent(
      "Entretien non enregistré",
    );
    expect(screen.queryByRole("status")).toBeNull();
  }, 30_000);

  it("reuses the interview it recorded when the opening is refused and tried again", async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, executeMutation } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      PathwayChoices: { data: choicesData },
      CreateCandidate: { data: { createCandidate: { candidate: LEA, errors: [] } } },
      OrganisationStaff: { data: { organisationStaff: [] } },
      RecordInformationInterview: {
        data: { recordInformationInterview: { interview: { id: "interview-1", outcome: "ORIENTED" }, errors: [] } },
      },
      OpenDossier: () => {
        attempts += 1;
        return attempts === 1
          ? {
              data: {
                openDossier: {
                  dossier: null,
                  errors: [payloadError("NOT_ACCREDITED", "L'organisme n'est pas habilité pour CLEA sur le site.", "certificationCode")],
                },
              },
            }
          : { data: { openDossier: { dossier: { id: "d42", status: "OPENED" }, errors: [] } } };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });
    await choose(user, "Certification", "CléA");
    await choose(user, "Site", "Roubaix");
    await choose(user, "Prescripteur", "Branche professionnelle");
    await choose(user, "Financement", "Compte personnel de formation (CPF)");
    await user.click(screen.getByRole("checkbox", { name: "Le candidat a donné son accord lors de l’entretien d’information" }));
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await user.click(await screen.findByRole("button", { name: "Ouvrir le dossier" }));

    // Refused on the certification: back to step 2, then tried again
    expect(await screen.findByRole("combobox", { name: "Certification" })).toHaveAccessibleDescription(/pas habilité/);
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await user.click(await screen.findByRole("button", { name: "Ouvrir le dossier" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/dossiers/d42"));

    expect(callsOf(executeMutation, "RecordInformationInterview")).toHaveLength(1);
    expect(callsOf(executeMutation, "OpenDossier").map((call) => call.informationInterviewId)).toEqual([
      "interview-1",
      "interview-1",
    ]);
    expect(callsOf(executeMutation, "OpenDossier")[1]).toMatchObject({ prescriberType: "PROFESSIONAL_BRANCH" });
  }, 45_000);

  it("refuses an interview dated in the future before calling the API", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = wizard(() => ({ candidate: LEA, errors: [] }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    await screen.findByRole("heading", { name: "Étape 2 sur 3 : Dossier" });

    const date = screen.getByLabelText(labelText("Date de l’entretien"));
    await user.clear(date);
    await user.type(date, "01/01/2999");
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    expect(date).toHaveAccessibleDescription("L’entretien d’information ne peut pas être daté dans le futur.");
    expect(callsOf(executeMutation, "RecordInformationInterview")).toEqual([]);
  }, 30_000);

  it("shows the server's field errors next to the fields", async () => {
    const user = userEvent.setup();
    const { client } = wizard(() => ({
      candidate: null,
      errors: [payloadError("INVALID_POSTAL_CODE", "Code postal invalide : 5 chiffres attendus (par exemple 75011).", "birthPostalCode")],
    }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    await screen.findByRole("heading", { name: "Étape 1 sur 3 : Candidat" });
    await fillCandidate(user);
    await user.click(screen.getByRole("button", { name: "Enregistrer le candidat" }));
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "Code postal de naissance" })).toHaveAccessibleDescription(
        /Code postal invalide/,
      ),
    );
  }, 15_000);

  it("is refused to a trainer", async () => {
    const { client } = wizard(() => null, viewerData({ activeRoles: ["TRAINER"] }));
    renderWithProviders(<AppRoutes />, { client, route: "/dossiers/nouveau" });
    expect(await screen.findByTestId("forbidden")).toHaveTextContent("réservée aux conseillers");
  });

  it("looks the person up as she is typed and offers « Utiliser ce candidat »: nobody is registered twice", async () => {
    const user = userEvent.setup();
    const known = {
      candidate: { ...LEA, email: "lea.dupont@exemple.fr" },
      dossiers: [{ id: "d-old", certificationCode: "CLEA", status: "ABANDONED", openedAt: "2023-01-05T09:00:00Z" }],
    };
    const { client, executeMutation, executeQuery } = mockOperations({
      Viewer: viewerData({ activeRoles: ["ADVISER"] }),
      PathwayChoices: { data: choicesData },
      DossiersElsewhere: { data: { dossiersElsewhere: [] } },
      OrganisationStaff: { data: { organisationStaff: [] } },
      Candidates: (variables) => ({
        data: {
          candidates: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: null },
            edges: variables.birthDate === "1990-04-12" ? [{ cursor: "cand-1", node: known }] : [],
          },
        },
      }),
    });
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
    expect(callsOf(executeMutation, "CreateCandidate")).toEqual([]);
  }, 30_000);
});
