import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { campaignFixture, certificationTitlesData, LAZY_PAGE_TIMEOUT, SCREEN_TEST_TIMEOUT } from "../test/accreditationFixtures";
import { payloadError, viewerData } from "../test/identityFixtures";
import { callsOf, mockOperations, type Handlers } from "../test/mockClient";
import { renderWithProviders } from "../test/render";
import { reviewerOptions } from "./campaignForm";

const CAMILLE = { __typename: "User", id: "user-1", fullName: "Camille Martin", email: "camille.martin@example.fr" } as const;
const ZOE = { __typename: "User", id: "user-2", fullName: "Zoé Durand", email: "zoe.durand@certifpro.fr" } as const;
const PAUL = { __typename: "User", id: "user-3", fullName: "Paul Roux", email: "paul.roux@certifpro.fr" } as const;

describe("reviewerOptions", () => {
  it("names administrators, keeps former reviewers by name, and never loses an id", () => {
    const twin = { id: "user-9", fullName: "Zoé Durand", email: "zoe.d@certifpro.fr" };
    expect(reviewerOptions([CAMILLE, ZOE, twin], [PAUL], ["user-3", "ghost"])).toEqual([
      { value: "user-1", label: "Camille Martin" },
      { value: "user-2", label: "Zoé Durand (zoe.durand@certifpro.fr)" },
      { value: "user-9", label: "Zoé Durand (zoe.d@certifpro.fr)" },
      { value: "user-3", label: "Paul Roux" },
      { value: "ghost", label: "Compte introuvable (ghost)" },
    ]);
  });
});

describe("CampaignFormPage", { timeout: SCREEN_TEST_TIMEOUT }, () => {
  function render(route: string, handlers: Handlers = {}) {
    const mocks = mockOperations({
      Viewer: viewerData({ active: null, certifProAdmin: true }),
      CertificationTitles: { data: certificationTitlesData },
      PlatformAdministrators: { data: { platformAdministrators: [CAMILLE, PAUL, ZOE] } },
      ...handlers,
    });
    renderWithProviders(<AppRoutes />, { client: mocks.client, route });
    return mocks;
  }

  async function reviewersField() {
    return screen.findByRole("combobox", { name: "Instructeurs" }, { timeout: LAZY_PAGE_TIMEOUT });
  }

  it("preselects the viewer on a new campaign and sends the reviewers picked by name", async () => {
    const user = userEvent.setup();
    const { executeMutation } = render("/plateforme/campagnes/nouvelle", {
      CreateCampaign: {
        data: {
          createCampaign: {
            campaign: campaignFixture({ title: "Campagne 2027" }),
            errors: [payloadError("INVALID", "Les instructeurs doivent être des administrateurs Certif'Pro actifs.", "reviewerIds")],
          },
        },
      },
    });
    const form = await screen.findByRole("form", { name: "Nouvelle campagne" }, { timeout: LAZY_PAGE_TIMEOUT });
    const picker = await reviewersField();
    const field = picker.closest(".mantine-MultiSelect-root") as HTMLElement;
    // The viewer is already chosen, shown by name
    expect(within(field).getByText("Camille Martin")).toBeVisible();

    // Zoé is added from the list of Certif'Pro administrators
    await user.click(picker);
    await user.click(await screen.findByRole("option", { name: "Zoé Durand" }));
    expect(within(field).getByText("Zoé Durand")).toBeVisible();

    await user.type(within(form).getByRole("textbox", { name: "Titre de la campagne" }), "Campagne 2027");
    await user.click(within(form).getByRole("checkbox", { name: certificationTitlesData.certifications[0]!.title }));
    // A campaign for training organisations only
    await user.click(within(form).getByRole("checkbox", { name: "Évaluation" }));
    await user.click(within(form).getByRole("button", { name: "Créer la campagne" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "CreateCampaign")).toMatchObject([
        { reviewerIds: ["user-1", "user-2"], acceptedScopes: ["TRAINING"] },
      ]),
    );
    // The API's refusal shows next to the picker
    expect(await screen.findByText("Les instructeurs doivent être des administrateurs Certif'Pro actifs.")).toBeVisible();
  });

  it("shows an existing campaign's reviewers by name and lets one be removed", async () => {
    const user = userEvent.setup();
    const campaign = campaignFixture({
      reviewerIds: ["user-3", "user-1"],
      reviewers: [PAUL, CAMILLE] as never,
    });
    const { executeMutation } = render("/plateforme/campagnes/campaign-1", {
      Campaign: { data: { campaign } },
      UpdateCampaign: { data: { updateCampaign: { campaign, errors: [] } } },
    });
    const form = await screen.findByRole("form", { name: "Modifier la campagne" }, { timeout: LAZY_PAGE_TIMEOUT });
    const picker = await reviewersField();
    const field = picker.closest(".mantine-MultiSelect-root") as HTMLElement;
    expect(within(field).getByText("Paul Roux")).toBeVisible();
    expect(within(field).getByText("Camille Martin")).toBeVisible();
    expect(within(field).queryByText("Zoé Durand")).toBeNull();

    // Paul's pill has a remove button
    const paul = within(field).getByText("Paul Roux").closest(".mantine-Pill-root") as HTMLElement;
    await user.click(within(paul).getByRole("button", { hidden: true }));
    await user.click(within(form).getByRole("button", { name: "Enregistrer la campagne" }));
    await waitFor(() =>
      expect(callsOf(executeMutation, "UpdateCampaign")).toMatchObject([
        { id: "campaign-1", reviewerIds: ["user-1"], acceptedScopes: ["EVALUATION", "TRAINING"] },
      ]),
    );
  });

  it("lists the campaigns with their reviewers' names", async () => {
    render("/plateforme/campagnes", {
      Campaigns: {
        data: { campaigns: [campaignFixture({ reviewerIds: ["user-2", "user-1"], reviewers: [ZOE, CAMILLE] as never })] },
      },
    });
    const table = await screen.findByTestId("campaigns-table", {}, { timeout: LAZY_PAGE_TIMEOUT });
    expect(within(table).getByTestId("campaign-reviewers")).toHaveTextContent("Zoé Durand, Camille Martin");
  });
});
