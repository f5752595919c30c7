import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations } from "../test/mockClient";
import {
  agendaEntry,
  certificationsData,
  decisionFixture,
  juryDossierFixture,
  juryReferentielData,
  sessionFixture,
} from "../test/juryFixtures";
import { renderWithProviders } from "../test/render";

/** The routes load their page lazily: the first look waits longer. */
const PAGE = { timeout: 5000 };

const JUROR = viewerData({ active: null, memberships: [], juryMember: true });
const RECUSAL = "Vous travaillez pour ou avec l'organisme évaluateur (Greta Lyon).";

function memberScreens(extra: Parameters<typeof mockOperations>[0] = {}) {
  return mockOperations({
    Viewer: JUROR,
    JuryCertifications: certificationsData,
    MyJurySessions: { data: { myJurySessions: [sessionFixture({ status: "OPEN", parityProblem: null })] } },
    JurySession: { data: { jurySession: sessionFixture({ status: "OPEN", parityProblem: null }) } },
    JuryAgenda: { data: { juryAgenda: [agendaEntry()] } },
    JuryDossier: { data: { juryDossier: juryDossierFixture() } },
    JuryReferentiel: juryReferentielData,
    ...extra,
  });
}

describe("jury member screens", () => {
  it("a jury member without organisation lands on « Mes sessions de jury », linked from the header", async () => {
    const { client } = memberScreens();
    renderWithProviders(<AppRoutes />, { client, route: "/" });
    expect(await screen.findByRole("heading", { level: 1, name: "Mes sessions de jury" }, PAGE)).toBeVisible();
    expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/jury");
    const header = screen.getByRole("banner");
    expect(within(header).getByRole("link", { name: "Jury" })).toHaveAttribute("aria-current", "page");
    // (the public verification page is in the header for visitors; members reach it from their certificates)
    expect(within(header).queryByRole("link", { name: "Vérifier un certificat" })).toBeNull();
    expect(within(header).queryByRole("link", { name: "Dossiers" })).toBeNull();
    const card = screen.getByRole("article", { name: "Jury CléA Île-de-France" });
    expect(card).toHaveTextContent("12/06/2030 — Paris (Île-de-France)");
    expect(within(card).getByRole("link", { name: "Jury CléA Île-de-France" })).toHaveAttribute("href", "/jury/sessions/s1");
  });

  it("others land on their home page", async () => {
    const { client } = mockOperations({ Viewer: viewerData() });
    renderWithProviders(<AppRoutes />, { client, route: "/" });
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-pathname", "/accueil"));
  });

  it("the session's agenda shows the member's own recusal", async () => {
    const { client } = memberScreens({
      JuryAgenda: { data: { juryAgenda: [agendaEntry({ myRecusal: RECUSAL })] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1" });
    const table = await screen.findByRole("table", { name: "Ordre du jour" }, PAGE);
    const row = within(table).getAllByRole("row")[1]!;
    expect(within(row).getByRole("link", { name: "Léa DUPONT" })).toHaveAttribute("href", "/jury/sessions/s1/dossiers/d1");
    expect(within(row).getByTestId("recusals")).toHaveTextContent(`Récusé(e)${RECUSAL}`);
    expect(within(row).getByTestId("decision")).toHaveTextContent("En attente");
  });

  it("a session that is not the member's answers NotFound: « Session introuvable »", async () => {
    const { client } = memberScreens({
      JurySession: { data: { jurySession: { __typename: "NotFound", message: "Session de jury introuvable." } } },
      JuryAgenda: { data: { juryAgenda: [] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s9" });
    expect(await screen.findByRole("heading", { level: 1, name: "Session introuvable" }, PAGE)).toBeVisible();
  });

  it("a dossier that is not on the member's agenda answers NotFound: « Dossier introuvable »", async () => {
    const { client } = memberScreens({
      JuryDossier: {
        data: { juryDossier: { __typename: "NotFound", message: "Dossier introuvable à l'ordre du jour de cette session." } },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d9" });
    expect(await screen.findByRole("heading", { level: 1, name: "Dossier introuvable" }, PAGE)).toBeVisible();
  });

  it("a recused member sees the name and the reason only, and no decision form", async () => {
    const { client } = memberScreens({
      JuryAgenda: { data: { juryAgenda: [agendaEntry({ myRecusal: RECUSAL })] } },
      JuryDossier: { data: { juryDossier: juryDossierFixture({ recusal: RECUSAL }) } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d1" });
    expect(await screen.findByRole("heading", { level: 1, name: "Léa DUPONT" }, PAGE)).toBeVisible();
    const recusal = screen.getByTestId("recusal");
    expect(recusal).toHaveTextContent("Vous êtes récusé(e) pour ce dossier");
    expect(recusal).toHaveTextContent(RECUSAL);
    expect(screen.queryByRole("form", { name: "Décision du jury" })).toBeNull();
    expect(screen.queryByTestId("jury-evaluation")).toBeNull();
    expect(screen.queryByRole("button", { name: "Déclarer un conflit d’intérêts" })).toBeNull();
  });

  it("the review shows results per domain and item, the training, and the decision form", async () => {
    const user = userEvent.setup();
    const { client } = memberScreens();
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d1" });
    const evaluations = await screen.findAllByTestId("jury-evaluation", undefined, PAGE);
    expect(evaluations).toHaveLength(2);
    const initial = evaluations[0]!;
    expect(within(initial).getByRole("heading", { name: "Évaluation préalable" })).toBeVisible();
    expect(initial).toHaveTextContent("Close le 10/03/2030 — 4 items évalués.");
    const domain1 = initial.querySelector('details[data-domain="1"]') as HTMLElement;
    expect(domain1).toHaveTextContent("1 La communication en français — 3/3 items acquis");
    expect(domain1).toHaveTextContent("Domaine acquis");
    const domain2 = initial.querySelector('details[data-domain="2"]') as HTMLElement;
    expect(domain2).toHaveTextContent("0/1 items acquis");
    expect(domain2).toHaveTextContent("Domaine non acquis");
    await user.click(within(domain2).getByText(/^2 L'utilisation/));
    expect(within(domain2).getByRole("row", { name: "2.1.1 Effectuer des calculs simples Non acquis" })).toBeVisible();
    const final = evaluations[1]!;
    expect(within(final).getByRole("heading", { name: "Évaluation finale" })).toBeVisible();
    expect(final.querySelectorAll("details")).toHaveLength(1);
    expect(screen.getByTestId("training-summary")).toHaveTextContent("Greta Lyon : 10,5 h réalisées sur 12 h prévues.");
    expect(screen.getByRole("form", { name: "Décision du jury" })).toBeVisible();
  });

  it("a member goes to the previous and next dossiers of the agenda, and declares a conflict before deciding", async () => {
    const { client } = memberScreens({
      JuryAgenda: {
        data: {
          juryAgenda: [
            { ...agendaEntry(), dossierId: "d0", holderName: "Ali BEN" },
            agendaEntry(),
            { ...agendaEntry(), dossierId: "d2", holderName: "Zoé MARTIN" },
          ],
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d1" });
    const neighbours = await screen.findByRole("navigation", { name: "Ordre du jour" }, PAGE);
    expect(within(neighbours).getByRole("link", { name: "← Dossier précédent : Ali BEN" })).toHaveAttribute(
      "href",
      "/jury/sessions/s1/dossiers/d0",
    );
    expect(within(neighbours).getByRole("link", { name: "Dossier suivant : Zoé MARTIN →" })).toHaveAttribute(
      "href",
      "/jury/sessions/s1/dossiers/d2",
    );
    const conflict = screen.getByRole("heading", { name: "Conflit d’intérêts" });
    const decision = await screen.findByRole("form", { name: "Décision du jury" });
    expect(conflict.compareDocumentPosition(decision) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("once decided and frozen, the decision is shown instead of the form", async () => {
    const { client } = memberScreens({
      JurySession: { data: { jurySession: sessionFixture({ status: "CLOSED", parityProblem: null }) } },
      JuryAgenda: { data: { juryAgenda: [agendaEntry({ decision: decisionFixture("NOT_CERTIFIED", true) })] } },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d1" });
    const recorded = await screen.findByTestId("recorded-decision", undefined, PAGE);
    expect(recorded).toHaveTextContent("Non certifié");
    expect(recorded).toHaveTextContent("Décision définitive");
    expect(recorded).toHaveTextContent("Preuves insuffisantes sur le domaine 3.");
    expect(screen.queryByRole("form", { name: "Décision du jury" })).toBeNull();
  });

  it("a member declares a conflict and is recused", async () => {
    const user = userEvent.setup();
    let recused = false;
    const { client, executeMutation } = memberScreens({
      JuryDossier: () => ({ data: { juryDossier: juryDossierFixture({ recusal: recused ? "Conflit déclaré : je connais la candidate." : null }) } }),
      DeclareJuryConflict: () => {
        recused = true;
        return { data: { declareJuryConflict: { session: { __typename: "JurySession", id: "s1" }, errors: [] } } };
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Déclarer un conflit d’intérêts" }, PAGE));
    const dialog = await screen.findByRole("dialog", { name: "Déclarer un conflit d’intérêts" });
    await user.click(within(dialog).getByRole("button", { name: "Déclarer le conflit" }));
    expect(within(dialog).getByRole("textbox", { name: "Nature du conflit" })).toHaveAccessibleDescription(
      /Indiquez la nature du conflit\./,
    );
    await user.click(within(dialog).getByRole("textbox", { name: "Nature du conflit" }));
    await user.paste("Je connais la candidate.");
    await user.click(within(dialog).getByRole("button", { name: "Déclarer le conflit" }));
    expect(await screen.findByTestId("recusal")).toHaveTextContent("Conflit déclaré : je connais la candidate.");
    expect(callsOf(executeMutation, "DeclareJuryConflict")).toEqual([
      { sessionId: "s1", dossierId: "d1", reason: "Je connais la candidate." },
    ]);
    expect(screen.queryByRole("form", { name: "Décision du jury" })).toBeNull();
  });

  it("a member who is not on the session is told so, under the problem's title", async () => {
    const user = userEvent.setup();
    const { client } = memberScreens({
      DeclareJuryConflict: {
        data: {
          declareJuryConflict: {
            session: null,
            errors: [payloadError("NOT_A_MEMBER", "Vous n'êtes pas membre de cette session de jury.")],
          },
        },
      },
    });
    renderWithProviders(<AppRoutes />, { client, route: "/jury/sessions/s1/dossiers/d1" });
    await user.click(await screen.findByRole("button", { name: "Déclarer un conflit d’intérêts" }, PAGE));
    const dialog = await screen.findByRole("dialog", { name: "Déclarer un conflit d’intérêts" });
    await user.click(within(dialog).getByRole("textbox", { name: "Nature du conflit" }));
    await user.paste("Je connais la candidate.");
    await user.click(within(dialog).getByRole("button", { name: "Déclarer le conflit" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Vous n’êtes pas membre de cette session");
    expect(alert).toHaveTextContent("Vous n'êtes pas membre de cette session de jury.");
    expect(screen.queryByTestId("recusal")).toBeNull();
  });
});
