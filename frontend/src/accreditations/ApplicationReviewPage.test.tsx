import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AppRoutes } from "../routes";
import { applicationFixture, certificationTitlesData, LAZY_PAGE_TIMEOUT, OTHER_SITE, SCREEN_TEST_TIMEOUT, SITE } from "../test/accreditationFixtures";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations, type Handlers } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { AcceptDecisionForm, acceptanceInput, allKept } from "./AcceptDecisionForm";

const SITES = [SITE, OTHER_SITE];

describe("acceptanceInput", () => {
  it("keeps everything by default: both lists omitted", () => {
    expect(acceptanceInput(SITES, allKept(SITES), "  Bienvenue  ")).toEqual({
      input: { sites: null, evaluators: null, message: "Bienvenue" },
      problems: [],
    });
  });

  it("names the sites and evaluators kept when some are left out", () => {
    const kept = { [SITE.siret]: ["lina@of.fr"] };
    expect(acceptanceInput(SITES, kept, "")).toEqual({
      input: { sites: [SITE.siret], evaluators: [{ siret: SITE.siret, emails: ["lina@of.fr"] }], message: "" },
      problems: [],
    });
  });

  it("needs a site, and an evaluator for each site kept", () => {
    expect(acceptanceInput(SITES, {}, "").problems).toEqual([
      "Retenez au moins un établissement, ou refusez la candidature.",
    ]);
    expect(acceptanceInput(SITES, { [SITE.siret]: [] }, "").problems).toEqual([
      "Retenez au moins un évaluateur pour l’établissement Site de Lyon.",
    ]);
  });
});

describe("AcceptDecisionForm", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  it("starts with every site and evaluator checked and sends the choice", async () => {
    const user = userEvent.setup();
    const onAccept = vi.fn();
    renderWithProviders(<AcceptDecisionForm sites={SITES} onAccept={onAccept} onCancel={vi.fn()} />);
    const lyon = screen.getByRole("checkbox", { name: `Retenir l’établissement Site de Lyon (${SITE.siret})` });
    const paul = screen.getByRole("checkbox", { name: "Paul Girard (paul@of.fr)" });
    expect(lyon).toBeChecked();
    expect(paul).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Marc Petit (marc@of.fr)" })).toBeChecked();

    await user.click(paul);
    await user.click(screen.getByRole("checkbox", { name: `Retenir l’établissement Site de Villeurbanne (${OTHER_SITE.siret})` }));
    expect(screen.getByRole("checkbox", { name: "Marc Petit (marc@of.fr)" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Accepter la candidature" }));
    expect(onAccept).toHaveBeenCalledWith({
      sites: [SITE.siret],
      evaluators: [{ siret: SITE.siret, emails: ["lina@of.fr"] }],
      message: "",
    });
  });

  it("refuses a site kept without evaluator", async () => {
    const user = userEvent.setup();
    const onAccept = vi.fn();
    renderWithProviders(<AcceptDecisionForm sites={[OTHER_SITE]} onAccept={onAccept} onCancel={vi.fn()} />);
    await user.click(screen.getByRole("checkbox", { name: "Marc Petit (marc@of.fr)" }));
    await user.click(screen.getByRole("button", { name: "Accepter la candidature" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Retenez au moins un évaluateur pour l’établissement Site de Villeurbanne.",
    );
    expect(onAccept).not.toHaveBeenCalled();
  });
});

describe("ApplicationReviewPage", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  const route = "/plateforme/candidatures/application-1";

  function render(application = applicationFixture({ status: "UNDER_REVIEW", sites: SITES as never }), handlers: Handlers = {}) {
    const mocks = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      CertificationTitles: { data: certificationTitlesData },
      Application: { data: { application } },
      ...handlers,
    });
    renderWithProviders(<AppRoutes />, { client: mocks.client, route });
    return mocks;
  }

  /** A mutation payload carrying the application in its new status. */
  function decided(status: string) {
    return { application: applicationFixture({ status: status as never }), errors: [] };
  }

  it("shows the applicant, documents, checklist and timeline", async () => {
    render();
    expect(await screen.findByRole("heading", { level: 1 }, { timeout: LAZY_PAGE_TIMEOUT })).toHaveTextContent(
      "Candidature de Formation Rhône",
    );
    expect(screen.getByTestId("applicant")).toHaveTextContent("130025265");
    expect(screen.getByRole("link", { name: /^sirene\.pdf/ })).toHaveAttribute("target", "_blank");
    expect(within(screen.getByTestId("application-documents")).getByText(/non fournie/)).toBeVisible();
    expect(screen.getByTestId("missing-checklist")).toHaveTextContent("Déclaration sur l'honneur à cocher");
    expect(screen.getByRole("table", { name: "Évaluateurs de Site de Lyon" })).toHaveTextContent("Lina Roux");
    expect(screen.getByTestId("application-timeline")).toHaveTextContent("Candidature commencée");
  });

  it("takes a submitted application under review", async () => {
    const user = userEvent.setup();
    const { executeMutation } = render(applicationFixture({ status: "SUBMITTED" }), {
      StartApplicationReview: { data: { startApplicationReview: decided("UNDER_REVIEW") } },
    });
    await user.click(await screen.findByRole("button", { name: "Prendre en charge" }, { timeout: LAZY_PAGE_TIMEOUT }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "StartApplicationReview")).toEqual([{ applicationId: "application-1" }]),
    );
    expect(await screen.findByText("Vous instruisez cette candidature.")).toBeVisible();
  });

  it("requires the reasons of a refusal and sends them", async () => {
    const user = userEvent.setup();
    const { executeMutation } = render(undefined, {
      RejectApplication: { data: { rejectApplication: decided("REJECTED") } },
    });
    await user.click(await screen.findByRole("button", { name: "Refuser" }, { timeout: LAZY_PAGE_TIMEOUT }));
    const dialog = await screen.findByRole("dialog", { name: "Refuser la candidature" });
    await user.click(within(dialog).getByRole("button", { name: "Refuser la candidature" }));
    expect(within(dialog).getByRole("textbox", { name: "Motifs du refus" })).toHaveAccessibleDescription(
      /Indiquez les motifs du refus./,
    );
    expect(callsOf(executeMutation, "RejectApplication")).toEqual([]);
    await user.click(within(dialog).getByRole("textbox", { name: "Motifs du refus" }));
    await user.paste("Évaluateurs sans expérience.");
    await user.click(within(dialog).getByRole("button", { name: "Refuser la candidature" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "RejectApplication")).toEqual([
        { applicationId: "application-1", message: "Évaluateurs sans expérience." },
      ]),
    );
  });

  it("asks for a complement, showing the API's refusal in the dialog", async () => {
    const user = userEvent.setup();
    render(undefined, {
      RequestApplicationComplement: {
        data: {
          requestApplicationComplement: {
            application: null,
            errors: [payloadError("FORBIDDEN_TRANSITION", "Une candidature acceptée ne peut passer à « complément demandé ».")],
          },
        },
      },
    });
    await user.click(await screen.findByRole("button", { name: "Demander un complément" }, { timeout: LAZY_PAGE_TIMEOUT }));
    const dialog = await screen.findByRole("dialog", { name: "Demander un complément" });
    await user.click(within(dialog).getByRole("textbox", { name: "Compléments attendus" }));
    await user.paste("Le certificat Qualiopi est expiré.");
    await user.click(within(dialog).getByRole("button", { name: "Envoyer la demande" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("ne peut passer à « complément demandé »");
  });

  it("accepts with the sites and evaluators chosen", async () => {
    const user = userEvent.setup();
    const { executeMutation } = render(undefined, {
      AcceptApplication: { data: { acceptApplication: decided("ACCEPTED") } },
    });
    await user.click(await screen.findByRole("button", { name: "Accepter" }, { timeout: LAZY_PAGE_TIMEOUT }));
    const dialog = await screen.findByRole("dialog", { name: "Accepter la candidature" });
    await user.click(within(dialog).getByRole("button", { name: "Accepter la candidature" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "AcceptApplication")).toEqual([
        { applicationId: "application-1", sites: null, evaluators: null, message: "" },
      ]),
    );
    expect(await screen.findByText("La candidature est acceptée : les habilitations sont accordées.")).toBeVisible();
  });
});
