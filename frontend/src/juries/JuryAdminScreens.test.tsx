import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import { agendaEntry, certificationsData, decisionFixture, sessionFixture } from "../test/juryFixtures";
import { renderWithProviders } from "../test/render";
import { invalidSiren, parseSirens } from "./labels";

/** The routes load their page lazily: the first look waits longer. */
const PAGE = { timeout: 5000 };

const ADMIN = viewerData({ active: null, certifProAdmin: true });

function member(id: string, fullName: string, side: "EMPLOYER" | "EMPLOYEE", extra: Record<string, unknown> = {}) {
  return {
    __typename: "JuryMember",
    id,
    fullName,
    email: `${id}@jury.example.fr`,
    side,
    body: side === "EMPLOYER" ? "MEDEF" : "CFDT",
    region: "Île-de-France",
    certificationCodes: ["CLEA"],
    affiliations: [] as string[],
    active: true,
    ...extra,
  };
}

async function paste(user: UserEvent, element: HTMLElement, text: string) {
  await user.click(element);
  await user.paste(text);
}

async function choose(user: UserEvent, scope: HTMLElement, combobox: string, option: string) {
  await user.click(within(scope).getByRole("combobox", { name: combobox }));
  await user.click(await screen.findByRole("option", { name: option }));
}

describe("affiliations", () => {
  it("reads SIRENs separated by lines, commas or semicolons, spaces inside ignored", () => {
    expect(parseSirens("130 025 265\n824049266, 130025265;")).toEqual(["130025265", "824049266"]);
    expect(parseSirens("  ")).toEqual([]);
    expect(invalidSiren(["130025265", "12345"])).toBe("12345");
    expect(invalidSiren(["130025265"])).toBeNull();
  });
});

describe("Certif'Pro jury screens", () => {
  it("puts a person on the roster with their side, body and affiliations", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: ADMIN,
      JuryCertifications: certificationsData,
      JuryMembers: { data: { juryMembers: [member("m1", "Marc Duval", "EMPLOYER")] } },
      AddJuryMember: (variables) => ({
        data: {
          addJuryMember: {
            member: member("m2", String(variables.fullName), "EMPLOYEE", { email: variables.email }),
            errors: [],
          },
        },
      }),
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/membres" });
    const table = await screen.findByTestId("roster-table", undefined, PAGE);
    expect(within(table).getByRole("row", { name: /Marc Duval/ })).toHaveTextContent("Employeurs");

    const form = screen.getByRole("form", { name: "Ajouter un membre du jury" });
    await user.click(within(form).getByRole("button", { name: "Ajouter au vivier" }));
    expect(within(form).getByRole("radiogroup", { name: "Collège" })).toHaveAccessibleDescription(/Choisissez le collège/);
    expect(callsOf(executeMutation, "AddJuryMember")).toEqual([]);

    await paste(user, within(form).getByRole("textbox", { name: "Adresse e-mail" }), "sonia.haddad@exemple.fr");
    await paste(user, within(form).getByRole("textbox", { name: "Nom complet" }), "Sonia Haddad");
    await user.click(within(form).getByRole("radio", { name: "Représentant des salariés" }));
    await paste(user, within(form).getByRole("textbox", { name: "Organisation représentée" }), "CFDT");
    await choose(user, form, "Région", "Île-de-France");
    await user.click(within(form).getByRole("checkbox", { name: "CléA" }));
    await paste(user, within(form).getByRole("textbox", { name: "SIREN des organismes liés" }), "123");
    await user.click(within(form).getByRole("button", { name: "Ajouter au vivier" }));
    expect(within(form).getByRole("textbox", { name: "SIREN des organismes liés" })).toHaveAccessibleDescription(
      /« 123 » n’est pas un SIREN/,
    );
    await user.clear(within(form).getByRole("textbox", { name: "SIREN des organismes liés" }));
    await paste(user, within(form).getByRole("textbox", { name: "SIREN des organismes liés" }), "130 025 265");
    await user.click(within(form).getByRole("button", { name: "Ajouter au vivier" }));

    expect(await within(form).findByRole("status")).toHaveTextContent(
      "Sonia Haddad (sonia.haddad@exemple.fr) figure dans le vivier.",
    );
    expect(callsOf(executeMutation, "AddJuryMember")).toEqual([
      {
        email: "sonia.haddad@exemple.fr",
        fullName: "Sonia Haddad",
        side: "EMPLOYEE",
        body: "CFDT",
        region: "Île-de-France",
        certificationCodes: ["CLEA"],
        affiliations: ["130025265"],
      },
    ]);
  });

  it("convenes a session with members of the région and certifications", async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = mockOperations({
      Viewer: ADMIN,
      JuryCertifications: certificationsData,
      JuryMembers: {
        data: {
          juryMembers: [
            member("m1", "Marc Duval", "EMPLOYER"),
            member("m2", "Sonia Haddad", "EMPLOYEE"),
            member("m3", "Paul Numérique", "EMPLOYEE", { certificationCodes: ["CLEA_NUMERIQUE"] }),
            member("m4", "Ancien Membre", "EMPLOYER", { active: false }),
          ],
        },
      },
      ConveneJurySession: { data: { conveneJurySession: { session: sessionFixture(), errors: [] } } },
      JurySession: { data: { jurySession: sessionFixture() } },
      JuryAgenda: { data: { juryAgenda: [] } },
      ReadyForJury: { data: { readyForJury: [] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/sessions/nouvelle" });
    const form = await screen.findByRole("form", { name: "Convocation d’une session de jury" }, PAGE);
    await paste(user, within(form).getByRole("textbox", { name: "Intitulé" }), "Jury CléA Île-de-France");
    await user.click(within(form).getByRole("checkbox", { name: "CléA" }));
    await choose(user, form, "Région", "Île-de-France");
    await user.type(within(form).getByLabelText(/Date de la session/), "12/06/2030");
    await paste(user, within(form).getByRole("textbox", { name: "Lieu" }), "Paris");
    const members = within(form).getByRole("group", { name: "Membres convoqués" });
    await waitFor(() => expect(within(members).getAllByRole("checkbox")).toHaveLength(2));
    await user.click(within(members).getByRole("checkbox", { name: "Marc Duval" }));
    await user.click(within(members).getByRole("checkbox", { name: "Sonia Haddad" }));
    await user.click(within(form).getByRole("button", { name: "Convoquer la session" }));

    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/plateforme/jury/sessions/s1"),
    );
    expect(callsOf(executeMutation, "ConveneJurySession")).toEqual([
      {
        title: "Jury CléA Île-de-France",
        certificationCodes: ["CLEA"],
        region: "Île-de-France",
        heldOn: "2030-06-12",
        place: "Paris",
        remote: false,
        memberIds: ["m1", "m2"],
        startsAt: "09:00:00",
        endsAt: "12:30:00",
        interviews: false,
      },
    ]);
    expect(await screen.findByTestId("session-notice")).toHaveTextContent("2 membres ont reçu sa convocation");
  });

  it("shows every recusal by member name on the agenda", async () => {
    const { client } = mockOperations({
      Viewer: ADMIN,
      JuryCertifications: certificationsData,
      JurySession: { data: { jurySession: sessionFixture({ status: "OPEN", parityProblem: null }) } },
      JuryAgenda: {
        data: {
          juryAgenda: [
            agendaEntry({
              recusals: [{ memberId: "m1", reason: "Travaille pour ou avec l'organisme évaluateur (Greta Lyon)." }],
              decision: decisionFixture("CERTIFIED"),
            }),
          ],
        },
      },
      ReadyForJury: { data: { readyForJury: [] } },
      JuryMembers: { data: { juryMembers: [] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/sessions/s1" });
    const table = await screen.findByTestId("agenda-table", undefined, PAGE);
    const row = within(table).getAllByRole("row")[1]!;
    expect(within(row).getByTestId("recusals")).toHaveTextContent(
      "Hélène Garnier : Travaille pour ou avec l'organisme évaluateur (Greta Lyon).",
    );
    expect(within(row).getByTestId("decision")).toHaveTextContent("Certifié");
    expect(within(row).getByRole("link", { name: "Léa DUPONT" })).toHaveAttribute(
      "href",
      "/plateforme/jury/sessions/s1/dossiers/d1",
    );
    expect(within(row).getByRole("button", { name: "Retirer Léa DUPONT de l’ordre du jour" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Clore la session" })).toBeVisible();
    expect(screen.getByTestId("ready-pool-empty")).toBeVisible();
  });

  it("closes the session, then follows the issuance and retries what failed", async () => {
    const user = userEvent.setup();
    let session = sessionFixture({ status: "OPEN", parityProblem: null });
    const { client, executeMutation } = mockOperations({
      Viewer: ADMIN,
      JuryCertifications: certificationsData,
      JurySession: () => ({ data: { jurySession: session } }),
      JuryAgenda: { data: { juryAgenda: [agendaEntry({ decision: decisionFixture("CERTIFIED") })] } },
      ReadyForJury: { data: { readyForJury: [] } },
      JuryMembers: { data: { juryMembers: [] } },
      CloseJurySession: () => {
        session = sessionFixture({
          status: "CLOSED",
          parityProblem: null,
          certificatesTotal: 2,
          certificatesIssued: 1,
          issuanceStatus: "FAILED",
          issuanceError: "d1 : signature impossible",
          issuanceFailures: [{ dossierId: "d1", message: "signature impossible" }],
        });
        return { data: { closeJurySession: { session, errors: [] } } };
      },
      RetryCertificateIssuance: () => {
        session = { ...session, certificatesIssued: 2, issuanceStatus: "DONE", issuanceError: "", issuanceFailures: [] };
        return { data: { retryCertificateIssuance: { session, errors: [] } } };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/sessions/s1" });
    await user.click(await screen.findByRole("button", { name: "Clore la session" }, PAGE));
    const dialog = await screen.findByRole("dialog", { name: "Clore la session" });
    await user.click(within(dialog).getByRole("button", { name: "Clore définitivement" }));

    const progress = await screen.findByTestId("issuance-progress");
    expect(progress).toHaveTextContent("1 certificat émis sur 2.");
    // The failure is named by the candidate of the dossier, from the agenda.
    expect(screen.getByRole("alert")).toHaveTextContent("Léa DUPONT : signature impossible");
    expect(screen.getByTestId("minutes-link")).toHaveAttribute("href", "/jury-sessions/s1/minutes.pdf");
    expect(screen.getByTestId("session-status")).toHaveTextContent("Close");

    await user.click(screen.getByRole("button", { name: "Relancer l’émission des certificats" }));
    await waitFor(() => expect(screen.getByTestId("issuance-progress")).toHaveTextContent("2 certificats émis sur 2."));
    expect(screen.getByTestId("issuance-progress")).toHaveAttribute("data-done", "true");
    expect(screen.getByRole("link", { name: "Voir les certificats" })).toHaveAttribute("href", "/plateforme/certificats");
    expect(callsOf(executeMutation, "RetryCertificateIssuance")).toEqual([{ id: "s1" }]);
  });
  it("follows a queued issuance until every certificate is issued, without a retry button meanwhile", async () => {
    const user = userEvent.setup();
    let session = sessionFixture({ status: "OPEN", parityProblem: null });
    // Each look at the session after closing: queued, running, then done.
    const stages = [
      { issuanceStatus: "RUNNING" as const, certificatesIssued: 0 },
      { issuanceStatus: "DONE" as const, certificatesIssued: 1 },
    ];
    const { client } = mockOperations({
      Viewer: ADMIN,
      JuryCertifications: certificationsData,
      JurySession: () => {
        if (session.status === "CLOSED" && stages.length > 0) session = { ...session, ...stages.shift() };
        return { data: { jurySession: session } };
      },
      JuryAgenda: { data: { juryAgenda: [agendaEntry({ decision: decisionFixture("CERTIFIED") })] } },
      ReadyForJury: { data: { readyForJury: [] } },
      JuryMembers: { data: { juryMembers: [] } },
      CloseJurySession: () => {
        session = sessionFixture({
          status: "CLOSED",
          parityProblem: null,
          certificatesTotal: 1,
          certificatesIssued: 0,
          issuanceStatus: "PENDING",
        });
        return { data: { closeJurySession: { session, errors: [] } } };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/plateforme/jury/sessions/s1" });
    await user.click(await screen.findByRole("button", { name: "Clore la session" }, PAGE));
    const dialog = await screen.findByRole("dialog", { name: "Clore la session" });
    await user.click(within(dialog).getByRole("button", { name: "Clore définitivement" }));

    const progress = await screen.findByTestId("issuance-progress");
    expect(progress).toHaveTextContent("0 certificat émis sur 1. Émission en attente…");
    expect(progress).toHaveAttribute("data-done", "false");
    expect(screen.queryByRole("button", { name: "Relancer l’émission des certificats" })).toBeNull();

    await waitFor(() => expect(screen.getByTestId("issuance-progress")).toHaveTextContent("Émission en cours…"), {
      timeout: 5000,
    });
    await waitFor(() => expect(screen.getByTestId("issuance-progress")).toHaveAttribute("data-done", "true"), {
      timeout: 5000,
    });
    expect(screen.getByTestId("issuance-progress")).toHaveTextContent(/^1 certificat émis sur 1\.$/);
    expect(screen.queryByTestId("issuance-failures")).toBeNull();
    expect(screen.getByRole("link", { name: "Voir les certificats" })).toBeVisible();
  });
});
