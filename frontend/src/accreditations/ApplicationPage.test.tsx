import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AppRoutes } from "../routes";
import { applicationFixture, certificationTitlesData, LAZY_PAGE_TIMEOUT, SCREEN_TEST_TIMEOUT } from "../test/accreditationFixtures";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations, type Handlers } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { ApplicationForm } from "./ApplicationForm";

function savedPayload(revision: number) {
  return {
    data: { saveApplication: { application: { id: "application-1", revision, status: "DRAFT", missing: [] }, errors: [] } },
  };
}

/** The form alone, with a short autosave delay. */
function renderForm(handlers: Handlers, application = applicationFixture()) {
  const mocks = mockOperations({ Viewer: viewerData(), ...handlers });
  const onChanged = vi.fn();
  const onSubmitted = vi.fn();
  renderWithProviders(
    <ApplicationForm application={application} onChanged={onChanged} onSubmitted={onSubmitted} autosaveDelay={50} />,
    { client: mocks.client },
  );
  return { ...mocks, onChanged, onSubmitted };
}

function site(index = 1) {
  return screen.getByRole("group", { name: `Établissement n° ${index}` });
}

describe("ApplicationForm", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  it("saves the whole form as the user types, with the revision read, and shows it", async () => {
    const user = userEvent.setup();
    let revision = 3;
    const { executeMutation, onChanged } = renderForm({ SaveApplication: () => savedPayload(++revision) });
    const name = within(site()).getByRole("textbox", { name: "Nom de l’établissement" });
    await user.clear(name);
    await user.paste("Site Part-Dieu");
    const status = screen.getByTestId("application-save-status");
    await waitFor(() => expect(status).toHaveAttribute("data-status", "saved"), { timeout: 5000 });
    expect(status).toHaveTextContent(/^Enregistré à/);
    const calls = callsOf(executeMutation, "SaveApplication");
    expect(calls[0]).toMatchObject({ applicationId: "application-1", revision: 3, network: null, declarations: ["quality"] });
    expect(calls.at(-1)).toMatchObject({
      sites: [
        expect.objectContaining({
          siret: "13002526500013",
          name: "Site Part-Dieu",
          postalCode: "69003",
          evaluators: [
            { fullName: "Paul Girard", email: "paul@of.fr", qualifications: "10 ans" },
            { fullName: "Lina Roux", email: "lina@of.fr", qualifications: "5 ans" },
          ],
        }),
      ],
    });
    // Each save starts from the revision the previous one returned.
    calls.forEach((call, index) => expect(call.revision).toBe(3 + index));
    // Each save has its own idempotency key.
    const keys = calls.map((call) => call.idempotencyKey);
    keys.forEach((key) => expect(typeof key).toBe("string"));
    expect(new Set(keys).size).toBe(keys.length);
    expect(onChanged).toHaveBeenCalled();
  });

  it("saves declarations and evaluators with the rest of the form", async () => {
    const user = userEvent.setup();
    let revision = 3;
    const { executeMutation } = renderForm({ SaveApplication: () => savedPayload(++revision) });
    await user.click(screen.getByRole("checkbox", { name: "J'atteste sur l'honneur l'exactitude des informations." }));
    await user.click(within(site()).getByRole("button", { name: "Retirer l’évaluateur n° 2 de l’établissement n° 1" }));
    await waitFor(
      () =>
        expect(callsOf(executeMutation, "SaveApplication").at(-1)).toMatchObject({
          declarations: ["quality", "accuracy"],
          sites: [expect.objectContaining({ evaluators: [expect.objectContaining({ email: "paul@of.fr" })] })],
        }),
      { timeout: 5000 },
    );
  });

  it("puts refused values on their field and keeps them", async () => {
    const user = userEvent.setup();
    renderForm({
      SaveApplication: {
        data: {
          saveApplication: {
            application: null,
            errors: [payloadError("SIRET_NOT_IN_SIREN", "Ce SIRET n'appartient pas à l'organisme.", "sites[0].siret")],
          },
        },
      },
    });
    const siret = within(site()).getByRole("textbox", { name: "SIRET" });
    await user.clear(siret);
    await user.paste("55210055400013");
    await waitFor(() => expect(siret).toHaveAccessibleDescription(/Ce SIRET n'appartient pas à l'organisme./), {
      timeout: 5000,
    });
    expect(siret).toHaveValue("55210055400013");
    // The clear and the paste may each be saved: the status settles once the last answer is in.
    await waitFor(() => expect(screen.getByTestId("application-save-status")).toHaveAttribute("data-status", "invalid"), {
      timeout: 5000,
    });
    expect(siret).toHaveValue("55210055400013");
  });

  it("on STALE_REVISION keeps the user's input and offers to reload", async () => {
    const user = userEvent.setup();
    const server = applicationFixture({
      revision: 7,
      sites: [{ ...applicationFixture().sites[0]!, name: "Nom saisi par un collègue" }],
    });
    const { executeMutation } = renderForm({
      SaveApplication: {
        data: {
          saveApplication: {
            application: null,
            errors: [payloadError("STALE_REVISION", "La candidature a été modifiée entre-temps.")],
          },
        },
      },
      Application: { data: { application: server } },
    });
    const name = within(site()).getByRole("textbox", { name: "Nom de l’établissement" });
    await user.clear(name);
    await user.paste("Mon nom");
    const conflict = await screen.findByTestId("application-conflict", {}, { timeout: 5000 });
    expect(conflict).toHaveTextContent("La candidature a été modifiée entre-temps.");
    await waitFor(() => expect(name).toHaveValue("Mon nom"));
    // Typing goes on, nothing is sent.
    const sent = callsOf(executeMutation, "SaveApplication").length;
    await user.paste(" !");
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(callsOf(executeMutation, "SaveApplication")).toHaveLength(sent);
    expect(screen.getByRole("button", { name: "Déposer la candidature" })).toBeDisabled();

    await user.click(within(conflict).getByRole("button", { name: "Recharger la candidature" }));
    await waitFor(() => expect(name).toHaveValue("Nom saisi par un collègue"));
    expect(screen.queryByTestId("application-conflict")).toBeNull();
    expect(screen.getByTestId("application-save-status")).toHaveAttribute("data-status", "idle");
  });

  it("submits after saving, and lists what is missing when refused", async () => {
    const user = userEvent.setup();
    const { executeMutation, onSubmitted } = renderForm({
      SubmitApplication: {
        data: {
          submitApplication: {
            application: null,
            errors: [
              payloadError("INCOMPLETE", "Pièce manquante : Avis de situation SIRENE.", "documents.extrait-sirene"),
              payloadError("INCOMPLETE", "Déclaration sur l'honneur à cocher.", "declarations.accuracy"),
            ],
          },
        },
      },
    });
    const checklist = screen.getByTestId("missing-checklist");
    expect(within(checklist).getByRole("link", { name: /Déclaration sur l'honneur à cocher/ })).toHaveAttribute(
      "href",
      "#champ-declarations-accuracy",
    );
    await user.click(screen.getByRole("button", { name: "Déposer la candidature" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Candidature non déposée");
    expect(alert).toHaveTextContent("Pièce manquante : Avis de situation SIRENE.");
    expect(callsOf(executeMutation, "SubmitApplication")).toEqual([{ applicationId: "application-1", revision: 3 }]);
    expect(onSubmitted).not.toHaveBeenCalled();
  });

  it("refuses a file that is not a PDF before sending it", async () => {
    const user = userEvent.setup({ applyAccept: false });
    const fetcher = vi.spyOn(globalThis, "fetch");
    renderForm({});
    const input = screen.getByLabelText(/Organigramme/);
    await user.upload(input, new File(["bonjour"], "note.txt", { type: "text/plain" }));
    expect(await screen.findByText("Seuls les fichiers PDF sont acceptés.")).toBeVisible();
    expect(fetcher).not.toHaveBeenCalled();
    // The file already sent is shown with its size and link.
    const current = screen.getAllByTestId("document-current")[0]!;
    expect(current).toHaveTextContent("sirene.pdf");
    expect(current).toHaveTextContent("2 Ko");
  });
});

describe("ApplicationPage", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  const route = "/organisation/habilitations/candidatures/application-1";

  it("shows the reviewer's message when a complement is requested, and the timeline", async () => {
    const application = applicationFixture({
      status: "COMPLEMENT_REQUESTED",
      message: "Précisez l'expérience des évaluateurs.",
      timeline: [
        ...applicationFixture().timeline,
        {
          __typename: "ApplicationEventType",
          occurredAt: "2026-01-12T09:00:00Z",
          actorLabel: "Camille Certif <admin@certifpro.demo>",
          fromStatus: "UNDER_REVIEW",
          toStatus: "COMPLEMENT_REQUESTED",
          message: "Précisez l'expérience des évaluateurs.",
        },
      ] as never,
    });
    const { client } = mockOperations({
      Viewer: viewerData(),
      Application: { data: { application } },
      CertificationTitles: { data: certificationTitlesData },
    });
    renderWithProviders(<AppRoutes />, { client, route });
    expect(await screen.findByTestId("reviewer-message", {}, { timeout: LAZY_PAGE_TIMEOUT })).toHaveTextContent("Précisez l'expérience des évaluateurs.");
    expect(screen.getByTestId("application-status")).toHaveTextContent("Complément demandé");
    expect(screen.getByRole("form", { name: "Formulaire de candidature" })).toBeVisible();
    const timeline = screen.getByTestId("application-timeline");
    expect(timeline).toHaveTextContent("Candidature commencée");
    expect(timeline).toHaveTextContent("Complément demandé");
  });

  it("is read-only once submitted", async () => {
    const { client } = mockOperations({
      Viewer: viewerData(),
      Application: { data: { application: applicationFixture({ status: "SUBMITTED", missing: [] }) } },
    });
    renderWithProviders(<AppRoutes />, { client, route });
    expect(await screen.findByTestId("application-status", {}, { timeout: LAZY_PAGE_TIMEOUT })).toHaveTextContent("Déposée");
    expect(screen.queryByRole("form", { name: "Formulaire de candidature" })).toBeNull();
    expect(screen.getByRole("link", { name: /^sirene\.pdf/ })).toHaveAttribute(
      "href",
      "/accreditation-applications/application-1/documents/extrait-sirene",
    );
  });

  it("says « Candidature introuvable » when the API answers NotFound (another organisation's)", async () => {
    const { client } = mockOperations({
      Viewer: viewerData(),
      Application: { data: { application: { __typename: "NotFound", message: "Candidature introuvable." } } },
    });
    renderWithProviders(<AppRoutes />, { client, route });
    const alert = await screen.findByRole("alert", {}, { timeout: LAZY_PAGE_TIMEOUT });
    expect(alert).toHaveTextContent("Candidature introuvable");
    expect(screen.queryByRole("form", { name: "Formulaire de candidature" })).toBeNull();
  });
});
